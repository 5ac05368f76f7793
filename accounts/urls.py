from django.urls import path

from . import card_views, views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("card/", card_views.my_card, name="card"),
    path("card/qr.svg", card_views.card_qr, name="card_qr"),
    path("card/revoke/", card_views.card_revoke, name="card_revoke"),
    path("card/scan/", card_views.card_scan, name="card_scan"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/download/", views.download_data, name="download_data"),
    path("privacy/delete/", views.delete_account, name="delete_account"),
    path("privacy/delete/cancel/", views.cancel_deletion, name="cancel_deletion"),
]
