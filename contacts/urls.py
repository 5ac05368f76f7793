from django.urls import path

from . import views

app_name = "contacts"
urlpatterns = [
    path("", views.contact_list, name="list"),
    path("new/", views.contact_create, name="create"),
    path("trash/", views.trash_list, name="trash"),
    path("trash/restore/", views.trash_restore, name="trash_restore"),
    path("trash/delete/", views.trash_delete_forever, name="trash_delete"),
    path("<uuid:pk>/", views.contact_detail, name="detail"),
    path("<uuid:pk>/edit/", views.contact_edit, name="edit"),
    path("<uuid:pk>/timeline/", views.contact_timeline, name="timeline"),
    path("<uuid:pk>/trash/", views.contact_trash, name="move_to_trash"),
    path("<uuid:pk>/interactions/", views.interaction_add, name="interaction_add"),
    path("interactions/<uuid:pk>/", views.interaction_edit, name="interaction_edit"),
    path("interactions/<uuid:pk>/delete/", views.interaction_delete, name="interaction_delete"),
]
