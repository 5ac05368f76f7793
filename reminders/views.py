import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.paging import page_number, whole_number
from core.tenancy import owned_or_404

from . import digest, due, follow_ups, keep_in_touch
from .forms import CadenceDefaultForm, FollowUpForm, SnoozeForm
from .models import CadenceDefault, FollowUp


def reminder_list(request):
    today = timezone.localdate()
    later = (
        FollowUp.objects.for_user(request.user)
        .open()
        .with_show_on()
        .filter(show_on__gt=today + dt.timedelta(days=due.WEEK_AHEAD))
        .select_related("contact")
        .order_by("show_on", "what")
    )
    show = request.GET.get("show")
    if show in GROUP_KEYS:
        return _group_page(request, today, show)
    groups = due.due_for(request.user, today, limit=SHOWN_ITEMS)
    return render(
        request,
        "reminders/reminder_list.html",
        {
            "due": groups,
            "sections": groups.sections(SHOWN_ITEMS),
            "later": Paginator(later, 25).get_page(request.GET.get("page")),
        },
    )


# The reminders page shows the first few of each group (as the dashboard does), and "Show more"
# brings the next GROUP_ITEMS in place; a group's own pages list GROUP_ITEMS at a time. A page
# of due items stays small (issue 22: every page under 60 kB) whatever the doctor has due.
SHOWN_ITEMS = 10
GROUP_ITEMS = 25
MAX_GROUP_PAGE = 10_000  # 500,000 items; keeps a hand-typed page number a sane LIMIT
GROUP_KEYS = {"overdue", "today", "this_week"}


class _ListedGroup:
    """One due group as ``Paginator`` sees it: its true length, and the items listed so far
    (the due sources were asked for enough to fill the requested page)."""

    def __init__(self, items: list, total: int):
        self.items, self.total = items, total

    def __len__(self) -> int:
        return self.total

    def count(self) -> int:
        return self.total

    def __getitem__(self, index):
        return self.items[index]


def _group_page(request, today: dt.date, key: str):
    """All of one group (Overdue, Today or This week), a page of ``GROUP_ITEMS`` at a time;
    with ``start``, the ``GROUP_ITEMS`` after the first ``start`` (htmx's "Show more"; without
    JavaScript, the page that holds them)."""
    if "start" in request.GET:
        start = min(whole_number(request.GET["start"]), MAX_GROUP_PAGE * GROUP_ITEMS)
        if request.htmx:
            return _more_items(request, today, key, start)
        return redirect(f"{request.path}?show={key}&page={start // GROUP_ITEMS + 1}")
    number = min(page_number(request.GET.get("page")), MAX_GROUP_PAGE)
    groups = due.due_for(request.user, today, limit=number * GROUP_ITEMS)
    listed = _ListedGroup(groups.group_items(key), groups.total(key))
    page = Paginator(listed, GROUP_ITEMS).get_page(number)
    heading = dict((k, h) for k, h, _ in groups.groups())[key]
    return render(
        request,
        "reminders/reminder_group.html",
        {"key": key, "heading": heading, "page": page, "total": groups.total(key)},
    )


def _more_items(request, today: dt.date, key: str, start: int):
    """The items of group ``key`` after the first ``start``, for "Show more"."""
    groups = due.due_for(request.user, today, limit=start + GROUP_ITEMS)
    items = groups.group_items(key)[start : start + GROUP_ITEMS]
    hidden = max(0, groups.total(key) - start - len(items))
    context = {"items": items, "key": key, "start": start + len(items), "hidden": hidden}
    return render(request, "reminders/_due_items.html", context)


# Fields another page may pre-fill in a link to the form (an event's "Add follow-up"): they only
# fill the form in; the doctor still saves it, and the form checks them then.
PREFILL = ("what", "due_on", "contact", "link_url", "link_label")


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if ok else ""


def follow_up_create(request):
    initial = {"due_on": timezone.localdate() + dt.timedelta(days=7)}
    initial |= {k: request.GET[k] for k in PREFILL if request.GET.get(k)}
    form = FollowUpForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("what", "due_on")}
        follow_ups.create_follow_up(
            owner=request.user,
            what=form.cleaned_data["what"],
            due_on=form.cleaned_data["due_on"],
            **fields,
        )
        messages.success(request, "Follow-up saved.")
        return _back(request)
    context = {"form": form, "next": _safe_next(request)}
    return render(request, "reminders/follow_up_form.html", context)


def follow_up_edit(request, pk):
    follow_up = owned_or_404(FollowUp, request.user, pk=pk)
    form = FollowUpForm(request.POST or None, instance=follow_up, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Follow-up updated.")
        return redirect("reminders:list")
    return render(request, "reminders/follow_up_form.html", {"form": form, "follow_up": follow_up})


@require_POST
def follow_up_delete(request, pk):
    follow_up = owned_or_404(FollowUp, request.user, pk=pk)
    follow_up.delete()
    messages.success(request, f"“{follow_up}” was deleted.")
    return redirect("reminders:list")


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("reminders:list")


@require_POST
def item_done(request):
    title = request.POST.get("title", "")
    try:
        due.perform(request.user, request.POST.get("ref", ""), "done")
    except LookupError as error:
        raise Http404 from error
    if request.htmx:
        return render(request, "reminders/_cleared.html", {"title": title, "verb": "Done"})
    messages.success(request, f"Done: {title}" if title else "Done.")
    return _back(request)


@require_POST
def item_snooze(request):
    form = SnoozeForm(request.POST)
    title = request.POST.get("title", "")
    if not form.is_valid():
        if request.htmx:
            return HttpResponse("Choose how long to snooze for.", status=422)
        messages.error(request, "Choose how long to snooze for.")
        return _back(request)
    choice = form.cleaned_data["choice"]
    until = form.cleaned_data["until"] if choice == "date" else None
    until = until or follow_ups.snooze_date(choice, timezone.localdate())
    try:
        due.perform(request.user, request.POST.get("ref", ""), "snooze", until)
    except LookupError as error:
        raise Http404 from error
    verb = f"Snoozed until {until:%d/%m/%Y}"
    if request.htmx:
        return render(request, "reminders/_cleared.html", {"title": title, "verb": verb})
    messages.success(request, f"{verb}: {title}" if title else f"{verb}.")
    return _back(request)


def cadence_list(request):
    form = CadenceDefaultForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        default = keep_in_touch.save_cadence_default(
            owner=request.user, default=form.save(commit=False)
        )
        messages.success(request, f"Saved: {default}.")
        return redirect("reminders:cadence_list")
    defaults = CadenceDefault.objects.for_user(request.user).select_related(
        "tag", "relationship_kind"
    )
    return render(request, "reminders/cadence_list.html", {"form": form, "defaults": defaults})


@require_POST
def cadence_delete(request, pk):
    default = owned_or_404(CadenceDefault, request.user, pk=pk)
    keep_in_touch.delete_cadence_default(owner=request.user, default=default)
    messages.success(request, f"Removed: {default}.")
    return redirect("reminders:cadence_list")


def digest_preview(request):
    """The digest as it would be sent now, with the doctor's real items and working links."""
    groups = due.due_for(request.user, limit=digest.GROUP_ITEMS)
    subject, text, html, _ = digest.render(request.user, groups)
    if request.GET.get("format") == "html":
        # The email's own document, shown alone (it carries inlined styles, as mail clients do).
        response = HttpResponse(html)
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return response
    return render(request, "reminders/digest_preview.html", {"subject": subject, "text": text})
