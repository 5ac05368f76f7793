from django.db import migrations


def link_logged_interactions(apps, schema_editor):
    """Meetings logged before ``Meeting.interactions`` existed: link the "mentoring" interaction
    each logged (same doctor, contact, date and note, as ``services.record_meeting`` wrote it), so
    the contact timeline shows those meetings once too."""
    Meeting = apps.get_model("mentorship", "Meeting")
    Interaction = apps.get_model("contacts", "Interaction")
    for meeting in Meeting.objects.select_related("mentorship").iterator():
        mentorship = meeting.mentorship
        note = f"Mentorship meeting. {meeting.agenda}".strip()[:500]
        for user_id, contact_id in (
            (mentorship.owner_id, mentorship.contact_id),
            (mentorship.member_id, mentorship.member_contact_id),
        ):
            if user_id is None or contact_id is None:
                continue
            logged = (
                Interaction.objects.filter(
                    owner_id=user_id,
                    kind__code="mentoring",
                    occurred_on=meeting.held_on,
                    note=note,
                    contacts=contact_id,
                    mentorship_meetings=None,
                )
                .order_by("created_at")
                .first()
            )
            if logged is not None:
                meeting.interactions.add(logged)


class Migration(migrations.Migration):

    dependencies = [
        ("contacts", "0005_contact_version"),
        ("mentorship", "0004_capacity_and_meeting_interactions"),
    ]

    operations = [
        migrations.RunPython(link_logged_interactions, migrations.RunPython.noop),
    ]
