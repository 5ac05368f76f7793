from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.zones import zone_choices

from . import importing, services
from .models import Attendance, CalendarFeed, Event, EventSeries, PersonMet, SuggestedEvent


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


@admin.action(description="Publish selected events (approves suggestions)")
def publish(modeladmin, request, queryset):
    count = services.publish_events(queryset)
    modeladmin.message_user(request, f"{count} events published.", messages.SUCCESS)


@admin.action(description="Unpublish selected events")
def unpublish(modeladmin, request, queryset):
    count = services.unpublish_events(queryset.filter(owner__isnull=True))
    modeladmin.message_user(request, f"{count} events unpublished.", messages.SUCCESS)


@admin.action(description="Decline selected suggestions (they stay private)")
def reject(modeladmin, request, queryset):
    count = services.reject_suggestions(queryset)
    modeladmin.message_user(request, f"{count} suggestions declined.", messages.SUCCESS)


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "organiser", "event_count"]
    search_fields = ["name", "organiser"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(ordering="event_count")
    def event_count(self, obj):
        return obj.event_count


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "city", "state", "published", "owner"]
    list_filter = ["published", "kind", "state", "all_day", "moderation_status", "specialties"]
    list_select_related = ["kind", "owner"]
    search_fields = ["title", "theme", "organiser", "city", "venue", "series__name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["series"]
    filter_horizontal = ["specialties"]
    raw_id_fields = ["owner", "suggested_by"]
    readonly_fields = ["sequence", "import_uid", "created_at", "updated_at"]
    actions = [publish, unpublish, reject]
    fieldsets = [
        (None, {"fields": ["title", "kind", "series", "theme", "organiser", "specialties"]}),
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
                    "sequence",
                    "import_uid",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.has_changed():
            services.bump_sequence(ids=[obj.pk])

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
        result = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            result = importing.import_events(
                upload.read(),
                filename=upload.name,
                publish=form.cleaned_data["publish"],
                dry_run=form.cleaned_data["dry_run"],
                timezone=form.cleaned_data["timezone"],
            )
            level = messages.WARNING if result.rejected else messages.SUCCESS
            self.message_user(request, result.summary, level)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import events",
            "form": form,
            "result": result,
            "columns": importing.__doc__,
            "changelist_url": reverse("admin:events_event_changelist"),
        }
        return TemplateResponse(request, "admin/events/import.html", context)


@admin.register(SuggestedEvent)
class SuggestedEventAdmin(EventAdmin):
    list_display = ["title", "kind", "starts_at", "city", "suggested_by", "moderation_status"]
    list_filter = ["kind", "state"]
    actions = [publish, reject]

    def get_queryset(self, request):
        return super().get_queryset(request).pending_moderation()

    def has_add_permission(self, request):
        return False


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["event", "owner", "status", "role"]
    list_filter = ["status", "role"]
    list_select_related = ["event", "owner"]
    search_fields = ["event__title", "owner__email"]
    raw_id_fields = ["event"]


@admin.register(PersonMet)
class PersonMetAdmin(admin.ModelAdmin):
    list_display = ["event", "contact", "owner"]
    list_select_related = ["event", "contact", "owner"]
    raw_id_fields = ["event", "attendance", "contact", "interaction"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["owner", "created_at"]
    list_select_related = ["owner"]
    readonly_fields = ["token"]
