from django.contrib import admin
from django.utils import timezone

from contacts.editing import term_relabelled

from .models import OutboundEmail, Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "code", "parent", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["label", "code"]

    def get_readonly_fields(self, request, obj=None):
        # Codes are what imports, exports and the shipped vocabulary match on: stable once made.
        return ["kind", "code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # contacts, events and profiles point at terms: retire one (not active)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "label" in form.changed_data:
            term_relabelled(term_id=obj.pk)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """What NetMed owes people by email, for staff to see what failed. Never the text: account
    emails carry sign-in links and mentorship ones a doctor's own message."""

    list_display = ["created_at", "kind", "to", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to"]
    fields = ["kind", "to", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    readonly_fields = fields
    actions = ["retry_now"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Try the selected emails again now")
    def retry_now(self, request, queryset):
        count = queryset.exclude(status=OutboundEmail.Status.SENT).update(
            status=OutboundEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(request, f"{count} emails will be tried again within a minute.")
