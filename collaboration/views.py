import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Prefetch
from django.db.models.functions import Lower
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from contacts.models import Contact, Organisation
from core.paging import whole_number
from core.tenancy import owned_or_404

from . import network, publications, services
from .forms import (
    CollaboratorForm,
    GraphFilterForm,
    IntroductionForm,
    PresentationForm,
    ProjectForm,
    ReferenceUploadForm,
)
from .models import (
    Collaborator,
    Introduction,
    Presentation,
    Project,
    ProjectKind,
    Publication,
    PublicationAuthor,
    ReferenceUpload,
)


def index(request):
    return render(
        request,
        "collaboration/index.html",
        {"ranked": network.worked_with_most(request.user, limit=15)},
    )


def project_list(request):
    projects = (
        Project.objects.for_user(request.user)
        .annotate(collaborator_count=Count("memberships"))
        .order_by("-start_date", "title")
    )
    kind = request.GET.get("kind", "")
    if kind in ProjectKind.values:
        projects = projects.filter(kind=kind)
    contact = _contact_filter(request)
    if contact:
        projects = projects.filter(memberships__contact=contact)
    page = Paginator(projects, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "collaboration/project_list.html",
        {"page": page, "kinds": ProjectKind.choices, "kind": kind, "contact": contact},
    )


def _contact_filter(request) -> Contact | None:
    """``?contact=<id>``: one of the doctor's own contacts, or no filter at all."""
    try:
        pk = uuid.UUID(request.GET.get("contact", ""))
    except ValueError:
        return None
    return Contact.objects.for_user(request.user).filter(pk=pk).first()


def project_create(request):
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = services.save_project(owner=request.user, form=form)
        messages.success(request, f"“{project}” is saved. Add the people you worked with.")
        return redirect("collaboration:project_detail", pk=project.pk)
    return render(request, "collaboration/project_form.html", {"form": form})


def project_edit(request, pk):
    project = owned_or_404(Project, request.user, pk=pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        services.save_project(owner=request.user, form=form)
        messages.success(request, "Project updated.")
        return redirect("collaboration:project_detail", pk=project.pk)
    return render(request, "collaboration/project_form.html", {"form": form, "project": project})


def _project_page(request, pk, *, presentation_form=None):
    project = owned_or_404(
        Project.objects.prefetch_related(
            Prefetch(
                "memberships",
                Collaborator.objects.select_related("contact", "contact__specialty"),
            ),
            Prefetch("publications", Publication.objects.prefetch_related("authors")),
            Prefetch("presentations", Presentation.objects.select_related("event")),
        ),
        request.user,
        pk=pk,
    )
    context = {
        "project": project,
        "form": CollaboratorForm(user=request.user),
        "presentation_form": presentation_form or PresentationForm(user=request.user),
    }
    return render(request, "collaboration/project_detail.html", context)


def project_detail(request, pk):
    return _project_page(request, pk)


@require_POST
def presentation_add(request, pk):
    project = owned_or_404(Project, request.user, pk=pk)
    form = PresentationForm(request.POST, user=request.user)
    if not form.is_valid():
        return _project_page(request, pk, presentation_form=form)
    presentation = services.save_presentation(owner=request.user, project=project, form=form)
    messages.success(request, f"“{presentation}” added.")
    return redirect(_project_url(presentation))


def presentation_edit(request, pk):
    presentation = owned_or_404(Presentation.objects.select_related("project"), request.user, pk=pk)
    form = PresentationForm(request.POST or None, instance=presentation, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_presentation(owner=request.user, form=form)
        messages.success(request, "Presentation updated.")
        return redirect(_project_url(presentation))
    return render(
        request,
        "collaboration/presentation_form.html",
        {"form": form, "presentation": presentation},
    )


@require_POST
def presentation_delete(request, pk):
    presentation = owned_or_404(Presentation, request.user, pk=pk)
    presentation.delete()
    messages.success(request, f"“{presentation}” was deleted.")
    return redirect(_project_url(presentation))


def _project_url(presentation) -> str:
    if presentation.project_id:
        return reverse("collaboration:project_detail", args=[presentation.project_id])
    return reverse("collaboration:project_list")


@require_POST
def project_delete(request, pk):
    project = owned_or_404(Project, request.user, pk=pk)
    services.delete_project(project=project)
    messages.success(request, f"“{project}” was deleted.")
    return redirect("collaboration:project_list")


@require_POST
def collaborator_add(request, pk):
    project = owned_or_404(Project, request.user, pk=pk)
    form = CollaboratorForm(request.POST, user=request.user)
    if form.is_valid():
        services.add_collaborator(
            project=project, contact=form.cleaned_data["contact"], role=form.cleaned_data["role"]
        )
        messages.success(request, f"{form.cleaned_data['contact']} added.")
    else:
        messages.error(request, "Choose one of your contacts and a role.")
    return redirect("collaboration:project_detail", pk=project.pk)


@require_POST
def collaborator_remove(request, pk):
    collaborator = owned_or_404(
        Collaborator.objects.select_related("project", "contact"), request.user, pk=pk
    )
    services.remove_collaborator(collaborator=collaborator)
    messages.success(request, f"{collaborator.contact} removed from the project.")
    return redirect("collaboration:project_detail", pk=collaborator.project_id)


def publication_list(request):
    items = Publication.objects.for_user(request.user).prefetch_related(
        Prefetch("authors", PublicationAuthor.objects.select_related("contact"))
    )
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return render(request, "collaboration/publication_list.html", {"page": page})


def publication_import(request):
    form = ReferenceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            kept = publications.receive_upload(
                owner=request.user, filename=upload.name or "", data=upload.read()
            )
        except publications.ReferenceFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("collaboration:publication_preview", pk=kept.pk)
    return render(request, "collaboration/publication_import.html", {"form": form})


def publication_preview(request, pk):
    upload = owned_or_404(ReferenceUpload.objects.defer("source"), request.user, pk=pk)
    if upload.status == ReferenceUpload.Status.IMPORTED:
        return redirect("collaboration:publication_list")
    if upload.status != ReferenceUpload.Status.PREVIEW:
        template = (
            "collaboration/_publication_reading.html"
            if request.htmx
            else "collaboration/publication_reading.html"
        )
        return render(request, template, {"upload": upload})
    if request.htmx:  # the poll found the references ready: show the whole preview
        return HttpResponseClientRefresh()
    rows = publications.preview_references(
        user=request.user, references=publications.references_of(upload)
    )
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("new", "duplicate", "error")}
    return render(
        request,
        "collaboration/publication_preview.html",
        {"upload": upload, "rows": rows, "counts": counts},
    )


@require_POST
def publication_confirm(request, pk):
    upload = owned_or_404(ReferenceUpload.objects.defer("source"), request.user, pk=pk)
    upload = publications.import_upload(user=request.user, upload_id=upload.pk)
    added = upload.imported_count
    messages.success(request, f"Imported {added} publication{'s' if added != 1 else ''}.")
    return redirect("collaboration:publication_list")


def introduction_list(request):
    form = IntroductionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.record_introduction(owner=request.user, form=form)
        messages.success(request, "Introduction recorded.")
        return redirect("collaboration:introduction_list")
    introductions = Introduction.objects.for_user(request.user).select_related(
        "introducer", "introduced"
    )
    page = Paginator(introductions, 25).get_page(request.GET.get("page"))
    return render(request, "collaboration/introduction_list.html", {"page": page, "form": form})


@require_POST
def introduction_delete(request, pk):
    services.delete_introduction(introduction=owned_or_404(Introduction, request.user, pk=pk))
    messages.success(request, "Introduction removed.")
    return redirect("collaboration:introduction_list")


def organisation_list(request):
    organisations = Organisation.objects.for_user(request.user).order_by(Lower("name"), "pk")
    # Each row's people and last contact are kept on it (contacts.organisation_counts).
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    return render(request, "collaboration/organisation_list.html", {"page": page})


def organisation_detail(request, pk):
    organisation = owned_or_404(Organisation, request.user, pk=pk)
    if "department" in request.GET:
        return _organisation_department(request, organisation, request.GET["department"])
    departments = network.organisation_directory(request.user, organisation)
    return render(
        request,
        "collaboration/organisation_detail.html",
        {"organisation": organisation, "departments": departments},
    )


def _organisation_department(request, organisation: Organisation, key: str):
    """One department of an organisation: with ``start``, htmx's "Show more" (the next people
    after the first ``start``, in place of the link); otherwise the department's own pages, where
    the link leads without JavaScript (the page holding person ``start + 1``)."""
    positions = network.department_positions(request.user, organisation, key)
    step = network.DEPARTMENT_STEP
    start = whole_number(request.GET.get("start"))
    if "start" in request.GET and request.htmx:
        total = positions.count()
        start = min(start, total)  # a hand-typed offset past the end reads nothing
        rows = network.directory_rows(positions[start : start + step])
        hidden = total - start - len(rows)
        return render(
            request,
            "collaboration/_organisation_rows.html",
            {
                "key": key,
                "rows": rows,
                "start": start + len(rows),
                "hidden": hidden,
            },
        )
    number = request.GET.get("page") or start // step + 1
    page = Paginator(positions, step).get_page(number)
    if not page.paginator.count:
        raise Http404("No one in this department.")
    return render(
        request,
        "collaboration/organisation_department.html",
        {
            "organisation": organisation,
            "department": network.Department(
                key, network.directory_rows(page), page.paginator.count
            ),
            "page": page,
        },
    )


def _graph_filters(request, **extra) -> tuple[network.GraphFilters, str]:
    """The picture's filters from the query string, and the search text that matched no one."""
    form = GraphFilterForm(request.GET or None)
    if not form.is_valid():
        return network.GraphFilters(**extra), ""
    data = form.cleaned_data
    focus, unmatched = data["focus"], ""
    if data["q"]:  # typed now, so it wins over a focus carried in the query string
        focus = network.best_connected_match(request.user, data["q"])
        unmatched = "" if focus else data["q"]
    elif focus:
        focus = owned_or_404(Contact.objects.alive(), request.user, pk=focus).pk
    filters = network.GraphFilters(
        colour_by=data["colour_by"] or "specialty",
        edge_kinds=tuple(data["edges"]) or tuple(network.EDGE_KINDS),
        focus=focus,
        **extra,
    )
    return filters, unmatched


def graph(request):
    return render(
        request,
        "collaboration/graph.html",
        {
            "form": GraphFilterForm(request.GET or None),
            "query": request.GET.urlencode(),
            "limit": network.DEFAULT_LIMIT,
        },
    )


class _HtmlSafeJSONEncoder(DjangoJSONEncoder):
    """JSON whose text never holds a raw ``<``, ``>`` or ``&`` (as ``json_script`` writes it): the
    search typed and the names shown come back in the answer, and no sniffing browser or proxy
    should ever see markup in it."""

    ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

    def encode(self, o) -> str:
        return super().encode(o).translate(self.ESCAPES)


def graph_data(request):
    """The picture's JSON (``network.graph_data``): numbers and one legend of each (gzipped, as
    every JSON response is, by ``core.middleware.CompressedPagesMiddleware``)."""
    filters, unmatched = _graph_filters(request)
    data = network.graph_data(request.user, filters)
    data["unmatched"] = unmatched
    return JsonResponse(
        data, encoder=_HtmlSafeJSONEncoder, json_dumps_params={"separators": (",", ":")}
    )


def graph_list(request):
    """The same network as a plain list, for screen readers and keyboard users: everyone
    linked (or everyone around the person searched for), not only the picture's few hundred."""
    filters, _ = _graph_filters(request, limit=None)
    data = network.graph_data(request.user, filters)
    names = {node[0]: node for node in data["nodes"]}
    neighbours: dict[int, list[tuple[str, str, str]]] = {n[0]: [] for n in data["nodes"]}
    for a, b, kind, _weight in data["edges"]:
        label = data["edge_kinds"][kind].replace("_", " ")
        neighbours[a].append((names[b][1], names[b][3], label))
        neighbours[b].append((names[a][1], names[a][3], label))
    rows = [(node, sorted(neighbours[node[0]])) for node in data["nodes"]]
    rows.sort(key=lambda row: (-len(row[1]), row[0][1]))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "collaboration/graph_list.html", {"page": page})
