from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/download/", views.download_data, name="download_data"),
    path("privacy/delete/", views.delete_account, name="delete_account"),
    path("privacy/delete/cancel/", views.cancel_deletion, name="cancel_deletion"),
]
