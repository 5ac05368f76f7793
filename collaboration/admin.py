from django.contrib import admin

from .edges import refresh_edges_for
from .models import Collaborator, Introduction, Project, Publication, PublicationAuthor


class CollaboratorInline(admin.TabularInline):
    model = Collaborator
    raw_id_fields = ["contact"]
    extra = 0


class KeepsEdges:
    """Saving or deleting here refreshes the network graph's edges of the people concerned
    (before and after the change), as ``collaboration.services`` does. ``people`` names them."""

    def people(self, obj) -> set:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        # Who was linked before the change, read from the saved row (the form has changed obj).
        stored = type(obj).objects.filter(pk=obj.pk).first() if change else None
        obj._edge_people_before = self.people(stored) if stored else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        people = getattr(form.instance, "_edge_people_before", set()) | self.people(form.instance)
        refresh_edges_for(form.instance.owner_id, people)

    def delete_model(self, request, obj):
        people = self.people(obj)
        super().delete_model(request, obj)
        refresh_edges_for(obj.owner_id, people)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Project)
class ProjectAdmin(KeepsEdges, admin.ModelAdmin):
    list_display = ["title", "kind", "status", "owner", "start_date"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "owner__email"]
    raw_id_fields = ["owner"]
    inlines = [CollaboratorInline]

    def people(self, obj) -> set:
        return set(obj.memberships.values_list("contact_id", flat=True))


class AuthorInline(admin.TabularInline):
    model = PublicationAuthor
    raw_id_fields = ["contact"]
    extra = 0


@admin.register(Publication)
class PublicationAdmin(KeepsEdges, admin.ModelAdmin):
    list_display = ["title", "journal", "year", "owner"]
    search_fields = ["title", "doi", "owner__email"]
    raw_id_fields = ["owner", "project"]
    inlines = [AuthorInline]

    def people(self, obj) -> set:
        return set(obj.authors.filter(contact__isnull=False).values_list("contact_id", flat=True))


@admin.register(Introduction)
class IntroductionAdmin(KeepsEdges, admin.ModelAdmin):
    list_display = ["__str__", "owner", "introduced_on"]
    raw_id_fields = ["owner", "introducer", "introduced"]

    def people(self, obj) -> set:
        return {obj.introducer_id, obj.introduced_id}
