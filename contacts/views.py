import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from collaboration.network import ROWS_IN_CONTEXT as SHARED_PROJECT_ROWS
from collaboration.network import shared_projects_statement
from core import prefetching
from core.models import Term
from core.paging import ids_first_page
from core.tenancy import owned_or_404
from reminders import follow_ups
from reminders.forms import ContactFollowUpForm
from reminders.models import FollowUp

from . import bulk, editing, history, interactions, merging, photos, services
from .detail import page_contact
from .duplicates import suggest_duplicates
from .filters import ContactFilter
from .forms import (
    FORMSET_KINDS,
    MAX_ROWS,
    BulkAction,
    BulkActionForm,
    ContactForm,
    InteractionEditForm,
    InteractionForm,
    MergeForm,
    MergePickForm,
    PickedNameForm,
    blank_bulk_fields,
    contact_formsets,
    formset_row,
    open_sections,
    unjudged,
    with_another_row,
)
from .listing import list_page, list_rows, search_page, whole_list_page
from .models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    Interaction,
    Position,
    Tag,
)
from .picker import PICKER_MATCHES
from .timeline import TimelineCursor, timeline_page, timeline_page_with

TIMELINE_PAGE = 20
HISTORY_PAGE = 25
LIST_PAGE = 50
UNDO_SESSION_KEY = "contacts_undo"
SIMILAR_SHOWN = 5  # "did you mean…?" on the new-contact form


def contact_list(request):
    contacts = Contact.objects.for_user(request.user).alive()
    filterset = ContactFilter(request.GET or None, queryset=contacts, request=request)
    number = request.GET.get("page")
    words = filterset.words_alone()
    if words:
        page = search_page(request.user.pk, words, number, LIST_PAGE)
    elif words is not None:
        page = whole_list_page(request.user.pk, number, LIST_PAGE)
    else:  # other filters, another order, or a form with errors (then the whole list)
        valid = filterset.is_valid()
        contacts = filterset.qs if valid else contacts
        searching = valid and bool(filterset.form.cleaned_data.get("q", "").strip())
        # The page's ids first, then its columns for those rows only; a search reads all its
        # matches anyway, so their count comes with the ids.
        page = list_page(contacts, number, LIST_PAGE, counted=searching)
    context = {
        "page": page,
        "rows": list_rows(page.object_list),
        "filter": filterset,
        "bulk_fields": blank_bulk_fields(),
        "filtering": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
        "sort": request.GET.get("sort", "name"),
    }
    if request.htmx and request.htmx.target == "contact-results":
        return render(request, "contacts/_contact_results.html", context)
    context["undo_ids"] = request.session.pop(UNDO_SESSION_KEY, None)
    context["tag_names"] = filterset.tag_names()
    return render(request, "contacts/contact_list.html", context)


@require_POST
def contact_bulk(request):
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("contacts:list")
    ids = services.parse_ids(request.POST.getlist("ids"))
    form = BulkActionForm(request.POST)
    if not ids:
        messages.error(request, "Tick at least one contact first.")
    elif not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        _run_bulk_action(request, ids, form.cleaned_data)
    return redirect(back or "contacts:list")


def _run_bulk_action(request, ids, data) -> None:
    user, action = request.user, data["action"]
    if action == BulkAction.TRASH:
        moved = services.trash_contacts(owner=user, ids=ids)
        request.session[UNDO_SESSION_KEY] = [str(pk) for pk in moved]
        messages.success(request, f"Moved {_people(len(moved))} to the Trash.")
    elif action == BulkAction.TAG:
        count = bulk.tag_contacts(owner=user, ids=ids, tag_name=data["tag_name"])
        messages.success(request, f"Tagged {_people(count)} “{data['tag_name']}”.")
    elif action == BulkAction.UNTAG:
        count = bulk.untag_contacts(owner=user, ids=ids, tag_name=data["tag_name"])
        messages.success(request, f"Removed “{data['tag_name']}” from {_people(count)}.")
    else:
        count = bulk.set_cadence(owner=user, ids=ids, days=data["cadence_days"])
        messages.success(request, f"Updated the keep-in-touch cadence of {_people(count)}.")


def _people(count: int) -> str:
    return f"{count} contact{'s' if count != 1 else ''}"


def _contact_form_page(request, contact: Contact | None):
    data = request.POST or None
    # Without JavaScript, "Add another email" (and "Show its fields") post the whole form: it
    # comes back as typed, with the new row, and nothing is saved.
    adding = request.POST.get("add_row")
    adding = adding if adding in FORMSET_KINDS else None
    redrawing = bool(adding) or "redraw" in request.POST
    if adding:
        data = with_another_row(request.POST, kind=adding)
    form = ContactForm(data, request.FILES or None, instance=contact, user=request.user)
    formsets = contact_formsets(request.user, data, request.FILES or None, instance=contact)
    if redrawing:
        unjudged(form, formsets)
    elif (
        request.method == "POST"
        and form.is_valid()
        and all(f.is_valid() for f in formsets.values())
    ):
        try:
            saved = editing.save_contact(owner=request.user, form=form, formsets=formsets)
        except editing.EditConflict:
            form.add_error(None, editing.CONFLICT_MESSAGE)
            # The next save is made knowingly, over the version now in the database.
            form.data = form.data.copy()
            form.data["version"] = owned_or_404(Contact, request.user, pk=contact.pk).version
        else:
            messages.success(request, f"{saved.display_name} is saved.")
            return redirect("contacts:detail", pk=saved.pk)
    return render(
        request,
        "contacts/contact_form.html",
        {
            "form": form,
            "formsets": formsets,
            "contact": contact,
            "open_sections": open_sections(form, formsets, added=adding),
        },
    )


def contact_form_row(request, kind):
    """One more empty row of the contact form's emails, phones, links or positions (htmx).

    The index is the formset's TOTAL_FORMS as the page holds it; the response also carries
    that count plus one, swapped out of band into the page's management form.
    """
    if kind not in FORMSET_KINDS:
        raise Http404
    count = request.GET.get(f"{kind}-TOTAL_FORMS", "")
    index = int(count) if count.isdigit() else 0
    if index >= MAX_ROWS:
        return HttpResponse(status=204)
    context = {
        "kind": kind,
        "subform": formset_row(request.user, kind=kind, index=index),
        "total": index + 1,
    }
    return render(request, "contacts/_formset_row_added.html", context)


def contact_form_specialty_fields(request):
    """The field of practice of the contact form, narrowed to the chosen specialty (htmx)."""
    form = ContactForm(initial={"specialty": request.GET.get("specialty")}, user=request.user)
    return render(request, "contacts/_specialty_field.html", {"form": form})


def contact_create(request):
    return _contact_form_page(request, None)


def contact_edit(request, pk):
    return _contact_form_page(request, owned_or_404(Contact, request.user, pk=pk, deleted_at=None))


# What a contact's page shows of its parts, read in the contact's own row (core.prefetching):
# one query where a prefetch per relation made seven.
DETAIL_PARTS = {
    "positions": lambda: Position.objects.current_first(),
    "emails": lambda: ContactEmail.objects.all(),
    "phones": lambda: ContactPhone.objects.all(),
    "links": lambda: ContactLink.objects.all(),
    "tags": lambda: Tag.objects.all(),
    "relationship_kinds": lambda: Term.objects.all(),
}


def _detail_queryset():
    contacts = Contact.objects.select_related("specialty", "specialty_field", "career_stage")
    parts = {name: rows() for name, rows in DETAIL_PARTS.items()}
    return prefetching.with_related_rows(contacts, parts, joined=["organisation"])


def _detail_contact(request, pk, **filters) -> Contact:
    """The doctor's contact ``pk`` (else 404) with the parts its page shows."""
    contact = owned_or_404(_detail_queryset(), request.user, pk=pk, **filters)
    prefetching.attach(contact, DETAIL_PARTS, joined=["organisation"])
    return contact


def _timeline_context(contact: Contact, cursor: TimelineCursor | None = None) -> dict:
    """One page of the timeline from ``cursor`` (the newest when None), and the next page's
    query string for "Load more"."""
    entries, next_cursor = timeline_page(contact, TIMELINE_PAGE, cursor)
    return {
        "contact": contact,
        "entries": entries,
        "timeline_cursor": cursor,
        "next_page": urlencode(next_cursor.as_params()) if next_cursor else None,
    }


# The facts' first three open follow-ups with the contact, soonest due first: what
# ``FollowUp.objects.for_user(user).filter(contact=…, done_at__isnull=True).order_by("due_on")``
# gives, without building and compiling that queryset on every contact page (issue 22).
_OPEN_FOLLOW_UPS_SQL = """
SELECT f.id, f.what, f.due_on FROM reminders_followup f
 WHERE f.owner_id = %s AND f.contact_id = %s AND f.done_at IS NULL
 ORDER BY f.due_on ASC LIMIT 3"""


def _open_follow_ups_statement(user, contact: Contact) -> tuple[str, list]:
    return _OPEN_FOLLOW_UPS_SQL, [user.pk, contact.pk]


def _open_follow_ups(user, contact: Contact, rows: list[tuple] | None = None) -> list[FollowUp]:
    """The follow-ups the facts list (only ``what`` and ``due_on`` are read), from ``rows`` of
    ``_open_follow_ups_statement`` when the caller has read them (else one query)."""
    if rows is None:
        sql, params = _open_follow_ups_statement(user, contact)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    return [FollowUp.from_db(connection.alias, ["id", "what", "due_on"], row) for row in rows]


def _facts_context(
    request, contact: Contact, follow_up_form=None, follow_up_rows: list[tuple] | None = None
) -> dict:
    """What the relationship facts show and the follow-up form beside them."""
    today = timezone.localdate()
    return {
        "today": today,
        "follow_ups": _open_follow_ups(request.user, contact, follow_up_rows),
        "follow_up_form": follow_up_form
        or ContactFollowUpForm(
            initial={"what": f"Follow up with {contact}", "due_on": today + dt.timedelta(days=14)}
        ),
    }


def contact_detail(request, pk):
    contact = page_contact(request.user, pk)
    cursor = TimelineCursor.from_params(request.GET)
    # The facts' follow-ups and the "Projects together" panel are read in the timeline's round
    # trip (issue 22).
    also = [_open_follow_ups_statement(request.user, contact), shared_projects_statement(contact)]
    entries, next_cursor, (follow_up_rows, project_rows) = timeline_page_with(
        contact, TIMELINE_PAGE, cursor, also
    )
    context = {
        "contact": contact,
        "entries": entries,
        "timeline_cursor": cursor,
        "next_page": urlencode(next_cursor.as_params()) if next_cursor else None,
        SHARED_PROJECT_ROWS: project_rows,
        **_facts_context(request, contact, follow_up_rows=follow_up_rows),
        "interaction_form": InteractionForm(user=request.user, exclude_contact=contact),
        "undo_ids": request.session.pop(UNDO_SESSION_KEY, None),
    }
    return render(request, "contacts/contact_detail.html", context)


def contact_photo(request, pk):
    """The contact's photo, to its owner only (contacts/photos.py)."""
    contact = owned_or_404(Contact, request.user, pk=pk)
    return photos.photo_response(contact.photo.name)


@require_POST
def follow_up_add(request, pk):
    """A follow-up with this contact, from their page; htmx swaps the facts in place."""
    contact = owned_or_404(Contact, request.user, pk=pk, deleted_at=None)
    form = ContactFollowUpForm(request.POST)
    if form.is_valid():
        follow_ups.create_follow_up(owner=request.user, contact=contact, **form.cleaned_data)
        form = None
        if not request.htmx:
            messages.success(request, "Follow-up added.")
            return redirect("contacts:detail", pk=contact.pk)
    contact = page_contact(request.user, pk, alive=False)
    context = {"contact": contact, **_facts_context(request, contact, form)}
    if request.htmx:
        return render(request, "contacts/_relationship_facts.html", context)
    return render(
        request,
        "contacts/contact_detail.html",
        {
            **_timeline_context(contact),
            **context,
            "interaction_form": InteractionForm(user=request.user, exclude_contact=contact),
        },
    )


def contact_timeline(request, pk):
    """One more page of the timeline ("Load more"): a partial for htmx, the page otherwise."""
    contact = owned_or_404(Contact, request.user, pk=pk, deleted_at=None)
    cursor = TimelineCursor.from_params(request.GET)
    if not request.htmx:
        query = f"?{urlencode(cursor.as_params())}" if cursor else ""
        return redirect(f"{contact.get_absolute_url()}{query}#timeline")
    return render(request, "contacts/_timeline_entries.html", _timeline_context(contact, cursor))


def contact_history(request, pk):
    """Who changed what and when, newest first (also for a contact in the Trash)."""
    contact = owned_or_404(Contact, request.user, pk=pk)
    changes = history.HistoryChanges(contact)
    page = Paginator(changes, HISTORY_PAGE).get_page(request.GET.get("page"))
    return render(request, "contacts/history.html", {"contact": contact, "page": page})


@require_POST
def interaction_add(request, pk):
    contact = owned_or_404(Contact, request.user, pk=pk, deleted_at=None)
    form = InteractionForm(request.POST, user=request.user, exclude_contact=contact)
    if form.is_valid():
        data = form.cleaned_data
        interactions.log_interaction(
            request.user,
            [contact, *data["others"]],
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            place=data["place"],
            note=data["note"],
        )
        if data.get("follow_up_in"):
            follow_ups.create_follow_up(
                owner=request.user,
                contact=contact,
                what=f"Follow up with {contact}",
                due_on=data["occurred_on"] + dt.timedelta(days=data["follow_up_in"]),
            )
        form = InteractionForm(user=request.user, exclude_contact=contact)
        if not request.htmx:
            messages.success(request, "Interaction logged.")
            return redirect("contacts:detail", pk=contact.pk)
    contact = page_contact(request.user, pk, alive=False)
    context = {
        **_timeline_context(contact),
        **_facts_context(request, contact),
        "interaction_form": form,
    }
    if request.htmx:
        # The timeline, and out of band the facts ("last contacted", what is due), in one swap.
        timeline = render_to_string("contacts/_timeline_section.html", context, request)
        facts = render_to_string(
            "contacts/_relationship_facts.html", {**context, "oob": True}, request
        )
        return HttpResponse(timeline + facts)
    return render(request, "contacts/contact_detail.html", context)


def interaction_edit(request, pk):
    interaction = owned_or_404(Interaction, request.user, pk=pk)
    everyone = list(interaction.contacts.all())
    form = InteractionEditForm(
        request.POST or None, instance=interaction, user=request.user, initial={"others": everyone}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        interactions.update_interaction(
            interaction,
            contacts=data["others"],
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            place=data["place"],
            note=data["note"],
        )
        messages.success(request, "Interaction updated.")
        return redirect(_back_to(request, everyone))
    return render(
        request,
        "contacts/interaction_form.html",
        {"form": form, "interaction": interaction, "back": _back_to(request, everyone)},
    )


def _back_to(request, contacts: list[Contact]) -> str:
    """Back to the contact page the doctor came from, or the first person's page."""
    wanted = request.POST.get("back") or request.GET.get("back")
    for contact in contacts:
        if wanted == str(contact.pk) and not contact.is_in_trash:
            return contact.get_absolute_url()
    alive = [c for c in contacts if not c.is_in_trash]
    return alive[0].get_absolute_url() if alive else "/contacts/"


@require_POST
def interaction_delete(request, pk):
    interaction = owned_or_404(Interaction, request.user, pk=pk)
    everyone = list(interaction.contacts.all())
    back = _back_to(request, everyone)
    interactions.delete_interaction(interaction)
    messages.success(request, "Interaction deleted.")
    return redirect(back)


@require_POST
def contact_trash(request, pk):
    contact = owned_or_404(Contact, request.user, pk=pk, deleted_at=None)
    services.trash_contacts(owner=request.user, ids=[contact.pk])
    request.session[UNDO_SESSION_KEY] = [str(contact.pk)]
    messages.success(request, f"{contact.display_name} moved to the Trash.")
    return redirect("contacts:list")


def trash_list(request):
    contacts = Contact.objects.for_user(request.user).in_trash().order_by("-deleted_at")
    page = ids_first_page(contacts, request.GET.get("page"), 50, lambda rows: rows)
    return render(request, "contacts/trash.html", {"page": page, "trash_days": services.TRASH_DAYS})


@require_POST
def trash_restore(request):
    ids = services.parse_ids(request.POST.getlist("ids"))
    count = services.restore_contacts(owner=request.user, ids=ids)
    messages.success(request, f"Restored {count} contact{'s' if count != 1 else ''}.")
    return redirect("contacts:trash" if request.POST.get("next") == "trash" else "contacts:list")


@require_POST
def trash_delete_forever(request):
    ids = services.parse_ids(request.POST.getlist("ids"))
    count = services.delete_forever(owner=request.user, ids=ids)
    messages.success(request, f"Deleted {count} contact{'s' if count != 1 else ''} for good.")
    return redirect("contacts:trash")


def duplicate_list(request):
    pairs = suggest_duplicates(request.user)
    return render(request, "contacts/duplicates.html", {"pairs": pairs})


def contact_merge(request, pk):
    """Choose whom to merge with (suggestions and a search), then choose field by field."""
    contact = _detail_contact(request, pk, deleted_at=None)
    other_id = services.parse_ids([request.GET.get("with") or request.POST.get("with") or ""])
    if not other_id:
        pick = MergePickForm(request.GET or None, user=request.user, contact=contact)
        if pick.is_bound and pick.is_valid():  # a name typed without JavaScript, one match
            return redirect(
                reverse("contacts:merge", kwargs={"pk": contact.pk})
                + "?with="
                + str(pick.cleaned_data["with"].pk)
            )
        context = {
            "contact": contact,
            "pairs": suggest_duplicates(request.user, contact=contact),
            "pick": pick,
        }
        return render(request, "contacts/merge_pick.html", context)
    other = _detail_contact(request, other_id[0], deleted_at=None)
    if other.pk == contact.pk:
        messages.error(request, "Choose a different contact to merge with.")
        return redirect("contacts:merge", pk=contact.pk)
    form = MergeForm(request.POST or None, choices=merging.differing_fields(contact, other))
    if request.method == "POST" and form.is_valid():
        merging.merge_contacts(
            owner=request.user, keep=contact, duplicate=other, take=form.fields_to_take()
        )
        request.session[UNDO_SESSION_KEY] = [str(other.pk)]
        messages.success(
            request,
            f"Merged {other.display_name} into {contact.display_name}. "
            "The emptied duplicate is in the Trash.",
        )
        return redirect(contact)
    return render(
        request, "contacts/merge.html", {"contact": contact, "other": other, "form": form}
    )


def contact_similar(request):
    """While a new contact's name is typed: the contacts it may already be (did you mean…?)."""
    name = " ".join(request.GET.get(f, "")[:100] for f in ("given_name", "family_name")).strip()
    similar = []
    if len(name) >= 3:
        similar = Contact.objects.for_user(request.user).named_like(name, owner=request.user)
        similar = list(similar[:SIMILAR_SHOWN])
    return render(request, "contacts/_similar_contacts.html", {"similar": similar})


# --- the person picker (contacts.picker) -------------------------------------------------------


def contact_pick(request):
    """The picker's matches for what is typed: near matches first, then (where the form allows
    it) "add as a new contact"."""
    query = request.GET.get("q", "").strip()[:100]
    contacts = []
    if len(query) >= 2:
        found = Contact.objects.for_user(request.user).named_like(query, owner=request.user)
        contacts = list(found.with_list_columns()[:PICKER_MATCHES])
    context = {
        "contacts": contacts,
        "query": query,
        "allow_new": request.GET.get("new") == "1" and len(query) >= 2,
        "field": request.GET.get("field", "")[:100],
    }
    return render(request, "contacts/_picker_options.html", context)


@require_POST
def contact_pick_add(request):
    """A new contact from the name typed in a picker, chosen at once."""
    form = PickedNameForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": form.errors["name"][0]}, status=400)
    prefix, given, family = services.split_name(form.cleaned_data["name"])
    contact = services.add_contact(
        owner=request.user, prefix=prefix, given_name=given, family_name=family
    )
    return JsonResponse({"id": str(contact.pk), "label": contact.display_name}, status=201)
