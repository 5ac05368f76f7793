"""The doctor's CPD home, shown on pages outside the CPD app (their profile)."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.html import printed
from cpd.models import Membership
from cpd.progress import year_progress

register = template.Library()


@register.inclusion_tag("cpd/_home.html")
def cpd_home(user):
    """This year's hours against what the Medical Board's standard asks of the doctor, the plan,
    and the next renewal, with links to the CPD pages: ``{% cpd_home request.user %}``. Six
    queries at most."""
    today = timezone.localdate()
    progress = year_progress(user, today.year)
    renewals = sorted(
        (
            (due, membership)
            for membership in Membership.objects.for_user(user)
            .exclude(renewal_date=None)
            .select_related("organisation_term")
            if (due := membership.next_renewal(today))
        ),
        key=lambda pair: pair[0],
    )
    requirements = progress.requirements
    return {
        "user": user,
        "year": today.year,
        "progress": progress,
        "needed": progress.needed,
        "met": sum(r.met for r in requirements) + progress.has_plan,
        "requirements": len(requirements) + 1,
        "to_go": [r for r in requirements if not r.met],
        "renewal": renewals[0][1] if renewals else None,
        "renewal_date": renewals[0][0] if renewals else None,
    }


@register.simple_tag
def attended_items(rows):
    """The year page's events attended (``cpd.progress.AttendedRow``), an ``<li>`` each, as a
    ``{% for %}`` over them wrote it: a busy year's hundred rows cost the page more in four
    variable lookups each than the rest of its listing (issue 22)."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'<li><a href="{printed(row.url)}">{printed(row.title)}</a> '
            f"<small>{printed(row.day)} · {printed(row.hours)} h</small></li>"
            for row in rows
        )
    )
