"""The doctor's CPD home, shown on pages outside the CPD app (their profile)."""

from django import template
from django.utils import timezone

from cpd.models import Membership
from cpd.progress import year_progress

register = template.Library()


@register.inclusion_tag("cpd/_home.html")
def cpd_home(user):
    """This year's hours against the Medical Board's requirements and the next renewal, with
    links to the CPD pages: ``{% cpd_home request.user %}``. Three queries."""
    today = timezone.localdate()
    progress = year_progress(user, today.year)
    renewal = (
        Membership.objects.for_user(user)
        .filter(renewal_date__gte=today)
        .order_by("renewal_date")
        .first()
    )
    requirements = progress.requirements
    return {
        "year": today.year,
        "progress": progress,
        "needed": requirements[0].needed,
        "met": sum(r.met for r in requirements),
        "requirements": len(requirements),
        "to_go": [r for r in requirements if not r.met],
        "renewal": renewal,
    }
