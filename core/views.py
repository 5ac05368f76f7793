import datetime as dt
import json
import sys
from functools import wraps

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection, transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from netmed.celery import app as celery_app

from .unavailable import database_unavailable, unavailable_response


def admin_login(admin_login_view):
    """The admin's login, through allauth's (its rate limits and TOTP apply), for staff only.

    allauth's ``secure_admin_login`` raises PermissionDenied for a signed-in doctor, which gave a
    bare 403 and a traceback in the terminal; the doctor gets the site's own page with a way back.
    """
    staff_login = secure_admin_login(admin_login_view)

    @wraps(admin_login_view)
    def view(request, *args, **kwargs):
        if request.user.is_authenticated and not (request.user.is_staff and request.user.is_active):
            return render(request, "403.html", {"admin_page": True}, status=403)
        return staff_login(request, *args, **kwargs)

    return view


@login_not_required
def home(request):
    return redirect("dashboard" if request.user.is_authenticated else "account_login")


# The events app fills the "Upcoming events" slot by shipping this template; until then, the
# placeholder. It is rendered with the dashboard's context (``user``, ``today``).
UPCOMING_TEMPLATES = [
    "events/_dashboard_upcoming.html",
    "core/_dashboard_upcoming_placeholder.html",
]


# Each due group lists this many (the most overdue first) and links to the rest, so the page
# costs the same for 30 contacts or 10,000.
DASHBOARD_ITEMS = 10


def dashboard(request):
    """What is due and what is coming up. The network-health charts follow in their own request
    (``dashboard_health``, loaded by htmx) so they never hold up the page; without JavaScript,
    ``?health=1`` draws them in the page."""
    from reminders.due import due_for

    today = timezone.localdate()
    due = due_for(request.user, today, limit=DASHBOARD_ITEMS)
    with_health = request.GET.get("health") == "1"
    return render(
        request,
        "core/dashboard.html",
        {
            "today": today,
            "due": due,
            "sections": due.sections(DASHBOARD_ITEMS),
            **(_health_context(request.user, today) if with_health else {}),
            "upcoming_template": select_template(UPCOMING_TEMPLATES).template.name,
            **_waiting_and_first_steps(request.user, today),
        },
    )


FIRST_RUN_DAYS = 60
STEPS = ("contacts", "events", "follow_ups", "two_factor")


def _first_run(user) -> bool:
    return not user.is_staff and user.date_joined >= timezone.now() - dt.timedelta(
        days=FIRST_RUN_DAYS
    )


def _checklist(user, done: dict) -> list[dict]:
    steps = [
        # Offered first to every new doctor (ASVS 5.0 6.3.3 asks for MFA at L2; NetMed offers it
        # and requires it of staff, accounts.middleware).
        {
            "label": "Protect your notes: turn on two-step sign-in with an authenticator app",
            "url": reverse("mfa_activate_totp"),
            "done": done["two_factor"],
        },
        {
            "label": "Tell NetMed your specialty, where you work and what you are aiming for",
            "url": reverse("accounts:profile"),
            "done": bool(user.specialty_id and user.state),
        },
        {
            "label": "Bring in your contacts from LinkedIn, your phone or Outlook",
            "url": reverse("contacts:import"),
            "done": done["contacts"],
        },
        {
            "label": "Find an event to go to and mark yourself interested",
            "url": reverse("events:list"),
            "done": done["events"],
        },
        {
            "label": "Add your first follow-up with someone",
            "url": reverse("reminders:follow_up_create"),
            "done": done["follow_ups"],
        },
    ]
    return [] if all(step["done"] for step in steps) else steps


WAITING_SHOWN = 5


# What waits on the doctor's answer and, for a new doctor, which first steps are done: one
# hand-written statement (as the ORM compiled it, the query cost the dashboard 4 ms of Python
# for 1 ms of SQL; issue 22). The requests are ``MentorRequest.objects.waiting_for(user)``, the
# asks ``RefereeAsk.objects.for_user(user).awaiting_outcome(today)``, oldest first; each list
# comes as one JSON array.
_WAITING_SQL = """
    SELECT
      (SELECT COALESCE(jsonb_agg(r ORDER BY r.created_at), '[]') FROM (
          SELECT COALESCE(NULLIF(u.display_name, ''), u.email) AS owner, q.created_at
          FROM {request} q JOIN {user} u ON u.id = q.owner_id
          WHERE q.mentor_id = %(user)s AND q.status = %(request_pending)s
          ORDER BY q.created_at LIMIT %(requests)s
      ) r),
      (SELECT COALESCE(jsonb_agg(a ORDER BY a.asked_on), '[]') FROM (
          SELECT k.id AS pk, k.application, k.asked_on,
                 c.prefix, c.given_name AS given, c.family_name AS family
          FROM {ask} k
          JOIN {referee} f ON f.id = k.referee_id JOIN {contact} c ON c.id = f.contact_id
          WHERE f.owner_id = %(user)s AND k.outcome = %(outcome_pending)s
            AND k.asked_on <= %(asked_by)s
          ORDER BY k.asked_on LIMIT %(asks)s
      ) a)
      {first_steps}
"""
# ``STEPS``, in order: whether each first step is done.
_FIRST_STEPS_SQL = """,
      EXISTS (SELECT 1 FROM {contact} WHERE owner_id = %(user)s),
      EXISTS (SELECT 1 FROM {attendance} WHERE owner_id = %(user)s),
      EXISTS (SELECT 1 FROM {follow_up} WHERE owner_id = %(user)s),
      EXISTS (SELECT 1 FROM {authenticator} WHERE user_id = %(user)s AND type = %(totp)s)
"""


def _waiting_and_first_steps(user, today: dt.date) -> dict:
    """What waits on this doctor's answer (mentorship requests, referee asks whose outcome is
    still to record, and for staff the events doctors suggested) and a new doctor's first steps,
    read together in one query, whatever their number (``_WAITING_SQL``)."""
    from allauth.mfa.models import Authenticator

    from accounts.models import User
    from contacts.models import Contact
    from events.models import Attendance, Event, ModerationStatus
    from mentorship.models import (
        OUTCOME_AFTER_DAYS,
        MentorRequest,
        Outcome,
        Referee,
        RefereeAsk,
        RequestStatus,
    )
    from reminders.models import FollowUp

    tables = {
        "request": MentorRequest._meta.db_table,
        "user": User._meta.db_table,
        "ask": RefereeAsk._meta.db_table,
        "referee": Referee._meta.db_table,
        "contact": Contact._meta.db_table,
        "attendance": Attendance._meta.db_table,
        "follow_up": FollowUp._meta.db_table,
        "authenticator": Authenticator._meta.db_table,
    }
    first_run = _first_run(user)
    sql = _WAITING_SQL.format(
        first_steps=_FIRST_STEPS_SQL.format(**tables) if first_run else "", **tables
    )
    params = {
        "user": user.pk,
        "request_pending": RequestStatus.PENDING.value,
        "outcome_pending": Outcome.PENDING.value,
        "requests": WAITING_SHOWN + 1,
        "asks": WAITING_SHOWN,
        "asked_by": today - dt.timedelta(days=OUTCOME_AFTER_DAYS),
        "totp": Authenticator.Type.TOTP.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        requests, asks, *steps = cursor.fetchone()
    done = dict(zip(STEPS, steps, strict=True)) if first_run else {}
    row = {"waiting": json.loads(requests), "asks": json.loads(asks), **done}
    waiting = [
        {"owner": r["owner"], "created_at": dt.datetime.fromisoformat(r["created_at"])}
        for r in row["waiting"]
    ]
    asked = [
        {
            "pk": a["pk"],
            "application": a["application"],
            "asked_on": dt.date.fromisoformat(a["asked_on"]),
            "referee": {"contact": _contact_name(a)},
        }
        for a in row["asks"]
    ]
    suggested = (
        Event.objects.filter(moderation_status=ModerationStatus.PENDING).count()
        if user.is_staff
        else 0
    )
    return {
        "waiting_requests": waiting[:WAITING_SHOWN],
        "more_requests": len(waiting) > WAITING_SHOWN,
        "referee_asks": asked,
        "suggested_events": suggested,
        "checklist": _checklist(user, row) if first_run else [],
    }


def _contact_name(row: dict) -> str:
    """A contact as ``str(contact)`` names it, from its ``prefix``, ``given`` and ``family``."""
    from contacts.models import Contact

    return str(Contact(prefix=row["prefix"], given_name=row["given"], family_name=row["family"]))


def _health_context(user, today) -> dict:
    from .dashboard import cached_network_health

    health = cached_network_health(user, today)
    return {"health": health, "health_json": json.dumps(health)}


@require_GET
def dashboard_health(request):
    """The dashboard's network-health section: a partial for htmx, the dashboard otherwise."""
    if not request.htmx:
        return redirect(f"{reverse('dashboard')}?health=1#network-health")
    context = _health_context(request.user, timezone.localdate())
    return render(request, "core/_network_health.html", context)


@login_not_required
@require_GET
@never_cache
def healthz_live(request):
    """Liveness: this process is up and answering. No database, broker or scheduler is asked, so
    an outage of one of them never gets a healthy web server restarted (docs/architecture.md)."""
    return JsonResponse({"status": "ok"})


# Each dependency a readiness check asks gets this long (broker: Celery's 1 s connect timeout,
# two tries; database: DJANGO_DB_CONNECT_TIMEOUT or the pool's timeout to connect, then this).
READY_STATEMENT_TIMEOUT_MS = 2000


@login_not_required
@require_GET
@never_cache
def healthz_ready(request):
    """Readiness: can this server serve pages? 503 only when the database is unreachable (no
    signed-in page works without it). A broker that is down or a stale scheduler is reported as
    "degraded" with 200: pages keep working, so a load balancer must not take every server out;
    monitoring alerts on any status but "ok"."""
    database, scheduler, last_run = _check_database_and_scheduler()
    checks = {"database": database, "broker": _check_broker(), "scheduler": scheduler}
    if database != "ok":
        status = "error"
    else:
        status = "ok" if all(value == "ok" for value in checks.values()) else "degraded"
    return JsonResponse(
        {"status": status, **checks, "digest_dispatcher_last_run": last_run},
        status=503 if status == "error" else 200,
    )


def _check_database_and_scheduler() -> tuple[str, str, str | None]:
    """The database's status, the scheduler's ("ok", "stale" or "not run yet") and when the
    digest dispatcher last ran (ISO 8601), with a short statement timeout of their own."""
    from reminders import digest

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {READY_STATEMENT_TIMEOUT_MS}")
            cursor.execute("SELECT 1")
            run = digest.last_run()
            stale = digest.is_stale()
    except Exception as exc:  # noqa: BLE001 - any failure is "down", reported, not raised
        return f"error: {exc.__class__.__name__}", "unknown", None
    if run is None:
        return "ok", "not run yet", None
    return "ok", "stale" if stale else "ok", run.started_at.isoformat()


def _check_broker() -> str:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


def server_error(request):
    """``handler500``: the 503 page (with Retry-After) when the database could not be reached,
    else Django's 500 page. Django calls it inside its ``except``, so the error is at hand, and
    logs the error with its traceback whichever page is shown."""
    if database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    return defaults.server_error(request)


@login_not_required
def floor(request):
    """The benchmark floor: the base template with no database work (see bench/)."""
    return render(request, "core/floor.html")


def styleguide(request):
    """The living design system (docs/design.md): every component as it renders, for whoever
    works on the pages. Development only: a 404 wherever DEBUG is off."""
    if not settings.DEBUG:
        raise Http404
    return render(request, "core/styleguide.html", {"tones": BADGE_TONES, "swatches": SWATCHES})


BADGE_TONES = ["success", "warning", "danger", "info", "neutral"]
SWATCHES = ["bg", "surface", "surface-2", "text", "text-muted", "border", "border-strong"]
SWATCHES += ["primary", "primary-soft", "link", "focus", "success", "warning", "danger", "info"]
