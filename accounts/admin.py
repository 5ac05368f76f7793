from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "specialty", "is_staff", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "digest_frequency"]
    search_fields = ["email", "display_name", "workplace"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Profile",
            {
                "fields": [
                    "display_name",
                    "career_stage",
                    "specialty",
                    "workplace",
                    "city",
                    "state",
                    "country",
                    "qualification_country",
                    "timezone",
                ]
            },
        ),
        (
            "Digest",
            {"fields": ["digest_frequency", "digest_weekday", "digest_hour", "digest_when_empty"]},
        ),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
