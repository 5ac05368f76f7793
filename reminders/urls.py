from django.urls import path

from . import email_views, views

app_name = "reminders"
urlpatterns = [
    path("", views.reminder_list, name="list"),
    path("follow-ups/new/", views.follow_up_create, name="follow_up_create"),
    path("follow-ups/<uuid:pk>/", views.follow_up_edit, name="follow_up_edit"),
    path("follow-ups/<uuid:pk>/delete/", views.follow_up_delete, name="follow_up_delete"),
    path("items/done/", views.item_done, name="item_done"),
    path("items/snooze/", views.item_snooze, name="item_snooze"),
    path("keep-in-touch/", views.cadence_list, name="cadence_list"),
    path("keep-in-touch/<uuid:pk>/delete/", views.cadence_delete, name="cadence_delete"),
    path("digest/preview/", views.digest_preview, name="digest_preview"),
    path("email/open/<str:token>/", email_views.email_open, name="email_open"),
    path(
        "email/done/<str:token>/",
        email_views.email_action,
        {"purpose": "done"},
        name="email_done",
    ),
    path(
        "email/snooze/<str:token>/",
        email_views.email_action,
        {"purpose": "snooze"},
        name="email_snooze",
    ),
    path(
        "email/unsubscribe/<str:token>/",
        email_views.email_unsubscribe,
        name="email_unsubscribe",
    ),
]
