"""The design system's living page (/styleguide/) and its tags (core/templatetags/ui.py)."""

import datetime as dt
import uuid

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch

from accounts.models import Theme


def test_styleguide_renders_every_component_when_debug_is_on(doctor_client, settings):
    settings.DEBUG = True
    response = doctor_client.get("/styleguide/")
    assert response.status_code == 200
    html = response.content.decode()
    for component in (
        'class="page-header"',
        'class="card"',
        'class="person"',
        'class="badge badge-warning"',
        'class="btn btn-primary"',
        'class="btn btn-secondary btn-sm"',
        'class="btn btn-quiet"',
        'class="form-2col"',
        'class="empty-state"',
        'class="toast toast-success"',
        'class="tabs"',
        'class="table table-cards"',
        'data-label="Organisation"',
    ):
        assert component in html, component


def test_styleguide_is_not_found_when_debug_is_off(doctor_client, settings):
    settings.DEBUG = False
    assert doctor_client.get("/styleguide/").status_code == 404


def test_outsider_gets_404_for_the_styleguide_outside_development(outsider_client, settings):
    settings.DEBUG = False
    assert outsider_client.get("/styleguide/").status_code == 404


def test_icon_tag_draws_a_hidden_icon_from_the_sprite():
    html = Template('{% icon "user-plus" %}').render(Context())
    assert 'aria-hidden="true"' in html
    assert '<use href="/static/icons/sprite.svg#user-plus"></use>' in html


def test_icon_tag_with_a_label_is_named_for_assistive_technology():
    html = Template('{% icon "x" label="Remove" %}').render(Context())
    assert 'role="img" aria-label="Remove"' in html and "aria-hidden" not in html


def test_every_icon_a_template_draws_is_in_the_sprite(settings):
    import re
    from pathlib import Path

    sprite = (Path(settings.BASE_DIR) / "static" / "icons" / "sprite.svg").read_text()
    symbols = set(re.findall(r'<symbol id="([^"]+)"', sprite))
    used = set()
    for template in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        used |= set(re.findall(r'{%\s*icon\s+"([^"]+)"', template.read_text()))
    assert used, "no template draws an icon"
    assert used <= symbols, f"not in static/icons/sprite.svg (bin/build-icons): {used - symbols}"


def test_initials_skip_titles_and_keep_first_and_last():
    html = Template("{{ a|initials }} {{ b|initials }} {{ c|initials }}").render(
        Context({"a": "Dr Jane Mary Citizen", "b": "Prof. Reid", "c": ""})
    )
    assert html == "JC R ?"


def test_a_doctors_chosen_theme_is_set_on_the_page(doctor, doctor_client):
    doctor.theme = Theme.DARK
    doctor.save(update_fields=["theme"])
    page = doctor_client.get("/dashboard/").content.decode()
    assert '<html lang="en-AU" data-theme="dark">' in page


def test_the_system_theme_leaves_the_page_to_the_device(doctor_client):
    assert '<html lang="en-AU">' in doctor_client.get("/dashboard/").content.decode()


def test_the_profile_offers_system_light_and_dark(doctor_client):
    response = doctor_client.get("/accounts/profile/")
    form = response.context["form"]
    assert [value for value, _ in form.fields["theme"].choices] == ["system", "light", "dark"]


def test_a_missing_page_is_the_designed_404(doctor_client):
    response = doctor_client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"There is nothing at this address" in response.content
    assert b'class="error-page"' in response.content


def test_the_500_page_renders_without_a_request():
    """Django renders it with no context processors: nothing may need the request or user."""
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html and 'class="error-page"' in html


# The avatar tag and the url_of filter are what the list rows use instead of an include and a
# {% url %} per row (issue 22): each must give exactly what it replaces.
_OLD_AVATAR = (
    '{% if photo_url %}<img class="avatar{% if size %} avatar-{{ size }}{% endif %}" '
    'src="{{ photo_url }}" alt="" loading="lazy" width="40" height="40">{% else %}<span '
    'class="avatar{% if size %} avatar-{{ size }}{% endif %} avatar-tone-{{ name|avatar_tone }}" '
    'aria-hidden="true">{{ name|initials }}</span>{% endif %}'
)


@pytest.mark.parametrize(
    "values",
    [
        {"name": "Dr Jane Citizen", "size": "sm"},
        {"name": "<b>Ngo</b> & Li", "size": ""},
        {"name": "Prof Tom Reid", "size": "lg", "photo_url": "/media/p.jpg?a=1&b=2"},
        {"name": ""},
    ],
)
def test_the_avatar_tag_draws_what_the_avatar_template_drew(values):
    tag = Template("{% avatar name size=size photo_url=photo_url %}").render(Context(values))
    assert tag == Template(_OLD_AVATAR).render(Context(values))


def test_the_avatar_include_draws_the_tags_markup():
    values = {"name": "Dr Jane Citizen", "size": "sm"}
    include = Template('{% include "includes/ui/avatar.html" %}').render(Context(values))
    assert include.strip() == Template(_OLD_AVATAR).render(Context(values))


# includes/ui/person.html as it was before the {% person %} tag drew it.
_OLD_PERSON = """<div class="person">
  {% avatar name size=size photo_url=photo_url %}
  <div class="person-body">
    {% if url %}<a class="person-name" href="{{ url }}">{{ name }}</a>{% else %}<span class="person-name">{{ name }}</span>{% endif %}
    {% if meta %}<span class="person-meta">{{ meta }}</span>{% endif %}
  </div>
</div>"""  # noqa: E501


@pytest.mark.parametrize(
    "values",
    [
        {"name": "Dr Priya Raman", "url": "/contacts/1/", "meta": "Cardiology", "size": "sm"},
        {"name": "<b>Ngo</b> & Li", "meta": "met at <an> earlier event"},
        {"name": "Prof Tom Reid", "url": "/c/?a=1&b=2", "photo_url": "/media/p.jpg"},
        {"name": ""},
    ],
)
def test_the_person_tag_draws_what_the_person_template_drew(values):
    tag = Template("{% person name url=url meta=meta size=size photo_url=photo_url %}").render(
        Context(values)
    )
    assert tag == Template(_OLD_PERSON).render(Context(values))
    include = Template('{% include "includes/ui/person.html" %}').render(Context(values))
    assert include.strip() == tag


def test_url_of_gives_what_the_url_tag_gives(db):
    pk = uuid.uuid4()
    context = Context({"pk": pk})
    assert Template("{{ pk|url_of:'events:detail' }}").render(context) == Template(
        "{% url 'events:detail' pk %}"
    ).render(context)
    assert Template("{{ pk|url_of:'contacts:detail' }}").render(context) == f"/contacts/{pk}/"


def test_url_of_without_an_object_fails_as_the_url_tag_does():
    with pytest.raises(NoReverseMatch):
        Template("{{ missing|url_of:'events:detail' }}").render(Context({}))


@pytest.mark.parametrize(
    ("ours", "django_format"), [("dmy", "d/m/Y"), ("day_dmy", "D d/m/Y")], ids=["dmy", "day_dmy"]
)
@pytest.mark.parametrize(
    "value",
    [
        *(dt.date(2026, 12, 7) + dt.timedelta(days=n) for n in range(7)),  # Monday to Sunday
        dt.date(2027, 2, 28),
        dt.date(987, 1, 5),
        # 22:30 UTC on the last day of the year is New Year's Day (a Friday) in Sydney: both
        # filters must say 01/01/2027 (the template engine converts to local time for both).
        dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC),
        None,
        "",
        "not a date",
    ],
)
def test_the_date_filters_give_what_the_date_filter_gives(ours, django_format, value, settings):
    settings.TIME_ZONE = "Australia/Sydney"
    context = Context({"value": value})
    rendered = Template(f"{{{{ value|{ours} }}}}").render(context)
    assert rendered == Template(f'{{{{ value|date:"{django_format}" }}}}').render(context)


def test_day_dmy_names_the_weekday_in_the_active_language():
    from django.utils import translation

    context = Context({"value": dt.date(2026, 12, 7)})
    with translation.override("de"):
        ours = Template("{{ value|day_dmy }}").render(context)
        django = Template('{{ value|date:"D d/m/Y" }}').render(context)
    assert ours == django
