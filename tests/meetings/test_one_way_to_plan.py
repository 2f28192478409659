"""One way to set a meeting's date: the direct "Plannen" (no poll), a chosen poll slot and a move all go through
planning.plan_meeting, so a first date always sends everyone expected an invitation (METHOD:REQUEST) and a new date
an update of the same event (SEQUENCE + 1)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.meetings.helpers import NOW, OCT, event_of, invitations, kickoff, pair, propose
from trajectories.models import MeetingPoll
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def post_date(client, meeting, start):
    return client.post(reverse("trajectories:meeting_schedule", args=[meeting.pk]),
                       {"start": f"{start:%Y-%m-%dT%H:%M}", "duration_minutes": "90", "location": "Aula"},
                       follow=True)


def test_plannen_without_a_poll_sends_each_person_one_invitation_and_moving_one_update(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        people = sorted(p.email for p in planning.expected_people(meeting))
        client.force_login(meeting.trajectory.adviser.user)
        page = client.get(reverse("trajectories:meeting_schedule", args=[meeting.pk])).content.decode()
        assert "Startgesprek plannen" in page
        response = post_date(client, meeting, OCT[0])
        assert "De bijeenkomst is gepland" in response.content.decode()
        sent = invitations("meeting_invitation")
        assert sorted(m.payload["to"][0] for m in sent) == people
        cal, event, _mimetype = event_of(sent[0])
        assert cal["METHOD"] == "REQUEST" and event["SEQUENCE"] == 0 and event.start == OCT[0]

        page = client.get(reverse("trajectories:meeting_schedule", args=[meeting.pk])).content.decode()
        assert "Startgesprek verplaatsen" in page
        response = post_date(client, meeting, OCT[1])
        assert "De bijeenkomst is verplaatst" in response.content.decode()
    updates = invitations("meeting_update")
    assert sorted(m.payload["to"][0] for m in updates) == people
    assert len(invitations("meeting_invitation")) == len(people)  # no second invitation
    _cal, event, _mimetype = event_of(updates[0])
    assert event["SEQUENCE"] == 1 and event.start == OCT[1]
    assert str(event["UID"]) == f"meeting-{meeting.pk}@lobmatch"


def test_planning_directly_closes_the_open_poll():
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        poll, _warnings = propose(meeting)
        planning.plan_meeting(meeting, start=OCT[2], duration_minutes=90, location="Aula",
                              by=meeting.trajectory.adviser.user)
    poll.refresh_from_db()
    assert poll.status == MeetingPoll.Status.CLOSED
    assert len(invitations("meeting_invitation")) == len(planning.expected_people(meeting))


def test_a_first_date_in_the_past_sends_nothing_a_later_move_updates_everyone():
    """A meeting recorded afterwards (to log it) is in nobody's calendar: no invitation for a past event."""
    meeting = kickoff(pair())
    adviser = meeting.trajectory.adviser.user
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    planning.plan_meeting(meeting, start=past, duration_minutes=90, location="Aula", by=adviser)
    assert invitations() == []
    planning.plan_meeting(meeting, start=past - dt.timedelta(days=1), duration_minutes=90, location="Aula",
                          by=adviser)
    assert len(invitations("meeting_update")) == len(planning.expected_people(meeting))
