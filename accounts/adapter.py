from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """A doctor who signs in during the deletion grace period is offered to cancel it."""
        if getattr(request.user, "deletion_requested_at", None):
            messages.warning(
                request, "Your account is due to be deleted. You can still cancel that below."
            )
            return reverse("accounts:privacy")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        """Account emails speak as NetMed: allauth's stock text named the request's host
        ("Hello from 127.0.0.1:8000!"), since NetMed runs no sites framework."""
        context = {**context, "site_name": "NetMed", "site_url": settings.SITE_URL}
        return super().send_mail(template_prefix, email, context)
