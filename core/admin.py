from django.contrib import admin

from .models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "code", "parent", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["label", "code"]
