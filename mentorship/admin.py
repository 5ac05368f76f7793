"""Support staff's view of mentorships, the directory and referees (the admin is staff-only and
needs TOTP, see docs/security.md): searchable and filterable, owners shown.

Meeting notes are read-mostly, and a private note's text is never shown here at all, in a list or
on its page. A private note is the writer's promise to themselves that not even the other member of
the mentorship will read it; staff are no exception. Staff see who wrote it, when, and on which
meeting, so they can answer a support request or delete it (e.g. a deletion request), but never
what it says. Lists show no free text for the same reason: a search or a page of results must not
turn into a way of reading doctors' notes.
"""

from django.contrib import admin

from . import models


class GoalInline(admin.TabularInline):
    model = models.Goal
    extra = 0
    fields = ["title", "status", "target_date"]


class OpportunityInline(admin.TabularInline):
    model = models.Opportunity
    extra = 0
    fields = ["kind", "title", "opened_on", "outcome"]


@admin.register(models.Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "member", "side", "status", "started_on", "ended_on"]
    list_filter = ["status", "side", "preferred_channel", "focus_areas"]
    search_fields = ["owner__email", "owner__display_name", "member__email", "contact__family_name"]
    list_select_related = ["owner", "member", "contact"]
    readonly_fields = ["owner", "member", "contact", "member_contact", "created_at", "updated_at"]
    filter_horizontal = ["focus_areas"]
    inlines = [GoalInline, OpportunityInline]
    date_hierarchy = "proposed_on"
    show_full_result_count = False


class PartAdmin(admin.ModelAdmin):
    """A part of a mentorship: found by either member's email, listed with its mentorship."""

    search_fields = ["mentorship__owner__email", "mentorship__member__email"]
    list_select_related = ["mentorship__owner", "mentorship__member", "mentorship__contact"]
    readonly_fields = ["mentorship"]
    show_full_result_count = False


@admin.register(models.Meeting)
class MeetingAdmin(PartAdmin):
    list_display = ["__str__", "mentorship", "created_by", "created_at"]
    list_select_related = [*PartAdmin.list_select_related, "created_by"]
    readonly_fields = ["mentorship", "created_by", "created_at"]
    date_hierarchy = "held_on"


@admin.register(models.MeetingNote)
class MeetingNoteAdmin(admin.ModelAdmin):
    """Read-mostly: nothing can be added or changed; a note can be looked at (never a private
    one's text, see the module docstring) and deleted."""

    list_display = ["meeting", "author", "private", "created_at"]
    list_filter = ["private"]
    # No "text" here: searching it would reveal what private notes say.
    search_fields = ["author__email", "author__display_name"]
    list_select_related = ["meeting", "author"]
    fields = ["meeting", "author", "private", "created_at", "shown_text"]
    readonly_fields = fields

    @admin.display(description="Text")
    def shown_text(self, note: models.MeetingNote) -> str:
        if note.private:
            return "Private to its writer: not shown, even to staff."
        return note.text

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Goal)
class GoalAdmin(PartAdmin):
    list_display = ["title", "mentorship", "status", "target_date"]
    list_filter = ["status"]
    search_fields = ["title", *PartAdmin.search_fields]


@admin.register(models.ActionItem)
class ActionItemAdmin(PartAdmin):
    list_display = ["title", "mentorship", "assignee", "due_on", "done_on"]
    list_filter = [("done_on", admin.EmptyFieldListFilter), "due_on"]
    search_fields = ["title", *PartAdmin.search_fields]
    list_select_related = [*PartAdmin.list_select_related, "assignee"]
    readonly_fields = ["mentorship", "meeting", "assignee"]


@admin.register(models.Opportunity)
class OpportunityAdmin(PartAdmin):
    list_display = ["title", "kind", "outcome", "opened_on", "mentorship"]
    list_filter = ["kind", "outcome"]
    search_fields = ["title", *PartAdmin.search_fields]


@admin.register(models.MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ["owner", "headline", "format", "state", "capacity", "mentees", "published"]
    list_filter = ["published", "format", "state", "focus_areas", "career_stages"]
    search_fields = ["owner__email", "owner__display_name", "headline", "city"]
    list_select_related = ["owner"]
    readonly_fields = ["owner", "created_at", "updated_at"]
    filter_horizontal = ["specialties", "focus_areas", "career_stages"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_mentees()

    @admin.display(description="mentees now", ordering="mentees")
    def mentees(self, profile: models.MentorProfile) -> int:
        return profile.mentees


@admin.register(models.MentorRequest)
class MentorRequestAdmin(admin.ModelAdmin):
    # The message is between the two doctors: not in the list.
    list_display = ["owner", "mentor", "status", "created_at", "responded_at"]
    list_filter = ["status"]
    search_fields = ["owner__email", "mentor__email"]
    list_select_related = ["owner", "mentor"]
    readonly_fields = ["owner", "mentor", "mentorship", "responded_at", "created_at"]
    date_hierarchy = "created_at"


@admin.register(models.MentorBlock)
class MentorBlockAdmin(admin.ModelAdmin):
    list_display = ["owner", "blocked", "created_at"]
    search_fields = ["owner__email", "blocked__email"]
    list_select_related = ["owner", "blocked"]
    readonly_fields = ["owner", "blocked"]


class RefereeAskInline(admin.TabularInline):
    model = models.RefereeAsk
    extra = 0


@admin.register(models.Referee)
class RefereeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "agreed_on", "active"]
    list_filter = ["active"]
    search_fields = ["owner__email", "contact__family_name", "contact__given_name"]
    list_select_related = ["owner", "contact"]
    readonly_fields = ["owner", "contact"]
    inlines = [RefereeAskInline]
