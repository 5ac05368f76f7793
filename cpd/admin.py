from django.contrib import admin

from .models import CommitteeRole, CpdEntry, CpdPlan, Membership


@admin.register(CpdEntry)
class CpdEntryAdmin(admin.ModelAdmin):
    list_display = ["activity", "date", "owner"]
    list_select_related = ["owner"]
    search_fields = ["activity", "owner__email"]
    date_hierarchy = "date"


@admin.register(CpdPlan)
class CpdPlanAdmin(admin.ModelAdmin):
    list_display = ["year", "owner"]
    list_select_related = ["owner"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation_name", "kind", "renewal_date", "owner"]
    list_filter = ["kind"]
    list_select_related = ["owner", "organisation_term"]


@admin.register(CommitteeRole)
class CommitteeRoleAdmin(admin.ModelAdmin):
    list_display = ["committee", "role", "end_date", "owner"]
    list_select_related = ["owner"]
