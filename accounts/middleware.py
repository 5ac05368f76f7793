from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse


class StaffTwoFactorMiddleware:
    """Staff reach the Django admin only once they have an authenticator app (TOTP) set up.

    Staff can change any doctor's account from the admin, so a stolen password alone must not
    be enough. With TOTP set up, allauth asks for a code at every login (the admin's login is
    allauth's: see ``netmed/urls.py``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and request.path.startswith(reverse("admin:index"))
            and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
        ):
            messages.warning(
                request, "Set up an authenticator app before using the admin: staff need two steps."
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
