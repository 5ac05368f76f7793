from django.contrib import admin

from .models import DigestRecord, DispatcherRun


@admin.register(DigestRecord)
class DigestRecordAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "period_key",
        "status",
        "attempts",
        "claimed_at",
        "sent_at",
        "item_count",
    ]
    list_filter = ["status"]
    search_fields = ["user__email", "period_key"]
    date_hierarchy = "claimed_at"
    list_select_related = ["user"]
    readonly_fields = [f.name for f in DigestRecord._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(DispatcherRun)
class DispatcherRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "as_of",
        "candidates",
        "claimed",
        "sent",
        "skipped",
        "failed",
        "finished_at",
    ]
    readonly_fields = [f.name for f in DispatcherRun._meta.fields]
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False
