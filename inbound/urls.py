from django.urls import path

from . import views, webhooks

app_name = "inbound"
urlpatterns = [
    path("", views.message_list, name="list"),
    path("<uuid:pk>/add/", views.add_person, name="add_person"),
    path("address/regenerate/", views.regenerate, name="regenerate"),
    # Hosted inbound mail (Mailgun's route forwards here); public, signature-checked. A forward
    # URL ending in "mime" makes Mailgun post the raw message (body-mime), byte for byte.
    path("mailgun/mime/", webhooks.mailgun_inbound, name="mailgun"),
]
