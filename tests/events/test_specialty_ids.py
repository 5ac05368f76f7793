"""``Event.specialty_ids``, browse's copy of an event's specialties, kept by every writer of them
(``events.services.store_specialty_ids``): the event form, the admin, next year's copy and imports.
"""

import pytest
from django.utils import timezone

from events.forms import EventForm
from events.importing import import_events
from events.models import Event
from events.services import copy_to_next_year, save_event, store_specialty_ids
from tests.factories import EventFactory, event_form_data, term

pytestmark = pytest.mark.django_db


def _specialties(*codes):
    return sorted(term("specialty", code).pk for code in codes)


def test_saving_the_event_form_keeps_the_specialty_ids_when_creating_and_editing(doctor):
    physician, surgery = term("specialty", "physician"), term("specialty", "surgery")
    form = EventForm(event_form_data(specialties=[surgery.pk, physician.pk]))
    assert form.is_valid(), form.errors
    event = save_event(form=form, owner=doctor)
    assert Event.objects.get(pk=event.pk).specialty_ids == _specialties("physician", "surgery")
    form = EventForm(event_form_data(specialties=[]), instance=event)
    assert form.is_valid(), form.errors
    save_event(form=form)
    assert Event.objects.get(pk=event.pk).specialty_ids == []


def test_the_admin_keeps_the_specialty_ids(staff_client, rf):
    from django.contrib.admin import site

    from accounts.models import User

    event = EventFactory(specialties=[term("specialty", "physician")])
    model_admin = site._registry[Event]
    request = rf.post("/")
    request.user = User.objects.get(pk=staff_client.session["_auth_user_id"])
    form_class = model_admin.get_form(request, event)
    initial = form_class(instance=event)
    data = {name: initial[name].value() for name in initial.fields}
    data = {k: v for k, v in data.items() if v is not None}
    data["specialties"] = [term("specialty", "surgery").pk]
    for name in ("starts_at", "ends_at"):  # the admin's split date and time widget
        local = timezone.localtime(getattr(event, name))
        data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), local.strftime("%H:%M")
    form = form_class(data, instance=event)
    assert form.is_valid(), form.errors
    model_admin.save_model(request, form.save(commit=False), form, change=True)
    model_admin.save_related(request, form, [], change=True)
    event.refresh_from_db()
    assert event.specialty_ids == _specialties("surgery")


def test_next_years_copy_keeps_the_specialty_ids():
    event = EventFactory(
        title="RACP Congress 2027", specialties=[term("specialty", "physician")], owner=None
    )
    (copy,) = copy_to_next_year(Event.objects.filter(pk=event.pk))
    copy.refresh_from_db()
    assert copy.specialty_ids == _specialties("physician")


def test_an_import_keeps_the_specialty_ids():
    csv = (
        "uid,title,kind,start,specialties\n"
        "u-1,Paeds day,conference,2030-05-10,paediatrics;physician\n"
    )
    import_events(csv.encode(), filename="events.csv", publish=True)
    assert Event.objects.get(import_uid="u-1").specialty_ids == _specialties(
        "paediatrics", "physician"
    )


def test_storing_the_specialty_ids_empties_them_for_an_event_with_none_left():
    event = EventFactory(specialties=[term("specialty", "physician")])
    event.specialties.clear()
    store_specialty_ids([event.pk])
    event.refresh_from_db()
    assert event.specialty_ids == []
