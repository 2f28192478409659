"""Invitations that update: choosing a slot sends everyone expected one METHOD:REQUEST of the meeting's one event;
moving it sends one update with a higher SEQUENCE (the same UID), cancelling sends METHOD:CANCEL; the local time is
right on both sides of the DST changes of March and October."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.meetings.helpers import NOW, OCT, at, event_of, invitations, kickoff, pair, propose
from trajectories.models import Meeting
from trajectories.services import planning

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def planned():
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        poll, _w = propose(meeting)
        planning.choose_slot(poll, poll.slots.first(), by=poll.created_by)
    meeting.refresh_from_db()
    return meeting


def test_choosing_a_slot_plans_the_meeting_and_sends_each_person_one_invitation():
    meeting = planned()
    assert meeting.planned_start == OCT[0] and meeting.sequence == 0 and meeting.location == "Aula"
    sent = invitations("meeting_invitation")
    people = {p.email for p in planning.expected_people(meeting)}
    assert sorted(m.payload["to"][0] for m in sent) == sorted(people)  # one each, the adviser included
    cal, event, mimetype = event_of(sent[0])
    assert cal["METHOD"] == "REQUEST" and "method=REQUEST" in mimetype
    assert str(event["UID"]) == f"meeting-{meeting.pk}@lobmatch" and event["SEQUENCE"] == 0
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.start == OCT[0] and event.start.hour == 14
    attendees = {str(a).removeprefix("mailto:") for a in event["ATTENDEE"]}
    adviser = meeting.trajectory.adviser.user.email.lower()
    ambassador = f"ambassadeur{meeting.trajectory_id}@example.org"
    assert {adviser, ambassador, sent[0].payload["to"][0]} == attendees | {sent[0].payload["to"][0]}
    assert str(event["ORGANIZER"]) == f"mailto:{adviser}"


@pytest.mark.parametrize(("before", "after"), [
    (dt.datetime(2027, 3, 26, 14, 0), dt.datetime(2027, 3, 29, 14, 0)),   # CET → CEST (28 March 2027)
    (dt.datetime(2027, 10, 29, 9, 30), dt.datetime(2027, 11, 1, 9, 30)),  # CEST → CET (31 October 2027)
])
def test_moving_sends_one_update_with_a_higher_sequence_at_the_right_local_time(before, after):
    meeting = planned()
    Meeting.objects.filter(pk=meeting.pk).update(planned_start=before.replace(tzinfo=AMS))
    planning.plan_meeting(meeting, start=after.replace(tzinfo=AMS), duration_minutes=90, location="Lokaal 2",
                          by=meeting.trajectory.adviser.user)
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    updates = invitations("meeting_update")
    assert sorted(m.payload["to"][0] for m in updates) == sorted(p.email for p in planning.expected_people(meeting))
    _cal, first, _m = event_of(invitations("meeting_invitation")[0])
    cal, event, _m = event_of(updates[0])
    assert cal["METHOD"] == "REQUEST" and event["UID"] == first["UID"] and event["SEQUENCE"] == 1
    # the wall-clock time stays what was typed, whatever the UTC offset is on that day
    assert event["DTSTART"].to_ical() == after.strftime("%Y%m%dT%H%M%S").encode()
    assert event.start.utcoffset() == after.replace(tzinfo=AMS).utcoffset()
    assert str(event["LOCATION"]) == "Lokaal 2"
    planning.plan_meeting(meeting, start=after.replace(tzinfo=AMS) + dt.timedelta(days=1), duration_minutes=90,
                          location="Lokaal 2", by=meeting.trajectory.adviser.user)
    _cal, again, _m = event_of(invitations("meeting_update")[-1])
    assert again["SEQUENCE"] == 2 and again["UID"] == first["UID"]


def test_cancelling_sends_method_cancel_of_the_same_event():
    meeting = planned()
    planning.cancel_meeting(meeting, by=meeting.trajectory.adviser.user)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED and meeting.sequence == 1
    cancels = invitations("meeting_cancelled")
    assert len(cancels) == len(planning.expected_people(meeting))
    cal, event, _m = event_of(cancels[0])
    assert cal["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
    assert str(event["UID"]) == f"meeting-{meeting.pk}@lobmatch"


def test_choosing_again_for_a_meeting_already_in_calendars_raises_the_sequence():
    meeting = planned()
    with time_machine.travel(NOW, tick=False):
        poll, _w = propose(meeting, [at(dt.date(2026, 10, 20)), at(dt.date(2026, 10, 21))])
        planning.choose_slot(poll, poll.slots.last(), by=poll.created_by)
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.planned_start == at(dt.date(2026, 10, 21))
    assert len(invitations("meeting_update")) == len(planning.expected_people(meeting))
