import functools
import time
import zoneinfo

from django.conf import settings
from django.db import connection
from django.middleware.gzip import GZipMiddleware
from django.utils import timezone
from django.utils.cache import add_never_cache_headers


class HealthCheckMiddleware:
    """Answers ``/healthz/live`` and ``/healthz/ready`` (and ``/healthz``) before anything else.

    A probe calls from inside the container or from the orchestrator, over plain HTTP to
    ``localhost`` or the pod's address: ahead of SecurityMiddleware and the ALLOWED_HOSTS check it
    gets its answer, not the HTTPS redirect or a 400 (the compose health check never passed). The
    answers are JSON about the service, the same for every host, with nothing from any account.
    """

    def __init__(self, get_response):
        from core import views

        self.get_response = get_response
        self.views = {
            "/healthz/live": views.healthz_live,
            "/healthz/ready": views.healthz_ready,
            "/healthz": views.healthz_ready,
        }

    def __call__(self, request):
        view = self.views.get(request.path_info)
        return view(request) if view else self.get_response(request)


class CompressedPagesMiddleware(GZipMiddleware):
    """Pages and JSON gzipped for browsers that accept it: a phone on slow 4G waited for 50-70 kB
    of uncompressed HTML (the contact list, the profile's time-zone choices) before it could paint
    (Lighthouse, docs/performance.md); gzipped it is a sixth of that.

    BREACH, the reason compressed HTML was once avoided, needs a secret repeated in every response
    beside text the attacker chooses: Django masks the CSRF token afresh in every response, and
    since Django 4.2 this middleware pads each gzipped response with up to 100 random bytes
    ("Heal the Breach"), so response sizes no longer spell out a secret. Only HTML and JSON are
    compressed here: static files come compressed from WhiteNoise, and DAV, calendar feeds and
    downloads keep their exact bytes and strong ETags (phones match ETags exactly).
    """

    COMPRESSED_TYPES = ("text/html", "application/json")

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(self.COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)


class ServerTimingMiddleware:
    """Adds ``Server-Timing: app;dur=<ms>`` so benchmarks read the server's own time.

    With ``SERVER_TIMING_QUERIES`` (on in development, or ``NETMED_BENCH=true``) it also counts the
    database queries and their time: ``app;dur=12.3;desc="app", db;dur=4.1;desc="7 queries"``.
    ``app`` stays first with its ``dur`` followed by ``;`` so simple parsers keep working.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.count_queries = getattr(settings, "SERVER_TIMING_QUERIES", settings.DEBUG)

    def __call__(self, request):
        started = time.perf_counter()
        if self.count_queries:
            counter = _QueryCounter()
            with connection.execute_wrapper(counter):
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        timing = f'app;dur={elapsed_ms:.1f};desc="app"'
        if self.count_queries:
            timing += f', db;dur={counter.seconds * 1000:.1f};desc="{counter.count} queries"'
        response["Server-Timing"] = timing
        return response


class _QueryCounter:
    """A ``connection.execute_wrapper`` that counts queries and adds up their time."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


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


def permissions_policy(overrides: dict[str, list[str]] | None = None) -> str:
    """The ``Permissions-Policy`` header: ``settings.PERMISSIONS_POLICY`` with ``overrides``."""
    policy = {**settings.PERMISSIONS_POLICY, **(overrides or {})}
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())


def allow_features(**features: list[str]):
    """A view that needs a browser feature the site switches off, for that page only:
    ``@allow_features(camera=["self"])`` (the card scanner). Every other page keeps it off."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.headers["Permissions-Policy"] = permissions_policy(features)
            return response

        return wrapped

    return decorate


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` (feature -> origins).

    An empty origin list switches the feature off for every page, including framed ones. A view
    that set its own (``allow_features``) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy()

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
