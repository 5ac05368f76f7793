"""Support staff's view of accounts: who has confirmed their email, set up MFA or asked to be
deleted, found by career stage and specialty."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, OuterRef

from .models import User


class YesNoFilter(admin.SimpleListFilter):
    """Filters on a yes/no annotation that ``UserAdmin.get_queryset`` adds."""

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{self.parameter_name: self.value() == "yes"})
        return queryset


class VerifiedEmailFilter(YesNoFilter):
    title = "email verified"
    parameter_name = "email_verified"


class MFAFilter(YesNoFilter):
    title = "two-factor authentication"
    parameter_name = "has_mfa"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "display_name",
        "career_stage",
        "specialty",
        "email_verified",
        "has_mfa",
        "deletion_requested_at",
        "is_staff",
        "date_joined",
    ]
    list_select_related = ["career_stage", "specialty"]
    list_filter = [
        VerifiedEmailFilter,
        MFAFilter,
        ("deletion_requested_at", admin.EmptyFieldListFilter),
        ("career_stage", admin.RelatedOnlyFieldListFilter),
        ("specialty", admin.RelatedOnlyFieldListFilter),
        "is_staff",
        "is_superuser",
        "is_active",
        "digest_frequency",
    ]
    search_fields = ["email", "display_name", "workplace"]
    readonly_fields = ["deletion_requested_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Profile",
            {
                "fields": [
                    "display_name",
                    "career_stage",
                    "specialty",
                    "college",
                    "workplace",
                    "city",
                    "state",
                    "country",
                    "qualification_country",
                    "img_pathway",
                    "timezone",
                ]
            },
        ),
        (
            "Digest",
            {"fields": ["digest_frequency", "digest_weekday", "digest_hour", "digest_when_empty"]},
        ),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "deletion_requested_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def get_queryset(self, request):
        # Two EXISTS subqueries in the list's one query, not a query per row.
        verified = EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=OuterRef("email"))
        mfa = Authenticator.objects.filter(user=OuterRef("pk")).exclude(
            type=Authenticator.Type.RECOVERY_CODES
        )
        return (
            super()
            .get_queryset(request)
            .annotate(email_verified=Exists(verified.filter(verified=True)), has_mfa=Exists(mfa))
        )

    @admin.display(description="email verified", boolean=True, ordering="email_verified")
    def email_verified(self, user) -> bool:
        return user.email_verified

    @admin.display(description="MFA", boolean=True, ordering="has_mfa")
    def has_mfa(self, user) -> bool:
        return user.has_mfa
