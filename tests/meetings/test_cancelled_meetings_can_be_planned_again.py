"""A cancelled meeting is not a dead end: the adviser plans it again, directly or through a poll, and everyone
expected gets one new invitation for the same calendar event (same UID, SEQUENCE above the cancellation's), so it
comes back in their calendars. A logged meeting stays closed."""

import pytest
import time_machine
from django.urls import reverse

from tests.meetings.helpers import NOW, OCT, event_of, invitations, kickoff, pair, propose
from trajectories.models import Meeting
from trajectories.services import planning
from trajectories.services.meetings import MeetingError

pytestmark = pytest.mark.django_db


def planned_then_cancelled():
    meeting = kickoff(pair())
    adviser = meeting.trajectory.adviser.user
    planning.plan_meeting(meeting, start=OCT[0], duration_minutes=90, location="Aula", by=adviser)
    planning.cancel_meeting(meeting, by=adviser)
    return meeting, adviser


def test_the_trajectory_page_offers_to_plan_a_cancelled_meeting_again_and_the_form_says_what_happens(client):
    with time_machine.travel(NOW, tick=False):
        meeting, adviser = planned_then_cancelled()
        client.force_login(adviser)
        page = client.get(reverse("trajectories:trajectory_detail", args=[meeting.trajectory_id])).content.decode()
        schedule = reverse("trajectories:meeting_schedule", args=[meeting.pk])
        assert f'href="{schedule}">Opnieuw plannen' in page
        assert f'href="{reverse("trajectories:poll_create", args=[meeting.pk])}">Tijdstippen voorstellen' in page
        form = client.get(schedule).content.decode()
        assert "Startgesprek plannen" in form and "Deze bijeenkomst is geannuleerd." in form
        assert "Bijeenkomst annuleren" not in form
        poll_form = client.get(reverse("trajectories:poll_create", args=[meeting.pk])).content.decode()
        assert "Deze bijeenkomst is geannuleerd." in poll_form and "staat gepland op" not in poll_form


def test_planning_a_cancelled_meeting_again_sends_each_person_one_new_invitation_of_the_same_event(client):
    with time_machine.travel(NOW, tick=False):
        meeting, adviser = planned_then_cancelled()
        people = sorted(p.email for p in planning.expected_people(meeting))
        [cancel_sequence] = {event_of(m)[1]["SEQUENCE"] for m in invitations("meeting_cancelled")}
        before = len(invitations("meeting_invitation"))
        client.force_login(adviser)
        response = client.post(reverse("trajectories:meeting_schedule", args=[meeting.pk]),
                               {"start": f"{OCT[2]:%Y-%m-%dT%H:%M}", "duration_minutes": "90", "location": "Aula"},
                               follow=True)
        assert "De bijeenkomst is opnieuw gepland" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and meeting.planned_start == OCT[2]
    again = invitations("meeting_invitation")[before:]
    assert sorted(m.payload["to"][0] for m in again) == people
    assert invitations("meeting_update") == []
    cal, event, _mimetype = event_of(again[0])
    assert cal["METHOD"] == "REQUEST" and event["SEQUENCE"] == cancel_sequence + 1
    assert str(event["UID"]) == f"meeting-{meeting.pk}@lobmatch" and event.start == OCT[2]
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_poll_for_a_cancelled_meeting_plans_it_again_when_a_slot_is_chosen():
    with time_machine.travel(NOW, tick=False):
        meeting, adviser = planned_then_cancelled()
        poll, _warnings = propose(meeting, OCT[1:])
        planning.choose_slot(poll, poll.slots.order_by("start").first(), by=adviser)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and meeting.planned_start == OCT[1]


def test_a_logged_meeting_can_be_neither_planned_nor_polled_again():
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
        with pytest.raises(MeetingError, match="al vastgelegd"):
            planning.plan_meeting(meeting, start=OCT[0], duration_minutes=90, location="Aula",
                                  by=meeting.trajectory.adviser.user)
        with pytest.raises(MeetingError, match="al vastgelegd"):
            propose(meeting)
    assert invitations() == []
