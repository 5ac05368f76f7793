"""Hostile input (hypothesis): every form, every page and every import parser gets Unicode edge
cases, control characters, very long strings, malformed dates, HTML/script payloads, and
oversized or non-UTF-8 files. The app answers with a clear error, never a 500, and no page ever
contains a payload unescaped.

New forms (any ``Form`` in ``<app>/forms.py``) and new pages are found automatically; add new
import parsers to ``PARSERS`` below.
"""

from __future__ import annotations

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template import Context
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collaboration import publications
from contacts import importing as contact_importing
from contacts.importing.base import ImportFileError
from tests.core.test_tenancy import PUBLIC, own_routes, urls_for
from tests.factories import build_world

# The raw payload must never appear in a page: escaped, it reads as text.
XSS = "<script>alert('netmed')</script>"
IMG_XSS = '"><img src=x onerror=alert(1)>'
RAW_PAYLOADS = (XSS.encode(), b"<img src=x onerror")

EDGE_STRINGS = [
    XSS,
    IMG_XSS,
    '=HYPERLINK("http://evil.example")',
    "+61 2 9999 0000",
    "-2+3",
    "@SUM(A1:A2)",
    "\x00nul",
    "tab\tand\x0bvertical\x1fcontrol",
    "\u202eright-to-left override",
    "\ufeffbyte order mark",
    "zero\u200bwidth",
    "combining e\u0301\u0301\u0301",
    "💉🩺" * 50,
    "\ud7ff\ue000\uffff",
    "x" * 20_000,
    "2026-02-30",
    "31/02/2026",
    "0000-00-00",
    "9999-99-99T99:99",
    "-1",
    "1e309",
    "NaN",
    "../../etc/passwd",
    "' OR 1=1 --",
    "line\r\nbreak",
    "",
    " ",
]

hostile_text = st.one_of(
    st.sampled_from(EDGE_STRINGS),
    st.text(max_size=40),
    st.builds(lambda a, b: a + XSS + b, st.text(max_size=10), st.text(max_size=10)),
)

FILE_SAMPLES = [
    b"",
    b"\xff\xfeodd",
    b"\xfe\xff\xd8\x00",
    "caf\xe9 na\xefve".encode("latin-1"),
    b"\xff\xfe\x00\x00garbage",
    b"@article{x, title={" + XSS.encode() + b"}}",
    b"TY  - JOUR\nTI  - " + XSS.encode() + b"\nER  - \n",
    b"BEGIN:VCARD\nFN:" + XSS.encode() + b"\nEND:VCARD\n",
    b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART:20260230\nEND:VEVENT\n",
    b"name,email\n=cmd|' /C calc'!A0,x@example.org\n",
]
hostile_file = st.one_of(st.binary(max_size=2000), st.sampled_from(FILE_SAMPLES))

HYPOTHESIS = settings(
    max_examples=5,
    deadline=None,
    database=None,
    # The same examples on every run, so CI is repeatable; widen max_examples to explore.
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def project_forms() -> list[type[forms.BaseForm]]:
    """Every form class defined in a project app's ``forms.py``."""
    found = []
    for config in apps.get_app_configs():
        if "site-packages" in config.path:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def make_form(form_class, data, files, user):
    params = inspect.signature(form_class.__init__).parameters
    needs = [
        n
        for n, p in params.items()
        if p.kind is p.KEYWORD_ONLY and p.default is p.empty and n != "user"
    ]
    if needs:  # built by its view with context (e.g. MergeForm's choices): the page walk covers it
        pytest.skip(f"{form_class.__name__} needs {needs}")
    kwargs = {"user": user} if "user" in params else {}
    return form_class(data, files, **kwargs)


def hostile_payload(form, draw) -> tuple[dict, dict]:
    data, files = {}, {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            files[name] = SimpleUploadedFile("upload.txt", draw(hostile_file))
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[name] = draw(st.lists(hostile_text, max_size=3))
        else:
            data[name] = draw(hostile_text)
    return data, files


def assert_no_raw_payload(content: bytes, where: str) -> None:
    for payload in RAW_PAYLOADS:
        assert payload not in content, f"{where} shows an unescaped payload"


def test_the_project_has_forms_to_check():
    assert len(project_forms()) >= 3


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", project_forms(), ids=lambda c: c.__qualname__)
def test_every_form_rejects_or_accepts_hostile_input_without_crashing(form_class, doctor):
    @HYPOTHESIS
    @given(st.data())
    def check(draw_data):
        blank = make_form(form_class, None, None, doctor)
        data, files = hostile_payload(blank, draw_data.draw)
        form = make_form(form_class, data, files, doctor)
        if not form.is_valid():
            assert form.errors, "an invalid form must say why"
        assert_no_raw_payload(str(form).encode(), form_class.__name__)

    check()


def form_fields_of(response) -> list[tuple[str, bool]]:
    """(name, is a file field) for every field of every form the page shows."""
    names = []
    contexts = response.context or []
    if isinstance(contexts, Context):  # one template rendered (a partial)
        contexts = [contexts]
    for context in contexts:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm):
                names += [
                    (value.add_prefix(n), isinstance(f, forms.FileField))
                    for n, f in value.fields.items()
                ]
    return sorted(set(names))


@pytest.mark.slow
@pytest.mark.django_db
def test_every_page_answers_hostile_posts_and_queries_without_a_500_or_raw_payload(doctor):
    world = build_world(doctor)
    client = Client(raise_request_exception=False)
    client.force_login(doctor)
    targets = []
    for route in own_routes():
        if route.name in PUBLIC:
            continue
        for url in urls_for(route, world)[:1]:
            response = client.get(url)
            targets.append((url, form_fields_of(response) if response.status_code == 200 else []))

    @settings(HYPOTHESIS, max_examples=3)
    @given(st.data())
    def check(draw_data):
        # One hostile text and one hostile file per example, sent to every field of every page:
        # drawing per field would exceed hypothesis's data budget with this many pages.
        text, upload = draw_data.draw(hostile_text), draw_data.draw(hostile_file)
        for url, fields in targets:
            query = {key: text for key in ("q", "page", "sort", "tag")}
            response = client.get(url, query)
            assert response.status_code < 500, f"GET {url} {query!r} gave a server error"
            assert_no_raw_payload(response.content if not response.streaming else b"", url)
            body = {
                name: SimpleUploadedFile("upload.csv", upload) if is_file else text
                for name, is_file in fields
            }
            with transaction.atomic():
                response = client.post(url, body, follow=True)
                assert response.status_code < 500, f"POST {url} {body!r} gave a server error"
                if not response.streaming:
                    assert_no_raw_payload(response.content, f"POST {url}")
                transaction.set_rollback(True)

    check()


# --- import parsers --------------------------------------------------------------------------
# (parse function, the error it raises for a file it cannot read). Add each new importer here.
PARSERS = [
    (publications.parse_references, publications.ReferenceFileError),
    (contact_importing.parse, ImportFileError),
]


@pytest.mark.parametrize("parse,error", PARSERS, ids=lambda p: getattr(p, "__qualname__", ""))
def test_every_import_parser_reads_or_clearly_refuses_hostile_files(parse, error):
    @HYPOTHESIS
    @given(hostile_file)
    def check(data):
        try:
            parse(data)
        except error as refused:
            assert str(refused), "the doctor must be told why the file was refused"

    check()
    for data in FILE_SAMPLES:  # every known nasty file, not just the ones hypothesis picks
        try:
            parse(data)
        except error as refused:
            assert str(refused)
    with pytest.raises(error):
        parse(b"@article{x, title={big}}" + b" " * (5 * 1024 * 1024))


@pytest.mark.django_db
def test_publication_import_survives_hostile_references_end_to_end(doctor_client, doctor):
    from collaboration.models import ReferenceUpload

    @HYPOTHESIS
    @given(title=hostile_text, author=hostile_text, year=hostile_text)
    def check(title, author, year):
        ris = f"TY  - JOUR\nTI  - {title}\nAU  - {author}\nPY  - {year}\nER  - \n"
        bib = "@article{k, title={" + title + "}, author={" + author + "}, year={" + year + "}}"
        for name, text in (("refs.ris", ris), ("refs.bib", bib)):
            upload = SimpleUploadedFile(name, text.encode("utf-8", "surrogatepass"))
            with transaction.atomic():
                response = doctor_client.post(
                    "/network/publications/import/", {"file": upload}, follow=True
                )
                assert response.status_code < 500
                # Nothing commits here, so the queued reading runs now, as a worker would.
                kept = ReferenceUpload.objects.get(owner=doctor)
                read_it = publications.read_upload(upload_id=kept.pk) or kept
                preview = doctor_client.get(f"/network/publications/import/{read_it.pk}/")
                assert preview.status_code < 500
                assert_no_raw_payload(preview.content, "import preview")
                response = doctor_client.post(
                    f"/network/publications/import/{read_it.pk}/confirm/", follow=True
                )
                assert response.status_code < 500
                assert_no_raw_payload(response.content, "publication list")
                transaction.set_rollback(True)

    check()


@pytest.mark.django_db
def test_contact_import_survives_hostile_rows_end_to_end(doctor):
    from contacts.importing.service import run_import, stage_import

    @HYPOTHESIS
    @given(name=hostile_text, email=hostile_text, phone=hostile_text, note=hostile_text)
    def check(name, email, phone, note):
        csv_text = (
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            f'"{name}","{note}",,"{email}",,"{phone}","{note}"\n'
        )
        vcard = f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nEMAIL:{email}\nTEL:{phone}\nEND:VCARD\n"
        for text in (csv_text, vcard):
            with transaction.atomic():
                try:
                    job = stage_import(
                        owner=doctor, filename=name, data=text.encode("utf-8", "surrogatepass")
                    )
                except ImportFileError as refused:
                    assert str(refused)
                else:
                    job.status = job.Status.QUEUED
                    job.save()
                    finished = run_import(job_id=job.pk)
                    assert finished.status == job.Status.DONE, finished.failure
                transaction.set_rollback(True)

    check()


@pytest.mark.django_db
@pytest.mark.parametrize("filename", ["events.ics", "events.csv"])
def test_event_import_rejects_hostile_rows_with_reasons_and_never_crashes(filename):
    from events.importing import import_events

    ics_event = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:{u}\nSUMMARY:{t}\n"
        "DTSTART:{d}\nDTEND:{d}\nLOCATION:{t}\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    csv_event = "title,kind,start,end,timezone,url\n{t},{t},{d},{d},{t},{t}\n"
    template = ics_event if filename.endswith(".ics") else csv_event

    @HYPOTHESIS
    @given(title=hostile_text, date=hostile_text, raw=hostile_file)
    def check(title, date, raw):
        text = template.format(u=title, t=title.replace("\n", " "), d=date.replace("\n", " "))
        for data in (text.encode("utf-8", "surrogatepass"), raw):
            result = import_events(data, filename=filename, dry_run=True)
            for rejection in result.rejected:
                assert rejection.reason

    check()
