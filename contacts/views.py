from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.tenancy import owned_or_404

from . import editing, interactions, services
from .forms import ContactForm, InteractionEditForm, InteractionForm, contact_formsets
from .models import Contact, Interaction, Position
from .timeline import timeline

TIMELINE_PAGE = 20
UNDO_SESSION_KEY = "contacts_undo"


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def contact_list(request):
    contacts = Contact.objects.for_user(request.user).alive().with_list_columns()
    page = Paginator(contacts, 50).get_page(request.GET.get("page"))
    undo = request.session.pop(UNDO_SESSION_KEY, None)
    return render(request, "contacts/contact_list.html", {"page": page, "undo_ids": undo})


def _contact_form_page(request, contact: Contact | None):
    form = ContactForm(
        request.POST or None, request.FILES or None, instance=contact, user=request.user
    )
    formsets = contact_formsets(
        request.user, request.POST or None, request.FILES or None, instance=contact
    )
    if (
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
        {"form": form, "formsets": formsets, "contact": contact},
    )


def contact_create(request):
    return _contact_form_page(request, None)


def contact_edit(request, pk):
    return _contact_form_page(request, owned_or_404(Contact, request.user, pk=pk, deleted_at=None))


def _detail_queryset():
    return Contact.objects.select_related(
        "specialty", "specialty_field", "career_stage"
    ).prefetch_related(
        Prefetch("positions", Position.objects.current_first().select_related("organisation")),
        "emails",
        "phones",
        "links",
        "tags",
        "relationship_kinds",
    )


def _timeline_context(contact: Contact, page: int, *, only_last_page: bool = False) -> dict:
    """Entries of the first ``page`` pages (or of page ``page`` alone, for "Load more")."""
    entries = timeline(contact, page * TIMELINE_PAGE + 1)
    first = (page - 1) * TIMELINE_PAGE if only_last_page else 0
    return {
        "contact": contact,
        "entries": entries[first : page * TIMELINE_PAGE],
        "next_page": page + 1 if len(entries) > page * TIMELINE_PAGE else None,
    }


def contact_detail(request, pk):
    contact = owned_or_404(_detail_queryset(), request.user, pk=pk, deleted_at=None)
    context = {
        **_timeline_context(contact, _page_number(request)),
        "interaction_form": InteractionForm(user=request.user, exclude_contact=contact),
    }
    return render(request, "contacts/contact_detail.html", context)


def contact_timeline(request, pk):
    """One more page of the timeline ("Load more"): a partial for htmx, the page otherwise."""
    contact = owned_or_404(Contact, request.user, pk=pk, deleted_at=None)
    if not request.htmx:
        return redirect(f"{contact.get_absolute_url()}?page={_page_number(request)}#timeline")
    context = _timeline_context(contact, _page_number(request), only_last_page=True)
    return render(request, "contacts/_timeline_entries.html", context)


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
        form = InteractionForm(user=request.user, exclude_contact=contact)
        if not request.htmx:
            messages.success(request, "Interaction logged.")
            return redirect("contacts:detail", pk=contact.pk)
    contact.refresh_from_db()
    context = {**_timeline_context(contact, 1), "interaction_form": form}
    if request.htmx:
        return render(request, "contacts/_timeline_section.html", context)
    contact = owned_or_404(_detail_queryset(), request.user, pk=pk)
    return render(request, "contacts/contact_detail.html", {**context, "contact": contact})


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
    page = Paginator(contacts, 50).get_page(request.GET.get("page"))
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
