import uuid

from django.urls import reverse, set_script_prefix

from core.reversing import fixed_url, url_pattern


def test_fixed_url_gives_what_reverse_gives_under_each_script_prefix():
    assert fixed_url("reminders:follow_up_create") == reverse("reminders:follow_up_create")
    set_script_prefix("/netmed/")
    try:
        assert fixed_url("reminders:follow_up_create") == reverse("reminders:follow_up_create")
        assert fixed_url("reminders:follow_up_create").startswith("/netmed/")
    finally:
        set_script_prefix("/")
    assert not fixed_url("reminders:follow_up_create").startswith("/netmed/")


def test_url_pattern_gives_what_reverse_gives_for_an_object():
    pk = uuid.uuid4()
    assert url_pattern("contacts:detail").format(pk) == reverse("contacts:detail", args=[pk])
