from django.urls import path

from . import views

app_name = "collaboration"
urlpatterns = [
    path("", views.index, name="index"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<uuid:pk>/", views.project_detail, name="project_detail"),
    path("projects/<uuid:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<uuid:pk>/delete/", views.project_delete, name="project_delete"),
    path("projects/<uuid:pk>/collaborators/", views.collaborator_add, name="collaborator_add"),
    path("collaborators/<uuid:pk>/remove/", views.collaborator_remove, name="collaborator_remove"),
    path("projects/<uuid:pk>/presentations/", views.presentation_add, name="presentation_add"),
    path("presentations/<uuid:pk>/edit/", views.presentation_edit, name="presentation_edit"),
    path("presentations/<uuid:pk>/delete/", views.presentation_delete, name="presentation_delete"),
    path("publications/", views.publication_list, name="publication_list"),
    path("publications/import/", views.publication_import, name="publication_import"),
    path("publications/import/<uuid:pk>/", views.publication_preview, name="publication_preview"),
    path(
        "publications/import/<uuid:pk>/confirm/",
        views.publication_confirm,
        name="publication_confirm",
    ),
    path("introductions/", views.introduction_list, name="introduction_list"),
    path("introductions/<uuid:pk>/delete/", views.introduction_delete, name="introduction_delete"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<uuid:pk>/", views.organisation_detail, name="organisation_detail"),
    path("graph/", views.graph, name="graph"),
    path("graph/data/", views.graph_data, name="graph_data"),
    path("graph/list/", views.graph_list, name="graph_list"),
]
