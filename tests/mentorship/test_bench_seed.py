"""The bench scenarios seed mentorship, so the page timings have a mentorship page and a full
directory to measure (issue 10)."""

import pytest

from bench import seed
from bench.pages import _first_of
from mentorship.models import MentorProfile, Mentorship


@pytest.mark.django_db
def test_the_small_scenario_seeds_the_directory_and_the_leads_busy_mentorship():
    seed.ensure("small", log=lambda *_: None)
    from accounts.models import User

    lead = User.objects.get(email=seed.lead_email("small"))

    profiles = MentorProfile.objects.published().with_mentees()
    assert profiles.count() == seed.MENTORS
    assert profiles.filter(specialties__isnull=False).distinct().count() == seed.MENTORS
    assert 0 < profiles.taking_mentees().count() < seed.MENTORS  # some are full
    busy = Mentorship.objects.get(pk=_first_of("mentorship", "Mentorship")(lead))
    assert busy.owner == lead and busy.member is not None
    assert busy.meetings.count() == seed.BUSY_MEETINGS
    assert busy.action_items.count() == seed.BUSY_ACTIONS
    private = Mentorship.objects.filter(owner=lead, member=None)
    assert private.count() == 2 and all(m.contact.owner == lead for m in private)

    seed.reset("small")

    assert not Mentorship.objects.exists() and not MentorProfile.objects.exists()
