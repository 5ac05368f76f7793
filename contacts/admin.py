"""Support staff's view of contacts and organisations: searchable, filterable, owner shown.

What the doctor wrote about a colleague (a contact's notes and how they met, an interaction's
note) is theirs alone: not shown here, not searchable, not editable. Every write goes through the
services the app uses (``contacts.editing``, ``contacts.services``, ``contacts.interactions``), so
search vectors, due dates, the change history and the dashboard's cache stay right.
"""

from django.contrib import admin
from django.contrib.admin import widgets
from django.db.models import F

from . import editing, organisation_counts, services
from .interactions import (
    delete_interaction,
    refresh_last_interaction,
    refresh_links,
    store_people,
)
from .models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    Interaction,
    Organisation,
    Position,
    Tag,
)


class EmailInline(admin.TabularInline):
    model = ContactEmail
    extra = 0


class PhoneInline(admin.TabularInline):
    model = ContactPhone
    extra = 0


class LinkInline(admin.TabularInline):
    model = ContactLink
    extra = 0


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    raw_id_fields = ["organisation"]


class InTrashFilter(admin.SimpleListFilter):
    title = "in the Trash"
    parameter_name = "trash"

    def lookups(self, request, model_admin):
        return [("yes", "In the Trash"), ("no", "Not in the Trash")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.in_trash()
        if self.value() == "no":
            return queryset.alive()
        return queryset


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "owner",
        "specialty",
        "career_stage",
        "city",
        "last_interaction_at",
        "deleted_at",
    ]
    list_filter = [InTrashFilter, "specialty", "career_stage", "country", "closeness"]
    search_fields = [
        "given_name",
        "family_name",
        "preferred_name",
        "owner__email",
        "emails__email",
        "phones__number",
    ]
    exclude = ["notes", "how_we_met"]
    readonly_fields = ["owner", "last_interaction_at", "created_at", "updated_at"]
    list_select_related = ["owner", "specialty", "career_stage"]
    filter_horizontal = ["tags", "relationship_kinds"]
    inlines = [EmailInline, PhoneInline, LinkInline, PositionInline]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False  # a contact belongs to a doctor's network; doctors add them

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "tags" in form.base_fields:
            # The contact's owner's tags only: not every doctor's tag names, nor a way to put
            # one doctor's tag on another's contact.
            form.base_fields["tags"].queryset = Tag.objects.filter(owner_id=obj.owner_id)
        return form

    def save_model(self, request, obj, form, change):
        # A form the doctor has open on this contact must now refuse to overwrite staff's
        # change, as it would another tab's (contacts.editing.save_contact).
        obj.version = F("version") + 1
        obj._change_reason = "Changed by NetMed support"
        super().save_model(request, obj, form, change)
        obj.refresh_from_db(fields=["version"])

    def save_related(self, request, form, formsets, change):
        # The positions inline may move or delete a position: its organisation is counted again.
        worked_at = organisation_counts.organisations_of([form.instance.pk])
        super().save_related(request, form, formsets, change)
        editing.refresh_derived(contacts=[form.instance], worked_at=worked_at)

    def delete_model(self, request, obj):
        services.delete_for_staff(contacts=Contact.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_for_staff(contacts=queryset)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "state", "country", "owner"]
    list_filter = ["kind", "country", "state"]
    search_fields = ["name", "city", "owner__email"]
    list_select_related = ["owner"]
    readonly_fields = ["owner", "created_at", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False  # each doctor names their own organisations

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            editing.organisation_changed(organisation=obj)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "owner"]
    search_fields = ["name", "owner__email"]
    list_select_related = ["owner"]
    readonly_fields = ["owner"]

    def has_add_permission(self, request) -> bool:
        return False  # each doctor makes their own tags

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            editing.tags_changed(tag_ids=[obj.pk])

    def delete_model(self, request, obj):
        editing.delete_tags(tags=Tag.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        editing.delete_tags(tags=queryset)


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "kind", "occurred_on", "place"]
    list_filter = ["kind", "occurred_on"]
    search_fields = ["place", "owner__email", "contacts__family_name"]
    list_select_related = ["owner", "kind"]
    raw_id_fields = ["contacts"]
    exclude = ["note"]
    date_hierarchy = "occurred_on"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # The admin leaves out a many-to-many with a link model of its own. This one's links
        # need no form of their own: the date on them is written by store_people
        # (save_related, below), so the people stay editable as before.
        if db_field.name != "contacts":
            return super().formfield_for_manytomany(db_field, request, **kwargs)
        using = kwargs.get("using")
        kwargs.setdefault(
            "widget",
            widgets.ManyToManyRawIdWidget(db_field.remote_field, self.admin_site, using=using),
        )
        if "queryset" not in kwargs:  # as the admin's own method gives it
            queryset = self.get_field_queryset(using, db_field, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return db_field.formfield(**kwargs)

    def save_related(self, request, form, formsets, change):
        # Whoever was there before the edit and whoever is there now may have a new "last
        # contacted" (and so a new keep-in-touch date), as contacts.interactions would give.
        interaction = form.instance
        before = set(interaction.contacts.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        store_people([interaction.pk])
        after = set(interaction.contacts.values_list("pk", flat=True))
        refresh_links(interaction.owner_id, [before, after])
        refresh_last_interaction(before | after)

    def delete_model(self, request, obj):
        delete_interaction(obj)

    def delete_queryset(self, request, queryset):
        for interaction in queryset:
            delete_interaction(interaction)
