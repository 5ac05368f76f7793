import time

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
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


SIGNED_IN_AT = "netmed_signed_in_at"
SEEN_AT = "netmed_seen_at"
# The last-seen time is written at most this often, so a busy doctor's requests do not each
# save the session.
SEEN_RESOLUTION = 60


def session_limits(request) -> tuple[int, int]:
    """(idle timeout, absolute lifetime) in seconds for this signed-in session."""
    if request.user.is_staff:
        return settings.STAFF_SESSION_IDLE_TIMEOUT, settings.STAFF_SESSION_MAX_AGE
    if request.session.get_expire_at_browser_close():
        return settings.SESSION_IDLE_TIMEOUT, settings.SESSION_MAX_AGE
    return settings.SESSION_IDLE_TIMEOUT, settings.SESSION_MAX_AGE_REMEMBERED


def start_session_clock(sender, request, user, **kwargs) -> None:
    """On sign-in (Django's ``user_logged_in``): the idle and absolute clocks start now."""
    request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """Signs a session out after an idle timeout or an absolute lifetime (ASVS 5.0 7.3.1, 7.3.2).

    The limits come from settings (``NETMED_SESSION_*``); a session without "Remember me" gets the
    shorter lifetime, staff the shortest. The clocks start at sign-in (``start_session_clock``),
    or at the first request of a session that predates this middleware.
    Placed after MessageMiddleware so it can say why; LoginRequiredMiddleware (a view hook)
    then sends the now-anonymous visitor to sign in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request, now=int(time.time()))
        return self.get_response(request)

    def _check(self, request, *, now: int) -> None:
        session = request.session
        idle, lifetime = session_limits(request)
        signed_in_at = session.get(SIGNED_IN_AT)
        seen_at = session.get(SEEN_AT, now)
        if signed_in_at is None:
            session[SIGNED_IN_AT] = session[SEEN_AT] = now
        elif now - seen_at > idle or now - signed_in_at > lifetime:
            logout(request)
            messages.info(request, "You were signed out to keep your account safe. Sign in again.")
        elif now - seen_at >= SEEN_RESOLUTION:
            session[SEEN_AT] = now
