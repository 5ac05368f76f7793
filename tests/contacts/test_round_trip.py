"""Exports come back whole: generated contacts (any Unicode names, nicknames with ``,;\\``,
several emails, phones and links, photos, tags) exported as vCard 4.0, vCard 3.0 and CSV and
imported into a new account compare equal; imported again, they add nothing."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from contacts import exporting
from contacts.importing import service
from contacts.models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    Organisation,
    Position,
    Tag,
)
from tests import factories

pytestmark = pytest.mark.django_db

FORMATS = [("vcard", "4.0"), ("vcard", "3.0"), ("csv", "")]
IMPORT_TAGS = {"imported from vcard", "imported from a netmed export"}
PHONE_LABELS = ["mobile", "work", "home", "fax", "main", ""]
ORGANISATIONS = ["Royal Prince Alfred Hospital", "Hôpital Saint-Éloi, Montpellier", "Monash Health"]
LINK_FORMS = [
    "https://orcid.org/0000-0002-{n:04d}-0097",
    "https://www.linkedin.com/in/person-{n}",
    "https://example.org/people/{n}",
]

# Names: letters of any script, combining marks, digits, inner spaces, hyphens, apostrophes.
name_text = (
    st.text(
        alphabet=st.characters(categories=("L", "M", "Nd"), include_characters=" -'.’"),
        min_size=1,
        max_size=24,
    )
    .map(str.strip)
    .filter(lambda s: s and s[0] not in "-'")
)
# Nicknames, notes and tags also carry the characters vCard and CSV must escape.
tricky_text = (
    st.text(
        alphabet=st.characters(categories=("L", "M", "Nd", "P"), include_characters=" ,;\\"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(lambda s: s and s[0] not in "=+-@'")
)


@st.composite
def person(draw):
    return {
        "prefix": draw(st.sampled_from(["", "Dr", "Prof", "A/Prof"])),
        "given_name": draw(st.one_of(st.just(""), name_text)),
        "family_name": draw(name_text),
        "preferred_name": draw(st.one_of(st.just(""), tricky_text.map(lambda s: s[:100]))),
        "emails": draw(st.integers(0, 3)),
        "phones": draw(st.lists(st.sampled_from(PHONE_LABELS), max_size=3)),
        "links": draw(st.lists(st.sampled_from(LINK_FORMS), max_size=3, unique=True)),
        "tags": draw(
            st.lists(tricky_text.map(lambda s: s[:60].strip()), max_size=3).map(
                lambda tags: [t for t in tags if "; " not in t and t]
            )
        ),
        "organisation": draw(st.sampled_from(["", *ORGANISATIONS])),
        "title": draw(st.one_of(st.just(""), tricky_text.map(lambda s: s[:150]))),
        "city": draw(st.sampled_from(["", "Sydney", "Zürich", "Ōsaka"])),
        "country": draw(st.sampled_from(["", "AU", "NZ", "GB", "IN"])),
        "birthday": draw(
            st.one_of(
                st.none(),
                st.tuples(
                    st.one_of(st.none(), st.integers(1930, 2005)),
                    st.integers(1, 12),
                    st.integers(1, 28),
                ),
            )
        ),
        "notes": draw(st.one_of(st.just(""), st.lists(tricky_text, max_size=3).map("\n".join))),
        "how_we_met": draw(st.one_of(st.just(""), tricky_text)),
        "specialty": draw(st.sampled_from(["", "physician", "surgery", "anaesthesia"])),
        "career_stage": draw(st.sampled_from(["", "resident", "staff_specialist"])),
        "photo": draw(st.one_of(st.none(), st.tuples(*[st.integers(0, 255)] * 3))),
        "fellowships": draw(
            st.lists(st.sampled_from(["FRACP", "FACEM", "FRACDS(OMS)"]), unique=True, max_size=2)
        ),
    }


def png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), colour).save(buffer, "PNG")
    return buffer.getvalue()


def make_network(owner, people: list[dict]) -> None:
    """The generated people as contacts of ``owner``, each email, phone and link unique."""
    for n, p in enumerate(people):
        contact = Contact.objects.create(
            owner=owner,
            **{k: p[k] for k in ("prefix", "given_name", "family_name", "preferred_name")},
            **{k: p[k] for k in ("city", "country", "notes", "how_we_met")},
            specialty=factories.term("specialty", p["specialty"]) if p["specialty"] else None,
            career_stage=(
                factories.term("career_stage", p["career_stage"]) if p["career_stage"] else None
            ),
            birthday_year=p["birthday"][0] if p["birthday"] else None,
            birthday_month=p["birthday"][1] if p["birthday"] else None,
            birthday_day=p["birthday"][2] if p["birthday"] else None,
            fellowships=p["fellowships"],
        )
        for i in range(p["emails"]):
            ContactEmail.objects.create(
                contact=contact, email=f"person{n}.{i}@health.example.org", is_primary=i == 0
            )
        for i, label in enumerate(p["phones"]):
            number = f"+6141{n:03d}{i:04d}"
            ContactPhone.objects.create(contact=contact, number=number, label=label)
        for form in p["links"]:
            ContactLink.objects.create(contact=contact, kind="website", url=form.format(n=n))
        for name in p["tags"]:
            tag = Tag.objects.filter(owner=owner, name__iexact=name).first()
            contact.tags.add(tag or Tag.objects.create(owner=owner, name=name))
        if p["organisation"]:
            organisation, _ = Organisation.objects.get_or_create(
                owner=owner, name=p["organisation"]
            )
            Position.objects.create(contact=contact, organisation=organisation, title=p["title"])
        if p["photo"]:
            contact.photo.save(f"{contact.pk}.png", ContentFile(png(p["photo"])))


def snapshot(owner, fmt: str) -> list[tuple]:
    """Everything a format carries about each of ``owner``'s contacts, comparably."""
    rows = []
    for c in Contact.objects.for_user(owner).prefetch_related(
        "emails", "phones", "links", "tags", "positions__organisation"
    ):
        position = next(iter(c.positions.all()), None)
        photo = None
        if fmt == "vcard" and c.photo:
            with c.photo.open("rb") as handle:
                photo = hashlib.sha256(handle.read()).hexdigest()
        rows.append(
            (
                c.prefix,
                c.given_name,
                c.family_name,
                c.preferred_name,
                tuple(sorted(e.email.lower() for e in c.emails.all())),
                tuple(
                    sorted((p.number, p.label if fmt == "vcard" else "") for p in c.phones.all())
                ),
                tuple(sorted(link.url for link in c.links.all())),
                tuple(sorted({t.name.lower() for t in c.tags.all()} - IMPORT_TAGS)),
                (position.organisation.name, position.title) if position else None,
                c.city,
                str(c.country),
                (c.birthday_year, c.birthday_month, c.birthday_day),
                c.notes,
                c.how_we_met,
                c.specialty_id and c.specialty.code,
                c.career_stage_id and c.career_stage.code,
                tuple(c.fellowships),
                photo,
            )
        )
    return sorted(rows, key=repr)


def export(owner, kind: str, version: str) -> bytes:
    contacts = exporting.exported_contacts(owner)
    if kind == "vcard":
        return "".join(exporting.vcards(contacts, version=version)).encode()
    return "".join(exporting.csv_lines(contacts)).encode()


def import_file(owner, data: bytes) -> int:
    job = service.stage_import(owner=owner, filename="export", data=data)
    rows = [service.ParsedContact.from_json(r.data) for r in job.rows.all()]
    return service.write_contacts(owner=owner, contacts=rows).created


@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=st.lists(person(), min_size=1, max_size=4))
def test_every_export_imports_into_a_new_account_equal_and_a_second_time_adds_nothing(
    people, settings, tmp_path_factory
):
    # Distinct people (the importer rightly takes the same name at the same place as one).
    keys = [(p["given_name"].lower(), p["family_name"].lower(), p["organisation"]) for p in people]
    assume(len(set(keys)) == len(keys))
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    doctor = factories.UserFactory()
    make_network(doctor, people)

    for kind, version in FORMATS:
        data = export(doctor, kind, version)
        newcomer = factories.UserFactory()

        assert import_file(newcomer, data) == len(people), (kind, version)
        assert snapshot(newcomer, kind) == snapshot(doctor, kind), (kind, version)
        assert import_file(newcomer, data) == 0, (kind, version)


def test_a_contact_with_only_an_email_comes_back_with_no_made_up_name(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    doctor, newcomer = factories.UserFactory(), factories.UserFactory()
    contact = Contact.objects.create(owner=doctor)
    ContactEmail.objects.create(contact=contact, email="only.email@health.example.org")

    import_file(newcomer, export(doctor, "vcard", "4.0"))

    back = Contact.objects.for_user(newcomer).get()
    assert (back.given_name, back.family_name) == ("", "")
    assert back.emails.get().email == "only.email@health.example.org"
