from django.urls import path

from . import views

app_name = "cpd"
urlpatterns = [
    path("", views.year_page, name="index"),
    path("<int:year>/", views.year_page, name="year"),
    path("<int:year>/print/", views.year_print, name="print"),
    path("<int:year>/export.csv", views.year_export, name="export"),
    path("<int:year>/plan/", views.plan_save, name="plan_save"),
    path("<int:year>/goals/", views.goal_add, name="goal_add"),
    path("goals/<uuid:pk>/toggle/", views.goal_toggle, name="goal_toggle"),
    path("goals/<uuid:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("entries/new/", views.entry_create, name="entry_create"),
    path("entries/<uuid:pk>/", views.entry_edit, name="entry_edit"),
    path("entries/<uuid:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("entries/<uuid:pk>/evidence/", views.entry_evidence, name="entry_evidence"),
    path("memberships/", views.memberships, name="memberships"),
    path("memberships/roles/", views.role_add, name="role_add"),
    path("memberships/<uuid:pk>/delete/", views.membership_delete, name="membership_delete"),
    path("roles/<uuid:pk>/delete/", views.role_delete, name="role_delete"),
]
