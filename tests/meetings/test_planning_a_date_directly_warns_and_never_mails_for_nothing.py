"""Planning or moving a meeting directly gives the same warnings as a poll's slots (another of the adviser's
meetings at that time, a school holiday, outside the tranche's window), and saving the date, duration and place the
meeting already has is refused instead of mailing everyone an update that changes nothing (a double tap included)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from tests.meetings.helpers import NOW, OCT, at, invitations, kickoff, pair
from trajectories.models import Meeting
from trajectories.services import planning
from trajectories.services.meetings import MeetingError

pytestmark = pytest.mark.django_db


def post_date(client, meeting, start, duration="90", location="Aula"):
    return client.post(reverse("trajectories:meeting_schedule", args=[meeting.pk]),
                       {"start": f"{start:%Y-%m-%dT%H:%M}", "duration_minutes": duration, "location": location},
                       follow=True)


def test_saving_the_same_date_again_is_refused_and_mails_nobody(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        post_date(client, meeting, OCT[0])
        sent = len(invitations())
        response = post_date(client, meeting, OCT[0], location="  Aula ")
        assert response.status_code == 400
        html = response.content.decode()
        assert "Er is niets gewijzigd" in html and 'value="  Aula "' in html  # what was typed stays
        assert len(invitations()) == sent
        meeting.refresh_from_db()
        assert meeting.sequence == 0
        # any change is a move: one update each
        post_date(client, meeting, OCT[0], duration="120")
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and len(invitations("meeting_update")) == len(planning.expected_people(meeting))


def test_the_service_refuses_an_unchanged_date_whatever_the_path():
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        adviser = meeting.trajectory.adviser.user
        planning.plan_meeting(meeting, start=OCT[0], duration_minutes=90, location="Aula", by=adviser)
        with pytest.raises(MeetingError, match="Er is niets gewijzigd"):
            planning.plan_meeting(meeting, start=OCT[0].astimezone(dt.UTC), duration_minutes=90, location="Aula",
                                  by=adviser)


def test_moving_onto_another_meeting_of_the_adviser_in_a_holiday_warns_as_the_poll_does(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        adviser = meeting.trajectory.adviser.user
        other = kickoff(pair())
        other.trajectory.adviser = meeting.trajectory.adviser
        other.trajectory.save()
        autumn = at(dt.date(2026, 10, 20))  # herfstvakantie midden: 17–25 October 2026
        planning.plan_meeting(other, start=autumn, duration_minutes=90, location="Aula", by=adviser)
        client.force_login(adviser)
        post_date(client, meeting, OCT[0])
        with translation.override("nl"):
            expected = planning.slot_warnings(meeting, [autumn], 90)
        assert any("overlapt met uw" in w for w in expected) and any("herfstvakantie" in w for w in expected)
        html = post_date(client, meeting, autumn).content.decode()
        assert "De bijeenkomst is verplaatst" in html
        for warning in expected:
            assert warning.replace("'", "&#x27;") in html
        # outside the kickoff window: the window's warning too, from the same service call
        late = at(dt.date(2026, 11, 4))
        warnings = planning.plan_meeting(meeting, start=late, duration_minutes=90, location="Aula", by=adviser)
    assert any("buiten de periode van de startgesprekken" in w for w in warnings)
    assert Meeting.objects.get(pk=meeting.pk).planned_start == late
