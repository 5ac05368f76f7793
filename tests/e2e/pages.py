"""The main pages a doctor sees, for the accessibility, phone-layout and screenshot checks.

Each page names how to reach it for a doctor with the demo network (``core.demo.seed``) and its
primary action: the control a doctor came to the page for, which must be on screen on a phone.
Add a row when a page lands.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from playwright.sync_api import Locator, Page


@dataclass(frozen=True)
class MainPage:
    name: str
    path: Callable[[object], str]  # the doctor -> the page's path
    # The primary action, found by role and accessible name (an <a role="button"> is a button;
    # "summary" finds the <summary> of a folded form by its text).
    action_role: str | None = None
    action_name: str | re.Pattern | None = None

    def primary_action(self, page: Page) -> Locator | None:
        if self.action_role is None:
            return None
        if self.action_role == "summary":  # a <details> that opens the form
            return page.get_by_role("main").locator("summary", has_text=self.action_name).first
        return page.get_by_role("main").get_by_role(self.action_role, name=self.action_name).first


def _first(model_path: str, view: str, **where) -> Callable[[object], str]:
    """The page of the doctor's first row of a model (e.g. their first contact)."""

    def path(doctor) -> str:
        from django.apps import apps

        rows = apps.get_model(model_path).objects
        rows = rows.for_user(doctor) if hasattr(rows, "for_user") else rows.filter(owner=doctor)
        row = rows.filter(**where).order_by("pk").first()
        assert row is not None, f"the demo data has no {model_path} for {doctor}"
        return reverse(view, args=[row.pk])

    return path


def _first_of(model_path: str, view: str, **where) -> Callable[[object], str]:
    """The page of the first row of a model that is not owned by one doctor (public events)."""

    def path(doctor) -> str:
        from django.apps import apps

        row = apps.get_model(model_path).objects.filter(**where).order_by("pk").first()
        assert row is not None, f"the demo data has no {model_path} {where}"
        return reverse(view, args=[row.pk])

    return path


def _this_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def _url(name: str) -> Callable[[object], str]:
    return lambda doctor: reverse(name)


ANONYMOUS_PAGES = [
    MainPage("login", _url("account_login"), "button", "Sign In"),
    MainPage("sign-up", _url("account_signup"), "button", "Sign Up"),
    MainPage("password-reset", _url("account_reset_password"), "button", "Reset My Password"),
]

DOCTOR_PAGES = [
    MainPage("dashboard", _url("dashboard"), "button", "New follow-up"),
    MainPage("profile", _url("accounts:profile"), "button", "Save profile"),
    MainPage("two-factor", _url("mfa_index"), "link", "Activate"),
    MainPage("privacy", _url("accounts:privacy"), "button", "Download my data"),
    MainPage("email-addresses", _url("account_email"), "button", "Add Email"),
    MainPage("password-change", _url("account_change_password"), "button", "Change Password"),
    MainPage("contacts", _url("contacts:list"), "button", "Add a contact"),
    MainPage("contact", _first("contacts.Contact", "contacts:detail"), "button", "Edit"),
    MainPage("contact-history", _first("contacts.Contact", "contacts:history")),
    MainPage("contact-form", _url("contacts:create"), "button", "Save contact"),
    MainPage("contact-edit", _first("contacts.Contact", "contacts:edit"), "button", "Save contact"),
    MainPage(
        "interaction-edit",
        _first("contacts.Interaction", "contacts:interaction_edit"),
        "button",
        "Save",
    ),
    MainPage("trash", _url("contacts:trash")),
    MainPage("duplicates", _url("contacts:duplicates")),
    MainPage("contact-merge", _first("contacts.Contact", "contacts:merge"), "button", "Compare"),
    MainPage("contact-import", _url("contacts:import"), "button", "Preview"),
    MainPage("contact-export", _url("contacts:export"), "button", "Download vCards"),
    MainPage("events", _url("events:list"), "button", "Add a private event"),
    MainPage(
        "event", _first_of("events.Event", "events:detail", published=True), "button", "Registered"
    ),
    MainPage("my-events", _url("events:mine"), "button", "Add a private event"),
    MainPage("past-events", _url("events:past")),
    MainPage("event-form", _url("events:create"), "button", "Save"),
    MainPage(
        "event-edit", _first("events.Event", "events:edit", published=False), "button", "Save"
    ),
    MainPage("event-suggest", _url("events:suggest"), "button", "Send suggestion"),
    MainPage("calendar-feed", _url("events:calendar")),
    MainPage("mentorship", _url("mentorship:list"), "button", "Record a mentorship"),
    MainPage(
        "mentorship-detail",
        _first("mentorship.Mentorship", "mentorship:detail"),
        "button",
        "Log a meeting",
    ),
    MainPage("mentorship-form", _url("mentorship:create"), "button", "Save"),
    MainPage(
        "mentorship-edit", _first("mentorship.Mentorship", "mentorship:edit"), "button", "Save"
    ),
    MainPage("meetings", _first("mentorship.Mentorship", "mentorship:meeting_list")),
    MainPage(
        "meeting", _first("mentorship.Meeting", "mentorship:meeting_detail"), "button", "Add note"
    ),
    MainPage(
        "mentorship-goal-edit",
        _first("mentorship.Goal", "mentorship:goal_edit"),
        "button",
        "Save goal",
    ),
    MainPage(
        "opportunity-edit",
        _first("mentorship.Opportunity", "mentorship:opportunity_edit"),
        "button",
        "Save",
    ),
    MainPage(
        "mentor-profile",
        _first_of("mentorship.MentorProfile", "mentorship:directory_profile", published=True),
    ),
    MainPage("mentor-directory", _url("mentorship:directory"), "button", "Search"),
    MainPage("my-mentor-profile", _url("mentorship:my_profile"), "button", "Save profile"),
    MainPage("mentor-requests", _url("mentorship:request_list")),
    MainPage("referees", _url("mentorship:referee_list"), "summary", "Add a referee"),
    MainPage(
        "referee-ask",
        _first("mentorship.RefereeAsk", "mentorship:referee_ask_edit"),
        "button",
        "Save",
    ),
    MainPage(
        "referee",
        _first("mentorship.Referee", "mentorship:referee_detail"),
        "button",
        "Record an ask",
    ),
    MainPage("reminders", _url("reminders:list"), "button", "New follow-up"),
    MainPage("follow-up-form", _url("reminders:follow_up_create"), "button", "Save follow-up"),
    MainPage(
        "follow-up-edit",
        _first("reminders.FollowUp", "reminders:follow_up_edit"),
        "button",
        "Save follow-up",
    ),
    MainPage("digest-preview", _url("reminders:digest_preview")),
    MainPage("keep-in-touch", _url("reminders:cadence_list"), "button", "Add default"),
    MainPage("network", _url("collaboration:index")),
    MainPage("network-picture", _url("collaboration:graph"), "button", "Apply"),
    MainPage("projects", _url("collaboration:project_list"), "button", "New project"),
    MainPage(
        "project", _first("collaboration.Project", "collaboration:project_detail"), "button", "Edit"
    ),
    MainPage("project-form", _url("collaboration:project_create"), "button", "Save project"),
    MainPage(
        "project-edit",
        _first("collaboration.Project", "collaboration:project_edit"),
        "button",
        "Save project",
    ),
    MainPage(
        "publications", _url("collaboration:publication_list"), "button", "Import BibTeX or RIS"
    ),
    MainPage("publication-import", _url("collaboration:publication_import"), "button", "Preview"),
    MainPage(
        "introductions", _url("collaboration:introduction_list"), "button", "Record introduction"
    ),
    MainPage("workplaces", _url("collaboration:organisation_list")),
    MainPage("workplace", _first("contacts.Organisation", "collaboration:organisation_detail")),
    MainPage("cpd", _url("cpd:index"), "button", "Log an activity"),
    MainPage("cpd-entry-form", _url("cpd:entry_create"), "button", "Save"),
    MainPage("cpd-entry-edit", _first("cpd.CpdEntry", "cpd:entry_edit"), "button", "Save"),
    MainPage("cpd-print", lambda doctor: reverse("cpd:print", args=[_this_year()])),
    MainPage("memberships", _url("cpd:memberships"), "summary", "Add a membership"),
]
