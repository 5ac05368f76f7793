"""The events team's admin: staff curate the published calendar and review suggestions.

Staff see only the events they made (no owner) and suggestions awaiting review
(``EventQuerySet.for_staff``): a doctor's other private events, their attendances, the people
they met and their calendar-feed tokens are theirs alone, and are not in the admin at all (a
feed can be revoked here without its token ever being shown). Every write goes through
``events.services``, as the app's do.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.zones import zone_choices

from . import exporting, importing, services
from .forms import EventAdminForm
from .models import CalendarFeed, Event, EventImport, EventSeries, SuggestedEvent


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="A .csv (see the columns below), an .ics calendar file, or an email (.eml) "
        "with a calendar invitation in it."
    )
    timezone = forms.ChoiceField(
        required=False,
        choices=[("", "— the file must say —")],
        help_text="For calendar times that name no time zone. Left empty, such events are "
        "reported, not guessed.",
    )
    publish = forms.BooleanField(required=False, help_text="Publish the imported events now.")
    dry_run = forms.BooleanField(
        required=False, initial=True, help_text="Check the file and report, without saving."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [("", "— the file must say —"), *zone_choices()]


@admin.action(description="Publish selected events (approves suggestions)", permissions=["change"])
def publish(modeladmin, request, queryset):
    count = services.publish_events(queryset)
    modeladmin.message_user(request, f"{count} events published.", messages.SUCCESS)


@admin.action(description="Unpublish selected events", permissions=["change"])
def unpublish(modeladmin, request, queryset):
    count = services.unpublish_events(queryset)
    modeladmin.message_user(request, f"{count} events unpublished.", messages.SUCCESS)


class DeclineForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
        help_text="Why it is not published. The doctor sees this on the event's page and by email.",
    )


@admin.action(
    description="Decline selected suggestions, with a note to the doctor", permissions=["change"]
)
def decline(modeladmin, request, queryset):
    """A page asking for the note first; its form posts back to this action with ``note``."""
    suggestions = queryset.pending_moderation()
    form = DeclineForm(request.POST if "note" in request.POST else None)
    if form.is_valid():
        count = services.decline_suggestions(suggestions, note=form.cleaned_data["note"])
        modeladmin.message_user(
            request, f"{count} suggestions declined; the doctors are told why.", messages.SUCCESS
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": "Decline suggestions",
        "form": form,
        "suggestions": suggestions.select_related("owner"),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/events/decline.html", context)


@admin.action(description="Copy selected events to next year (same series)", permissions=["add"])
def copy_to_next_year(modeladmin, request, queryset):
    copies = services.copy_to_next_year(queryset)
    modeladmin.message_user(
        request,
        f"{len(copies)} events copied to next year, unpublished: check their dates, then publish.",
        messages.SUCCESS,
    )


@admin.action(
    description="Export selected events as CSV (the import's columns)", permissions=["view"]
)
def export_csv(modeladmin, request, queryset):
    response = HttpResponse(exporting.events_csv(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="netmed-events.csv"'
    return response


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "organiser", "event_count"]
    search_fields = ["name", "organiser"]

    def get_queryset(self, request):
        # Doctors' private events may name a series too: they are not staff's to count.
        staff_events = Q(events__in=Event.objects.for_staff())
        return (
            super().get_queryset(request).annotate(event_count=Count("events", filter=staff_events))
        )

    @admin.display(ordering="event_count")
    def event_count(self, obj):
        return obj.event_count


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "city", "state", "published", "owner"]
    list_filter = ["published", "kind", "state", "all_day", "moderation_status", "specialties"]
    list_select_related = ["kind", "owner"]
    form = EventAdminForm
    search_fields = [
        "title",
        "theme",
        "organiser",
        "organiser_term__label",
        "organiser_term__code",
        "city",
        "venue",
        "series__name",
    ]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["series"]
    filter_horizontal = ["specialties"]
    readonly_fields = [
        "owner",
        "suggested_by",
        "moderation_status",
        "moderation_note",
        "moderated_at",
        "sequence",
        "import_uid",
        "created_at",
        "updated_at",
    ]
    actions = [publish, unpublish, decline, copy_to_next_year, export_csv]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "kind",
                    "series",
                    "theme",
                    "organiser_term",
                    "organiser",
                    "specialties",
                ]
            },
        ),
        ("When", {"fields": ["starts_at", "ends_at", "timezone", "all_day"]}),
        ("Where", {"fields": ["venue", "city", "state", "country", "online_url", "website"]}),
        ("Details", {"fields": ["description", "cost_note"]}),
        (
            "CPD hours",
            {"fields": ["cpd_educational", "cpd_reviewing_performance", "cpd_measuring_outcomes"]},
        ),
        (
            "Deadlines",
            {"fields": ["early_bird_deadline", "registration_deadline", "abstract_deadline"]},
        ),
        (
            "Publication",
            {
                "fields": [
                    "published",
                    "owner",
                    "suggested_by",
                    "moderation_status",
                    "moderation_note",
                    "moderated_at",
                    "sequence",
                    "import_uid",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_staff()

    def get_readonly_fields(self, request, obj=None):
        # A suggestion is published by the action (which also clears its owner), never by
        # ticking the box: a published event with an owner is refused by the database.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "published"] if obj is not None and obj.owner_id else fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.has_changed():
            services.bump_sequence(ids=[obj.pk])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.store_specialty_ids([form.instance.pk])

    def delete_model(self, request, obj):
        # People met there lose the "same event" links in their doctors' network pictures.
        services.delete_event(event=obj)

    def delete_queryset(self, request, queryset):
        for event in queryset:
            services.delete_event(event=event)

    def get_urls(self):
        if self.model is not Event:
            return super().get_urls()
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="events_event_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            job = importing.receive_import(
                staff_user=request.user,
                filename=upload.name or "",
                data=upload.read(),
                publish=form.cleaned_data["publish"],
                dry_run=form.cleaned_data["dry_run"],
                timezone=form.cleaned_data["timezone"],
            )
            return redirect(f"{reverse('admin:events_event_import')}?job={job.pk}")
        job = None
        if job_id := request.GET.get("job"):
            try:
                job = EventImport.objects.defer("source").filter(pk=job_id).first()
            except ValidationError:  # not a UUID
                job = None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import events",
            "form": form,
            "job": job,
            "recent": EventImport.objects.select_related("created_by").defer("source", "result")[
                :10
            ],
            "columns": importing.__doc__,
            "changelist_url": reverse("admin:events_event_changelist"),
        }
        return TemplateResponse(request, "admin/events/import.html", context)


@admin.register(SuggestedEvent)
class SuggestedEventAdmin(EventAdmin):
    list_display = ["title", "kind", "starts_at", "city", "suggested_by", "moderation_status"]
    list_filter = ["kind", "state"]
    actions = [publish, decline]

    def get_queryset(self, request):
        return super().get_queryset(request).pending_moderation()

    def has_add_permission(self, request):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Who has a calendar subscription, so staff can revoke one (delete it) when a doctor asks.
    Never the token: it is the key to the doctor's private calendar."""

    list_display = ["owner", "created_at"]
    list_select_related = ["owner"]
    search_fields = ["owner__email"]
    fields = ["owner", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
