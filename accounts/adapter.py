from allauth.account.adapter import DefaultAccountAdapter
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
