"""Import and export pages: upload → preview → confirm → progress → summary; downloads."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from core.tenancy import owned_or_404

from . import exporting
from .import_forms import ImportUploadForm, ReadAgainForm
from .importing import FORMAT_LABELS, ImportFileError
from .importing import service as importing
from .models import Contact, ImportJob, ImportRow


def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = importing.receive_upload(
                owner=request.user, filename=upload.name, data=upload.read()
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("contacts:import_preview", pk=job.pk)
    jobs = ImportJob.objects.for_user(request.user).defer("source")[:10]
    return render(request, "contacts/import_upload.html", {"form": form, "jobs": jobs})


def import_preview(request, pk):
    job = owned_or_404(ImportJob.objects.defer("source"), request.user, pk=pk)
    if job.status in (ImportJob.Status.READING, ImportJob.Status.UNREADABLE):
        return _reading(request, job)
    if request.htmx:  # the poll below found the rows ready: show the whole preview
        return HttpResponseClientRefresh()
    rows = job.rows.select_related("duplicate_of").order_by("line")
    status = request.GET.get("status")
    if status in ImportRow.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    new_count = job.total_rows - job.duplicate_count - job.error_count
    return render(
        request,
        "contacts/import_preview.html",
        {
            "job": job,
            "page": page,
            "status": status,
            "new_count": new_count,
            "format_label": FORMAT_LABELS.get(job.format, job.format),
            "encoding_form": ReadAgainForm(initial={"encoding": job.encoding or "utf-8"}),
        },
    )


def _reading(request, job: ImportJob):
    """A worker is reading the upload (htmx polls until the rows are ready), or could not."""
    template = "contacts/_import_reading.html" if request.htmx else "contacts/import_reading.html"
    return render(request, template, {"job": job})


@require_POST
def import_read_again(request, pk):
    """The doctor saw wrong letters in the preview: read the same upload in another encoding."""
    job = owned_or_404(ImportJob.objects.defer("source"), request.user, pk=pk)
    form = ReadAgainForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the encodings listed.")
        return redirect("contacts:import_preview", pk=job.pk)
    try:
        again = importing.read_again(job=job, encoding=form.cleaned_data["encoding"])
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("contacts:import")
    return redirect("contacts:import_preview", pk=again.pk)


@require_POST
def import_confirm(request, pk):
    job = owned_or_404(ImportJob, request.user, pk=pk)
    if not importing.queue_import(job=job):
        messages.info(request, "This file has already been imported.")
    return redirect("contacts:import_progress", pk=job.pk)


def import_progress(request, pk):
    job = owned_or_404(ImportJob, request.user, pk=pk)
    done = importing.progress(job)
    context = {
        "job": job,
        "done": done,
        "percent": round(100 * done / job.total_rows) if job.total_rows else 100,
    }
    if request.htmx:
        return render(request, "contacts/_import_progress.html", context)
    return render(request, "contacts/import_progress.html", context)


@require_GET
def export_index(request):
    count = Contact.objects.for_user(request.user).alive().count()
    return render(request, "contacts/export_index.html", {"count": count})


@require_GET
def export_vcards(request):
    contacts = exporting.exported_contacts(request.user)
    version = request.GET.get("version", "4.0")
    version = version if version in exporting.VCARD_VERSIONS else "4.0"
    response = StreamingHttpResponse(
        exporting.vcards(contacts, version=version), content_type="text/vcard; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{exporting.filename("vcf")}"'
    return response


@require_GET
def export_csv(request):
    contacts = exporting.exported_contacts(request.user)
    response = StreamingHttpResponse(
        exporting.csv_lines(contacts), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{exporting.filename("csv")}"'
    return response


@require_GET
def contact_vcard(request, pk):
    contact = owned_or_404(Contact.objects.alive(), request.user, pk=pk)
    exported = next(exporting.exported_contacts(request.user, pk=contact.pk))
    response = HttpResponse(
        exporting.vcard(exported, photo=exporting.photo_bytes(exported)),
        content_type="text/vcard; charset=utf-8",
    )
    slug = "-".join(contact.display_name.split()).encode("ascii", "ignore").decode()
    slug = "".join(ch for ch in slug if ch.isalnum() or ch in "-_") or "contact"
    response["Content-Disposition"] = f'attachment; filename="{slug}.vcf"'
    return response
