import time
import zoneinfo

from django.utils import timezone


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
