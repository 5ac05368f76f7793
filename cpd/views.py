"""The CPD year, its entries and plan, memberships and committee roles. Owner-scoped."""

import json

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.tenancy import owned_or_404

from . import exporting, services
from .forms import CommitteeRoleForm, CpdEntryForm, CpdGoalForm, CpdPlanForm, MembershipForm
from .models import RETENTION_YEARS, CommitteeRole, CpdEntry, CpdGoal, CpdPlan, Membership
from .progress import YearPage, attended_events, year_progress
from .progress import year_page as read_year_page

FIRST_YEAR = 2000


def _year(year) -> int:
    year = int(year) if year else timezone.localdate().year
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404
    return year


def _context(request, year: int, page: YearPage | None = None) -> dict:
    """The year's figures; from ``page`` (the year page's own reads) when given."""
    progress = page.progress if page else year_progress(request.user, year)
    plan = page.plan if page else CpdPlan.objects.for_user(request.user).filter(year=year).first()
    chart = {
        "labels": [row["label"] for row in progress.rows()],
        "entries": [float(row["entries"]) for row in progress.rows()],
        "events": [float(row["events"]) for row in progress.rows()],
    }
    return {
        "year": year,
        "progress": progress,
        "plan": plan,
        "goals": page.goals if page else list(plan.goals.all()) if plan else [],
        "entries": page.entries
        if page
        else CpdEntry.objects.for_user(request.user).in_year(year).select_related("goal"),
        "attended": page.attended if page else attended_events(request.user, year),
        "chart_json": json.dumps(chart),
        "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
        "retention_years": RETENTION_YEARS,
    }


def year_page(request, year=None):
    year = _year(year)
    context = _context(request, year, read_year_page(request.user, year))
    context["plan_form"] = CpdPlanForm(instance=context["plan"])
    context["goal_form"] = CpdGoalForm()
    return render(request, "cpd/year.html", context)


def year_print(request, year):
    return render(request, "cpd/print.html", _context(request, _year(year)))


def year_export(request, year):
    year = _year(year)
    response = HttpResponse(
        exporting.year_csv(request.user, year), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cpd-{year}.csv"'
    return response


@require_POST
def plan_save(request, year):
    year = _year(year)
    plan = CpdPlan.objects.for_user(request.user).filter(year=year).first()
    form = CpdPlanForm(request.POST, instance=plan)
    if form.is_valid() and form.has_changed():
        plan = plan or services.plan_for(request.user, year)
        plan.summary = form.cleaned_data["summary"]
        plan.save(update_fields=["summary", "updated_at"])
        messages.success(request, "Plan saved.")
    return redirect("cpd:year", year=year)


@require_POST
def goal_add(request, year):
    year = _year(year)
    form = CpdGoalForm(request.POST)
    if form.is_valid():
        services.add_goal(user=request.user, year=year, **form.cleaned_data)
        messages.success(request, "Goal added.")
    else:
        messages.error(request, "Describe the goal in a few words.")
    return redirect("cpd:year", year=year)


@require_POST
def goal_toggle(request, pk):
    goal = owned_or_404(CpdGoal.objects.select_related("plan"), request.user, pk=pk)
    goal.achieved = not goal.achieved
    goal.save(update_fields=["achieved", "updated_at"])
    return redirect("cpd:year", year=goal.plan.year)


@require_POST
def goal_delete(request, pk):
    goal = owned_or_404(CpdGoal.objects.select_related("plan"), request.user, pk=pk)
    goal.delete()
    return redirect("cpd:year", year=goal.plan.year)


def entry_create(request):
    form = CpdEntryForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        entry = services.save_entry(form=form, owner=request.user)
        messages.success(request, f"“{entry}” logged: {entry.total} hours.")
        return redirect("cpd:year", year=entry.date.year)
    return render(request, "cpd/entry_form.html", {"form": form})


def entry_edit(request, pk):
    entry = owned_or_404(CpdEntry, request.user, pk=pk)
    form = CpdEntryForm(
        request.POST or None, request.FILES or None, instance=entry, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.save_entry(form=form, owner=request.user)
        messages.success(request, "Entry updated.")
        return redirect("cpd:year", year=entry.date.year)
    return render(request, "cpd/entry_form.html", {"form": form, "entry": entry})


@require_POST
def entry_delete(request, pk):
    entry = owned_or_404(CpdEntry, request.user, pk=pk)
    services.delete_entry(entry=entry)
    messages.success(request, f"“{entry}” deleted.")
    return redirect("cpd:year", year=entry.date.year)


def entry_evidence(request, pk):
    """The evidence file, to its owner only (never a public media URL)."""
    entry = owned_or_404(CpdEntry, request.user, pk=pk)
    if not entry.evidence:
        raise Http404
    name = entry.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(entry.evidence.open("rb"), as_attachment=True, filename=name)


def memberships(request):
    membership_form = MembershipForm(request.POST or None, prefix="m")
    role_form = CommitteeRoleForm(None, user=request.user, prefix="r")
    if request.method == "POST" and membership_form.is_valid():
        membership = membership_form.save(commit=False)
        membership.owner = request.user
        membership.save()
        messages.success(request, f"{membership} saved.")
        return redirect("cpd:memberships")
    return _memberships_page(request, membership_form, role_form)


def _memberships_page(request, membership_form, role_form):
    context = {
        "memberships": Membership.objects.for_user(request.user).select_related(
            "organisation_term"
        ),
        "roles": CommitteeRole.objects.for_user(request.user).prefetch_related("contacts"),
        "membership_form": membership_form,
        "role_form": role_form,
    }
    return render(request, "cpd/memberships.html", context)


@require_POST
def role_add(request):
    form = CommitteeRoleForm(request.POST, user=request.user, prefix="r")
    if form.is_valid():
        role = form.save(commit=False)
        role.owner = request.user
        role.save()
        form.save_m2m()
        messages.success(request, f"{role} saved.")
        return redirect("cpd:memberships")
    return _memberships_page(request, MembershipForm(prefix="m"), form)


@require_POST
def membership_delete(request, pk):
    owned_or_404(Membership, request.user, pk=pk).delete()
    messages.success(request, "Membership removed.")
    return redirect("cpd:memberships")


@require_POST
def role_delete(request, pk):
    owned_or_404(CommitteeRole, request.user, pk=pk).delete()
    messages.success(request, "Role removed.")
    return redirect("cpd:memberships")
