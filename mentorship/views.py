"""Mentorship pages. Every object is fetched through its model's ``for_user`` queryset
(``owned_or_404``): for mentorships and their parts that means the owner or the other member of a
shared mentorship; anyone else gets 404."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.paging import ids_first_page
from core.tenancy import owned_or_404

from . import detail, directory, services
from .filters import MentorProfileFilter
from .forms import (
    ActionItemForm,
    CompleteForm,
    GoalForm,
    GoalNoteForm,
    MeetingEditForm,
    MeetingForm,
    MeetingNoteForm,
    MentorProfileForm,
    MentorRequestForm,
    MentorshipForm,
    OpportunityForm,
    RefereeAskForm,
    RefereeForm,
)
from .models import (
    ActionItem,
    Goal,
    Meeting,
    MeetingNote,
    MentorBlock,
    MentorProfile,
    MentorRequest,
    Mentorship,
    Opportunity,
    Referee,
    RefereeAsk,
    Side,
    Status,
)


def _mentorships(user):
    return Mentorship.objects.for_user(user).select_related("owner", "member", "contact")


def _mentorship_or_404(request, pk):
    return owned_or_404(_mentorships(request.user), request.user, pk=pk)


# --- Parts: one way to add and one way to edit them ---------------------------------------------


@dataclass(frozen=True)
class PartViews:
    """Adding and editing one kind of part: goals, meeting notes, action items, opportunities,
    referee asks… Each is a model form whose object belongs to a parent the viewer may see. Views
    fetch the parent (or the part) through its ``for_user`` queryset first, so nothing here ever
    sees another doctor's rows; then they hand over the form's parent fields and where to go back.

    ``added`` is a message with ``{part}`` for the saved object, or a function of it.
    """

    form_class: type[forms.ModelForm]
    template: str = ""  # the part's own edit page, for those that have one
    added: str | Callable[[object], str] = ""
    invalid: str = ""
    updated: str = ""

    def save(self, request, back: str, *, instance=None, form_kwargs=None, **parent):
        """POST-only add (or, with ``instance``, edit) from a form on another page: save with the
        ``parent`` fields set, say so, go ``back``; an invalid form only says what is missing."""
        form = self.form_class(request.POST, instance=instance, **(form_kwargs or {}))
        if not form.is_valid():
            messages.error(request, self.invalid)
            return redirect(back)
        part = _save_part(form, **parent)
        if instance is not None:
            messages.success(request, self.updated)
        elif callable(self.added):
            messages.success(request, self.added(part))
        else:
            messages.success(request, self.added.format(part=part))
        return redirect(back)

    def edit(self, request, part, back: str, **context) -> HttpResponse:
        """The part's own page (``context`` names the part for the template): its form on GET and
        when invalid; on a valid POST, save and go ``back``."""
        form = self.form_class(request.POST or None, instance=part)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, self.updated)
            return redirect(back)
        return render(request, self.template, {"form": form, **context})


def _save_part(form, **parent):
    """Save a valid model form's object with its parent fields set (``mentorship=…``)."""
    part = form.save(commit=False)
    for name, value in parent.items():
        setattr(part, name, value)
    part.save()
    form.save_m2m()
    return part


def _detail_url(mentorship_id) -> str:
    return reverse("mentorship:detail", args=[mentorship_id])


def _meeting_url(meeting_id) -> str:
    return reverse("mentorship:meeting_detail", args=[meeting_id])


# --- Mentorships ---------------------------------------------------------------------------------


def mentorship_list(request):
    mentorships = list(
        _mentorships(request.user)
        .with_last_meeting()
        .with_action_counts(timezone.localdate())
        .prefetch_related("focus_areas")
        .order_by("status", "-proposed_on")
    )
    today = timezone.localdate()
    for m in mentorships:
        m.next_due = m.next_meeting_due(m.last_meeting_on)
        m.meeting_overdue = m.next_due is not None and m.next_due < today
        m.other_name = m.other_name_for(request.user)
        m.side_label = m.side_label_for(request.user)
    current = [m for m in mentorships if m.status != Status.COMPLETED]
    past = [m for m in mentorships if m.status == Status.COMPLETED]
    return render(request, "mentorship/mentorship_list.html", {"current": current, "past": past})


def mentorship_create(request):
    form = MentorshipForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        mentorship = services.save_mentorship(owner=request.user, form=form)
        messages.success(request, "Mentorship saved. Set a first goal.")
        return redirect("mentorship:detail", pk=mentorship.pk)
    return render(request, "mentorship/mentorship_form.html", {"form": form})


def mentorship_edit(request, pk):
    mentorship = _mentorship_or_404(request, pk)
    form = MentorshipForm(request.POST or None, instance=mentorship, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_mentorship(owner=request.user, form=form)
        messages.success(request, "Mentorship updated.")
        return redirect("mentorship:detail", pk=mentorship.pk)
    return render(
        request, "mentorship/mentorship_form.html", {"form": form, "mentorship": mentorship}
    )


def mentorship_detail(request, pk):
    user = request.user
    mentorship = _mentorship_or_404(request, pk)
    # Goals, recent meetings, open actions, counts and focus areas in one round trip.
    rows = detail.page_rows(mentorship.pk, user.pk)
    goals, meetings = rows.goals, rows.meetings
    last = meetings[0].held_on if meetings else None
    achieved = sum(1 for g in goals if g.status == "achieved")
    live_goals = [g for g in goals if g.status != "dropped"]
    context = {
        "mentorship": mentorship,
        "other_name": mentorship.other_name_for(user),
        "side_label": mentorship.side_label_for(user),
        "my_contact": mentorship.contact_for(user),
        "goals": goals,
        "achieved": achieved,
        "goal_total": len(live_goals),
        "progress": round(100 * achieved / len(live_goals)) if live_goals else 0,
        "meetings": meetings,
        "meeting_count": rows.meeting_count,
        "open_actions": rows.open_actions,
        "open_count": rows.open_count,
        "focus": rows.focus,
        "next_due": mentorship.next_meeting_due(last),
        "today": timezone.localdate(),
        "opportunities": mentorship.opportunities.all()
        if mentorship.side == Side.SPONSOR
        else None,
        "goal_form": GoalForm(),
        "meeting_form": MeetingForm(initial={"held_on": timezone.localdate()}),
        "opportunity_form": OpportunityForm(),
        "is_owner": mentorship.is_owner(user),
    }
    return render(request, "mentorship/mentorship_detail.html", context)


@require_POST
def mentorship_status(request, pk):
    mentorship = _mentorship_or_404(request, pk)
    status = request.POST.get("status", "")
    if mentorship.status == Status.COMPLETED or status not in (
        Status.PROPOSED,
        Status.ACTIVE,
        Status.PAUSED,
    ):
        messages.error(request, "That change is not possible.")
    else:
        services.change_status(mentorship=mentorship, status=status)
        messages.success(request, f"Marked {mentorship.get_status_display().lower()}.")
    return redirect("mentorship:detail", pk=mentorship.pk)


def mentorship_complete(request, pk):
    """The reflection: either member may end a mentorship, with an outcome summary."""
    mentorship = _mentorship_or_404(request, pk)
    form = CompleteForm(
        request.POST or None,
        initial={"ended_on": timezone.localdate(), "outcome_summary": mentorship.outcome_summary},
        started_on=mentorship.started_on,
    )
    if request.method == "POST" and form.is_valid():
        services.complete_mentorship(mentorship=mentorship, **form.cleaned_data)
        messages.success(request, "Mentorship completed. Your reflection is saved.")
        return redirect("mentorship:detail", pk=mentorship.pk)
    return render(
        request,
        "mentorship/mentorship_complete.html",
        {
            "form": form,
            "mentorship": mentorship,
            "other_name": mentorship.other_name_for(request.user),
        },
    )


@require_POST
def mentorship_delete(request, pk):
    """Only the owner of a private mentorship deletes it; a shared one is ended, not deleted."""
    mentorship = _mentorship_or_404(request, pk)
    if mentorship.is_shared or not mentorship.is_owner(request.user):
        messages.error(request, "A shared mentorship can be completed, not deleted.")
        return redirect("mentorship:detail", pk=mentorship.pk)
    mentorship.delete()
    messages.success(request, "Mentorship deleted.")
    return redirect("mentorship:list")


# --- Goals ---------------------------------------------------------------------------------------


GOALS = PartViews(
    GoalForm,
    template="mentorship/goal_form.html",
    added="Goal “{part}” added.",
    invalid="A goal needs a title.",
    updated="Goal updated.",
)


@require_POST
def goal_create(request, pk):
    mentorship = _mentorship_or_404(request, pk)
    return GOALS.save(request, _detail_url(mentorship.pk), mentorship=mentorship)


def goal_edit(request, pk):
    goal = owned_or_404(Goal, request.user, pk=pk)
    return GOALS.edit(
        request, goal, _detail_url(goal.mentorship_id), goal=goal, note_form=GoalNoteForm()
    )


@require_POST
def goal_note_create(request, pk):
    goal = owned_or_404(Goal, request.user, pk=pk)
    form = GoalNoteForm(request.POST)
    if form.is_valid():
        services.add_goal_note(user=request.user, goal=goal, **form.cleaned_data)
        messages.success(request, "Progress noted.")
    else:
        messages.error(request, "Write a progress note.")
    return redirect("mentorship:detail", pk=goal.mentorship_id)


# --- Meetings and action items -------------------------------------------------------------------


def meeting_list(request, pk):
    mentorship = _mentorship_or_404(request, pk)
    meetings = Meeting.objects.filter(mentorship=mentorship).prefetch_related(
        Prefetch("notes", MeetingNote.objects.visible_to(request.user).select_related("author")),
        Prefetch("action_items", ActionItem.objects.select_related("assignee")),
    )
    page = Paginator(meetings, 20).get_page(request.GET.get("page"))
    return render(request, "mentorship/meeting_list.html", {"mentorship": mentorship, "page": page})


def meeting_create(request, pk):
    mentorship = _mentorship_or_404(request, pk)
    form = MeetingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        meeting = services.record_meeting(
            user=request.user, mentorship=mentorship, **form.cleaned_data
        )
        messages.success(request, "Meeting logged. Add the actions you agreed.")
        return redirect("mentorship:meeting_detail", pk=meeting.pk)
    return render(request, "mentorship/meeting_form.html", {"form": form, "mentorship": mentorship})


def _meeting_or_404(request, pk):
    return owned_or_404(
        Meeting.objects.select_related(
            "mentorship", "mentorship__owner", "mentorship__member", "mentorship__contact"
        ),
        request.user,
        pk=pk,
    )


def meeting_detail(request, pk):
    meeting = _meeting_or_404(request, pk)
    context = {
        "meeting": meeting,
        "mentorship": meeting.mentorship,
        "other_name": meeting.mentorship.other_name_for(request.user),
        "notes": MeetingNote.objects.visible_to(request.user)
        .filter(meeting=meeting)
        .select_related("author"),
        "items": meeting.action_items.select_related("assignee"),
        "note_form": MeetingNoteForm(),
        "action_form": ActionItemForm(),
        "edit_form": MeetingEditForm(
            initial={"held_on": meeting.held_on, "agenda": meeting.agenda}
        ),
        "today": timezone.localdate(),
    }
    return render(request, "mentorship/meeting_detail.html", context)


@require_POST
def meeting_edit(request, pk):
    meeting = _meeting_or_404(request, pk)
    form = MeetingEditForm(request.POST)
    if form.is_valid():
        services.update_meeting(meeting=meeting, **form.cleaned_data)
        messages.success(request, "Meeting updated.")
    else:
        messages.error(request, "A meeting needs a date.")
    return redirect("mentorship:meeting_detail", pk=meeting.pk)


NOTES = PartViews(
    MeetingNoteForm,
    added=lambda note: "Note added." + (" Only you can see it." if note.private else ""),
    invalid="Write a note.",
)


@require_POST
def meeting_note_create(request, pk):
    meeting = _meeting_or_404(request, pk)
    return NOTES.save(request, _meeting_url(meeting.pk), meeting=meeting, author=request.user)


@require_POST
def meeting_note_delete(request, pk):
    """Only a note's writer may delete it; to anyone else it does not exist."""
    note = owned_or_404(MeetingNote, request.user, pk=pk)
    if note.author_id != request.user.pk:
        raise Http404
    note.delete()
    messages.success(request, "Note deleted.")
    return redirect("mentorship:meeting_detail", pk=note.meeting_id)


ACTIONS = PartViews(
    ActionItemForm, added="Action “{part}” added.", invalid="An action needs a description."
)


@require_POST
def action_create(request, pk):
    meeting = _meeting_or_404(request, pk)
    mentorship = meeting.mentorship
    return ACTIONS.save(
        request,
        _meeting_url(meeting.pk),
        form_kwargs={"user": request.user, "mentorship": mentorship},
        mentorship=mentorship,
        meeting=meeting,
    )


@require_POST
def action_toggle(request, pk):
    item = owned_or_404(ActionItem.objects.select_related("assignee"), request.user, pk=pk)
    services.set_action_done(item=item, done=not item.is_done)
    if request.htmx:
        return render(
            request,
            "mentorship/_action_item.html",
            {"item": item, "today": timezone.localdate()},
        )
    if request.POST.get("back") == "meeting" and item.meeting_id:
        return redirect("mentorship:meeting_detail", pk=item.meeting_id)
    return redirect("mentorship:detail", pk=item.mentorship_id)


# --- Sponsorship log -----------------------------------------------------------------------------


OPPORTUNITIES = PartViews(
    OpportunityForm,
    template="mentorship/opportunity_form.html",
    added="Opportunity logged.",
    invalid="An opportunity needs a kind and a title.",
    updated="Opportunity updated.",
)


@require_POST
def opportunity_create(request, pk):
    mentorship = _mentorship_or_404(request, pk)
    return OPPORTUNITIES.save(request, _detail_url(mentorship.pk), mentorship=mentorship)


def opportunity_edit(request, pk):
    opportunity = owned_or_404(Opportunity, request.user, pk=pk)
    return OPPORTUNITIES.edit(
        request, opportunity, _detail_url(opportunity.mentorship_id), opportunity=opportunity
    )


# --- Referees ------------------------------------------------------------------------------------


def referee_list(request):
    form = RefereeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        referee = _save_part(form, owner=request.user)
        messages.success(request, f"{referee} added as a referee.")
        return redirect("mentorship:referee_list")
    referees = Referee.objects.for_user(request.user).whom_to_ask_next().select_related("contact")
    inactive = Referee.objects.for_user(request.user).filter(active=False).select_related("contact")
    return render(
        request,
        "mentorship/referee_list.html",
        {"referees": referees, "inactive": inactive, "form": form},
    )


def referee_detail(request, pk):
    referee = owned_or_404(Referee.objects.select_related("contact"), request.user, pk=pk)
    ask_form = RefereeAskForm(request.POST or None, initial={"asked_on": timezone.localdate()})
    if request.method == "POST" and ask_form.is_valid():
        _save_part(ask_form, referee=referee)
        messages.success(request, "Noted. Remember to thank them.")
        return redirect("mentorship:referee_detail", pk=referee.pk)
    edit_form = RefereeForm(instance=referee, user=request.user)
    return render(
        request,
        "mentorship/referee_detail.html",
        {
            "referee": referee,
            "asks": referee.asks.all(),
            "ask_form": ask_form,
            "edit_form": edit_form,
        },
    )


REFEREES = PartViews(
    RefereeForm, invalid="Check the referee's details.", updated="Referee updated."
)
ASKS = PartViews(RefereeAskForm, "mentorship/referee_ask_form.html", updated="Outcome saved.")


@require_POST
def referee_edit(request, pk):
    referee = owned_or_404(Referee, request.user, pk=pk)
    back = reverse("mentorship:referee_detail", args=[referee.pk])
    return REFEREES.save(request, back, instance=referee, form_kwargs={"user": request.user})


def referee_ask_edit(request, pk):
    ask = owned_or_404(RefereeAsk.objects.select_related("referee"), request.user, pk=pk)
    back = reverse("mentorship:referee_detail", args=[ask.referee_id])
    return ASKS.edit(request, ask, back, ask=ask)


# --- Mentor directory ----------------------------------------------------------------------------


def directory_list(request):
    profiles = directory.directory_profiles(request.user).order_by("-updated_at", "id")
    filterset = MentorProfileFilter(request.GET or None, queryset=profiles)
    # The page's ids first, then what a card shows (its mentee count, a subquery per row, and
    # its prefetches) for those profiles only.
    page = ids_first_page(filterset.qs, request.GET.get("page"), 20, directory.card_rows)
    template = (
        "mentorship/_directory_results.html" if request.htmx else "mentorship/directory_list.html"
    )
    return render(request, template, {"filter": filterset, "page": page})


def directory_profile(request, pk):
    """A published profile, to anyone signed in (and to its owner, published or not)."""
    profile = _profile_or_404(request, pk)
    form = MentorRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            directory.send_request(
                requester=request.user, profile=profile, message=form.cleaned_data["message"]
            )
        except directory.RequestRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Request sent to {profile.owner}. You will hear by email.")
            return redirect("mentorship:request_list")
    return render(request, "mentorship/directory_profile.html", {"profile": profile, "form": form})


def _profile_or_404(request, pk) -> MentorProfile:
    """Published profiles (minus mentors who blocked the viewer), or the viewer's own."""
    profile = (
        directory.directory_profiles(request.user).filter(pk=pk).first()
        or MentorProfile.objects.for_user(request.user).with_mentees().filter(pk=pk).first()
    )
    if profile is None:
        raise Http404
    return profile


def my_profile(request):
    profile = MentorProfile.objects.for_user(request.user).with_mentees().first()
    form = MentorProfileForm(
        request.POST or None,
        instance=profile,
        initial={} if profile else {"city": request.user.city, "state": request.user.state},
    )
    if request.method == "POST" and form.is_valid():
        profile = form.save(commit=False)
        if profile._state.adding:
            profile.owner = request.user
        profile.save()
        form.save_m2m()
        messages.success(
            request,
            "Your profile is in the directory."
            if profile.published
            else "Saved. Your profile is hidden from the directory.",
        )
        return redirect("mentorship:my_profile")
    return render(request, "mentorship/my_profile.html", {"form": form, "profile": profile})


def request_list(request):
    incoming, outgoing = directory.requests_for(request.user)
    blocks = MentorBlock.objects.for_user(request.user).select_related("blocked")
    return render(
        request,
        "mentorship/request_list.html",
        {"incoming": incoming, "outgoing": outgoing, "blocks": blocks},
    )


def _reply(request, pk, action):
    owned_or_404(MentorRequest, request.user, pk=pk)
    try:
        return action(request.user, pk)
    except MentorRequest.DoesNotExist:
        messages.error(request, "That request has already been answered.")
        return None


@require_POST
def request_accept(request, pk):
    try:
        mentorship = _reply(
            request, pk, lambda u, i: directory.accept_request(mentor=u, request_id=i)
        )
    except directory.AtCapacity as full:
        messages.error(request, str(full))
        return redirect("mentorship:request_list")
    if mentorship is None:
        return redirect("mentorship:request_list")
    messages.success(request, "Accepted. You now share this mentorship.")
    return redirect("mentorship:detail", pk=mentorship.pk)


@require_POST
def request_decline(request, pk):
    if _reply(request, pk, lambda u, i: directory.decline_request(mentor=u, request_id=i)):
        messages.success(request, "Request declined.")
    return redirect("mentorship:request_list")


@require_POST
def request_withdraw(request, pk):
    if _reply(request, pk, lambda u, i: directory.withdraw_request(requester=u, request_id=i)):
        messages.success(request, "Request withdrawn.")
    return redirect("mentorship:request_list")


@require_POST
def request_block(request, pk):
    if _reply(request, pk, lambda u, i: directory.block_requester(mentor=u, request_id=i)):
        messages.success(request, "Blocked. They cannot send you requests.")
    return redirect("mentorship:request_list")


@require_POST
def block_remove(request, pk):
    owned_or_404(MentorBlock, request.user, pk=pk).delete()
    messages.success(request, "Unblocked.")
    return redirect("mentorship:request_list")
