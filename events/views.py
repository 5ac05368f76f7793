"""Event pages. Every event is fetched through ``Event.objects.visible_to(user)``: another
doctor's private event gives 404 exactly as a missing one does."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.tenancy import owned_or_404

from . import attendance as attendance_service
from . import calendar, people_met, selectors, services
from .forms import (
    AttendanceForm,
    AttendanceStatusForm,
    EventFilter,
    EventForm,
    MetContactForm,
    QuickAddForm,
)
from .listing import list_page
from .models import Attendance, CalendarFeed, Event, PersonMet

PAGE_SIZE = 25


def _visible(user, pk, queryset=None) -> Event:
    source = Event.objects.all() if queryset is None else queryset
    return get_object_or_404(source.visible_to(user), pk=pk)


def _own_private(user, pk) -> Event:
    return get_object_or_404(Event.objects.filter(owner=user, published=False), pk=pk)


def _browse(request, *, past: bool):
    user = request.user
    params = request.GET.copy()
    show_all = params.get("all") == "1"
    filtering = any(params.get(k) for k in EventFilter.base_filters)
    base = Event.objects.visible_to(user)
    base = base.past() if past else base.upcoming()
    from_profile = not show_all and not filtering
    event_filter = EventFilter(params, queryset=base, interests_of=user if from_profile else None)
    results = event_filter.qs
    defaults = []
    fields = event_filter.fields_of(user) if from_profile else []
    if from_profile and (fields or user.state):
        # From the profile: the doctor's specialty and interests in their state, and everything
        # online or national, said above the list with one click to clear it.
        results = event_filter.for_doctor(results, user, fields)
        names = ", ".join(event_filter.label_of("specialty", pk) for pk in fields)
        defaults = [d for d in (names, user.state) if d]
    page = list_page(results, request.GET.get("page"), PAGE_SIZE, user)
    context = {
        "filter": event_filter,
        "page": page,
        "past": past,
        "defaults": defaults,
        "show_all": show_all,
    }
    partial = request.htmx and not request.htmx.boosted
    return render(request, "events/_results.html" if partial else "events/event_list.html", context)


def event_list(request):
    return _browse(request, past=False)


def past_events(request):
    return _browse(request, past=True)


def my_events(request):
    user = request.user
    events = (
        Event.objects.visible_to(user)
        .filter(Q(owner=user) | Exists(Attendance.objects.filter(owner=user, event=OuterRef("pk"))))
        .order_by("-starts_at")
    )
    page = list_page(events, request.GET.get("page"), PAGE_SIZE, user)
    return render(request, "events/my_events.html", {"page": page})


def event_detail(request, pk):
    user = request.user
    event = _visible(user, pk, Event.objects.for_page())
    mine = Attendance.objects.for_user(user).filter(event=event).first()
    context = {
        "event": event,
        "attendance": mine,
        "status_form": AttendanceStatusForm(initial={"status": mine.status if mine else ""}),
        "attendance_form": AttendanceForm(instance=mine) if mine else None,
        "quick_add_form": QuickAddForm(),
        "met_form": MetContactForm(user=user),
        "people_met": selectors.people_met(user, event),
        "who": selectors.who_might_be_there(user, event),
        "can_edit": event.owner_id == user.pk,
    }
    return render(request, "events/event_detail.html", context)


def event_create(request, suggest: bool = False):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = services.save_event(form=form, owner=request.user, suggest=suggest)
        if suggest:
            messages.success(request, f"Thanks: “{event}” is sent to the events team to review.")
        else:
            messages.success(request, f"“{event}” is saved. Only you can see it.")
        return redirect("events:detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "suggest": suggest})


def event_suggest(request):
    return event_create(request, suggest=True)


def event_edit(request, pk):
    event = _own_private(request.user, pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        services.save_event(form=form)
        messages.success(request, "Event updated.")
        return redirect("events:detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@require_POST
def event_delete(request, pk):
    event = _own_private(request.user, pk)
    services.delete_event(event=event)
    messages.success(request, f"“{event}” was deleted.")
    return redirect("events:mine")


@require_POST
def event_suggest_existing(request, pk):
    event = _own_private(request.user, pk)
    services.suggest_event(event=event, user=request.user)
    messages.success(request, f"“{event}” is sent to the events team to review.")
    return redirect("events:detail", pk=event.pk)


@require_GET
def event_ics(request, pk):
    event = _visible(request.user, pk)
    response = HttpResponse(
        calendar.event_ics(event, calendar.site_url()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


# --- attendance (htmx) -----------------------------------------------------------------------


def _attendance_panel(request, event: Event, attendance, status: int = 200):
    context = {
        "event": event,
        "attendance": attendance,
        "status_form": AttendanceStatusForm(
            initial={"status": attendance.status if attendance else ""}
        ),
        "attendance_form": AttendanceForm(instance=attendance) if attendance else None,
    }
    return render(request, "events/_attendance.html", context, status=status)


@require_POST
def attendance_set(request, pk):
    event = _visible(request.user, pk)
    form = AttendanceStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose interested, registered, attending or attended.")
        return redirect("events:detail", pk=event.pk)
    attendance = attendance_service.set_attendance(
        user=request.user,
        event=event,
        status=form.cleaned_data["status"],
        role=form.cleaned_data["role"] or None,
    )
    if request.htmx:
        return _attendance_panel(request, event, attendance)
    messages.success(request, f"Marked as {attendance.get_status_display().lower()}.")
    return redirect("events:detail", pk=event.pk)


@require_POST
def attendance_edit(request, pk):
    attendance = owned_or_404(Attendance.objects.select_related("event"), request.user, pk=pk)
    form = AttendanceForm(request.POST, instance=attendance)
    if form.is_valid():
        form.save()
        if not request.htmx:
            messages.success(request, "Attendance updated.")
    elif request.htmx:
        return _attendance_panel(request, attendance.event, attendance, status=422)
    else:
        messages.error(request, "Check the hours: they must be numbers from 0.")
    if request.htmx:
        return _attendance_panel(request, attendance.event, attendance)
    return redirect("events:detail", pk=attendance.event_id)


@require_POST
def attendance_remove(request, pk):
    attendance = owned_or_404(Attendance.objects.select_related("event"), request.user, pk=pk)
    event = attendance.event
    attendance_service.remove_attendance(user=request.user, event=event)
    if request.htmx:
        return _attendance_panel(request, event, None)
    messages.success(request, "Attendance removed.")
    return redirect("events:detail", pk=event.pk)


# --- people met (htmx) -----------------------------------------------------------------------


def _people_panel(request, event: Event, form=None, met_form=None, near=(), status: int = 200):
    context = {
        "event": event,
        "near": near,
        "people_met": selectors.people_met(request.user, event),
        "quick_add_form": form or QuickAddForm(),
        "met_form": met_form or MetContactForm(user=request.user),
    }
    # Without JavaScript the panel comes as a page of its own.
    template = "events/_people.html" if request.htmx else "events/people_met_page.html"
    return render(request, template, context, status=status)


@require_POST
def met_quick_add(request, pk):
    event = _visible(request.user, pk)
    form = QuickAddForm(request.POST)
    if form.is_valid():
        details = form.cleaned_data
        details["client_ref"] = details["client_ref"] or uuid.uuid4()
        # Someone already in the network is offered before a new contact is made.
        received = people_met.receive_quick_add(user=request.user, event=event, **details)
        if received.status == "ask":  # asked once: the form comes back saying "add anyway"
            again = QuickAddForm(initial={**details, "add_anyway": True})
            return _people_panel(request, event, again, near=received.near)
        if received.status == "added":
            messages.success(request, f"{received.contact} added as met here.")
        if request.htmx:
            return _people_panel(request, event)
    elif request.htmx:
        return _people_panel(request, event, form, status=422)
    else:
        messages.error(request, "A first name is needed.")
    return redirect(reverse("events:detail", kwargs={"pk": event.pk}) + "#people")


@require_POST
def met_sync(request, pk):
    """A quick-add queued on the phone without a connection (static/js/offline-capture.js),
    sent when it returns. Answers JSON; the same entry sent again adds no one twice."""
    event = _visible(request.user, pk)
    form = QuickAddForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["client_ref"]:
        return JsonResponse({"status": "invalid", "errors": form.errors}, status=422)
    received = people_met.receive_quick_add(user=request.user, event=event, **form.cleaned_data)
    return JsonResponse(
        {
            "status": received.status,
            "name": received.contact.display_name if received.contact else "",
            "near": [contact.display_name for contact in received.near],
        }
    )


@require_GET
def met_search(request, pk):
    """Without JavaScript: the page to find a contact met here (the picker matches on submit)."""
    event = _visible(request.user, pk)
    return render(
        request,
        "events/met_search.html",
        {"event": event, "met_form": MetContactForm(user=request.user)},
    )


@require_POST
def met_existing(request, pk):
    event = _visible(request.user, pk)
    form = MetContactForm(request.POST, user=request.user)
    if not form.is_valid():
        if _is_uuid(request.POST.get("contact", "")):
            raise Http404  # an id that is not one of this doctor's contacts
        if request.htmx:
            return _people_panel(request, event, met_form=form, status=422)
        return render(
            request, "events/met_search.html", {"event": event, "met_form": form}, status=422
        )
    contact = form.cleaned_data["contact"]
    _, created = people_met.record_met(user=request.user, event=event, contact=contact)
    if created:
        messages.success(request, f"{contact} marked as met here.")
    if request.htmx:
        return _people_panel(request, event)
    return redirect(reverse("events:detail", kwargs={"pk": event.pk}) + "#people")


@require_POST
def met_remove(request, pk):
    person = owned_or_404(PersonMet.objects.select_related("event"), request.user, pk=pk)
    people_met.forget_met(person=person)
    if request.htmx:
        return _people_panel(request, person.event)
    return redirect(reverse("events:detail", kwargs={"pk": person.event_id}) + "#people")


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# --- calendar feed ---------------------------------------------------------------------------


@require_GET
def calendar_settings(request):
    feed = calendar.feed_for(request.user)
    feed_url = request.build_absolute_uri(reverse("events:feed", kwargs={"token": feed.token}))
    return render(request, "events/calendar.html", {"feed_url": feed_url})


@require_POST
def calendar_regenerate(request):
    if request.POST.get("regenerate") != "1":
        return redirect("events:calendar")
    calendar.regenerate_feed(request.user)
    messages.success(request, "New address made. The old one no longer works: subscribe again.")
    return redirect("events:calendar")


@login_not_required
@require_GET
@never_cache
def feed(request, token):
    """The subscription feed: public to anyone holding the secret token, 404 otherwise."""
    found = CalendarFeed.objects.for_token(token).first()
    if found is None:
        raise Http404
    response = HttpResponse(
        calendar.feed_ics(found.owner, calendar.site_url()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="netmed.ics"'
    return response
