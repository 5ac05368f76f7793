"""The newcomer's first hour: what `bin/run` says, the demo staff login, the admin for a doctor,
and the wording of account emails."""

import logging
import os
import re
import socket

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from core import demo
from netmed import devserver
from tests.factories import PASSWORD


def test_a_busy_port_is_refused_before_anything_starts_naming_its_holder_and_the_way_out(capsys):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]

        with pytest.raises(SystemExit) as stopped:
            devserver._refuse_busy_port(port)

    said = capsys.readouterr().err
    assert stopped.value.code == 2
    assert f"Port {port} is busy: another program is using it." in said
    assert f"held by pid {os.getpid()}: " in said  # this very process holds it
    assert "--port 8001" in said and "NETMED_PORT=8001" in said
    assert "NetMed is running" not in said


def test_a_free_port_is_let_through():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    devserver._refuse_busy_port(port)  # returns: nothing holds it


@pytest.mark.django_db
def test_the_demo_staff_account_has_an_authenticator_whose_code_the_command_prints(
    settings, capsys
):
    settings.DEBUG = True
    demo.enrol_demo_staff_in_totp(staff := User.objects.create(email="staff@netmed.local"))
    demo.enrol_demo_staff_in_totp(staff)  # idempotent, as seed_demo is

    call_command("demo_totp")
    code = capsys.readouterr().out.strip()

    [authenticator] = Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP)
    assert re.fullmatch(r"\d{6}", code)
    assert TOTP(authenticator).validate_code(code)


@pytest.mark.django_db
def test_outside_development_there_is_no_demo_code(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="only in development"):
        call_command("demo_totp")


@pytest.mark.django_db
def test_a_doctor_who_opens_the_admin_gets_the_sites_own_page_and_no_traceback(
    doctor_client, caplog
):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = doctor_client.get(reverse("admin:index"), follow=True)

    assert response.status_code == 403
    page = response.content.decode()
    assert "open to staff accounts only" in page
    assert reverse("home") in page and "Back to your dashboard" in page
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.django_db
def test_staff_still_reach_the_admin_login_and_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_account_emails_speak_as_netmed_not_as_the_host(client, settings):
    settings.SITE_URL = "https://netmed.example.org"
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    [message] = mail.outbox
    assert message.subject.startswith("NetMed: ")
    assert message.body.startswith("Hello from NetMed,")
    assert "gave this email address to a NetMed account" in message.body
    # The host appears only in the link itself, never as the site's name.
    assert [line for line in message.body.splitlines() if "testserver" in line] == [
        re.search(r"http://testserver/accounts/confirm-email/\S+", message.body).group(0)
    ]
    assert message.body.rstrip().endswith("https://netmed.example.org")
