from django.contrib import admin

from .models import Contact, Organisation


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "specialty", "last_interaction_at", "deleted_at"]
    list_filter = ["specialty", "career_stage", "deleted_at"]
    search_fields = ["given_name", "family_name", "preferred_name", "owner__email"]
    raw_id_fields = ["owner"]
    list_select_related = ["owner", "specialty"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "owner"]
    list_filter = ["kind"]
    search_fields = ["name", "city", "owner__email"]
