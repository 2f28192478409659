"""A meeting date more than a year before or after its tranche is a slipped year in the date picker (0202, 2062,
9999): planning, moving and a poll refuse it with one message at the date field, keep what was typed, mail nobody
and never answer with a server error. A date closer to the tranche, outside the meeting's own period, still only
warns."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from lobmatch.models import OutboxMessage
from tests.meetings.helpers import NOW, OCT, at, kickoff, pair
from trajectories.models import Meeting
from trajectories.services import planning

pytestmark = pytest.mark.django_db

SAYS = "ligt meer dan een jaar vóór of na de periode van de tranche"


def closing(trajectory):
    return Meeting.objects.create(trajectory=trajectory, kind=Meeting.Kind.CLOSING, number=0, duration_minutes=90)


@pytest.mark.parametrize("start", [at(dt.date(202, 10, 6)), at(dt.date(2062, 10, 6)), at(dt.date(9999, 12, 31), 23)])
def test_the_service_refuses_a_date_years_away_from_the_tranche_and_mails_nobody(start):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        with pytest.raises(planning.SlotError, match=SAYS):
            planning.plan_meeting(meeting, start=start, duration_minutes=90, location="Aula",
                                  by=meeting.trajectory.adviser.user)
    meeting.refresh_from_db()
    assert meeting.planned_start is None and not OutboxMessage.objects.exists()


def test_a_date_outside_the_period_but_within_a_year_only_warns():
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        warnings = planning.plan_meeting(meeting, start=at(dt.date(2027, 9, 6)), duration_minutes=90,
                                         location="Aula", by=meeting.trajectory.adviser.user)
    assert any("buiten de periode van de startgesprekken" in w for w in warnings)


def test_moving_to_the_year_9999_is_said_at_the_date_field_and_keeps_what_was_typed(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        planning.plan_meeting(meeting, start=OCT[0], duration_minutes=90, location="Aula",
                              by=meeting.trajectory.adviser.user)
        sent = OutboxMessage.objects.count()
        response = client.post(reverse("trajectories:meeting_schedule", args=[meeting.pk]),
                               {"start": "9999-12-31T23:00", "duration_minutes": "120", "location": "Bibliotheek"})
    html = response.content.decode()
    assert response.status_code == 400
    field = re.search(r'<input[^>]*name="start"[^>]*>', html).group(0)
    assert "is-invalid" in field and 'value="9999-12-31T23:00"' in field
    error = re.search(r'id="error_1_id_start"[^>]*>(.*?)</', html, re.S)
    assert error and SAYS in error.group(1) and "Controleer het jaartal" in error.group(1)
    assert 'value="Bibliotheek"' in html and 'value="120"' in html
    meeting.refresh_from_db()
    assert meeting.planned_start == OCT[0] and OutboxMessage.objects.count() == sent


def test_a_poll_slot_in_the_year_9999_is_refused_at_its_field(client):
    """The closing conversation's period has no last day, so only this rule stops such a slot."""
    with time_machine.travel(NOW, tick=False):
        meeting = closing(pair())
        client.force_login(meeting.trajectory.adviser.user)
        response = client.post(reverse("trajectories:poll_create", args=[meeting.pk]), {
            "slot_1": "2026-11-10T14:00", "slot_2": "9999-12-31T23:00", "duration_minutes": "90", "location": "Aula"})
    html = response.content.decode()
    assert response.status_code == 400
    error = re.search(r'id="error_1_id_slot_2"[^>]*>(.*?)</', html, re.S)
    assert error and SAYS in error.group(1)
    assert 'value="2026-11-10T14:00"' in html and not OutboxMessage.objects.exists()
