from django.contrib import admin

from .models import Collaborator, Introduction, Project, Publication, PublicationAuthor


class CollaboratorInline(admin.TabularInline):
    model = Collaborator
    raw_id_fields = ["contact"]
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "owner", "start_date"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "owner__email"]
    raw_id_fields = ["owner"]
    inlines = [CollaboratorInline]


class AuthorInline(admin.TabularInline):
    model = PublicationAuthor
    raw_id_fields = ["contact"]
    extra = 0


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "journal", "year", "owner"]
    search_fields = ["title", "doi", "owner__email"]
    raw_id_fields = ["owner", "project"]
    inlines = [AuthorInline]


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "introduced_on"]
    raw_id_fields = ["owner", "introducer", "introduced"]
