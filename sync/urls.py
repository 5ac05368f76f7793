from django.urls import path, re_path

from . import views

app_name = "sync"
urlpatterns = [
    path("accounts/app-passwords/", views.app_password_create, name="app_password_create"),
    path(
        "accounts/app-passwords/<uuid:pk>/revoke/",
        views.app_password_revoke,
        name="app_password_revoke",
    ),
    # With or without the trailing slash: vdirsyncer, for one, adds it.
    re_path(r"^\.well-known/carddav/?$", views.well_known, name="well_known_carddav"),
    re_path(r"^\.well-known/caldav/?$", views.well_known, name="well_known_caldav"),
    path("dav/", views.dav_view, name="dav_root"),
    re_path(r"^dav/(?P<rest>.+)$", views.dav_view, name="dav"),
]
