import time
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.cache import add_never_cache_headers


class ServerTimingMiddleware:
    """Adds ``Server-Timing: app;dur=<ms>`` so benchmarks read the server's own time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        return response


class UserTimezoneMiddleware:
    """Show times in the doctor's own timezone (a profile setting), else the site default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        tz = getattr(user, "timezone", None) if user and user.is_authenticated else None
        if tz:
            timezone.activate(
                tz if isinstance(tz, zoneinfo.ZoneInfo) else zoneinfo.ZoneInfo(str(tz))
            )
        else:
            timezone.deactivate()
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` (feature -> origins).

    An empty origin list switches the feature off for every page, including framed ones.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class PrivatePagesNoStoreMiddleware:
    """Signed-in pages carry notes about named colleagues: browsers and proxies must not keep them.

    Every response to a signed-in doctor gets ``Cache-Control: no-store`` (with ``private``), so
    the back button on a shared computer after logging out does not show them again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
