"""The 503 page for a database NetMed cannot reach: styled, with ``Retry-After``, and rendered
without touching the database (``handler500`` in ``netmed/urls.py`` calls it)."""

from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

# How long a browser or proxy is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30

# The PostgreSQL errors that mean "unreachable or overloaded, try again", by SQLSTATE: connection
# exceptions (08…), shutting down or starting up (57P…), too many connections (53300) and a
# statement cancelled by statement_timeout (57014). A connection that was never made (connect
# timeout, refused, pool timeout) or has been closed carries no SQLSTATE. Every other database
# error (a constraint, a bad query, a limit a query exceeds) is a bug: it keeps the 500 page.
UNAVAILABLE_SQLSTATES = ("08", "57P", "53300", "57014")

FALLBACK_PAGE = (
    "<!doctype html><title>NetMed is unavailable</title>"
    "<h1>NetMed is unavailable for a moment</h1><p>Please try again in a minute.</p>"
)


def database_unavailable(exc: BaseException | None) -> bool:
    """True when ``exc`` says the database could not be reached, not that a query was wrong."""
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(UNAVAILABLE_SQLSTATES)


def unavailable_response(request) -> HttpResponse:
    """The 503 page. Rendered with no request context: no context processor, user or session
    is looked up, so nothing reaches for the database that has just failed."""
    # The middleware on the way out asks whether the doctor is signed in; the lazy user would
    # try the database again (another connect timeout) for each of them.
    request.user = AnonymousUser()
    try:
        body = render_to_string("503.html")
    except Exception:  # noqa: BLE001 - the page of last resort must not fail itself
        body = FALLBACK_PAGE
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
