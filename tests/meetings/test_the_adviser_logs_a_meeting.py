"""The adviser's report form. A meeting logged as 'geannuleerd' before its date is called off as 'Bijeenkomst
annuleren' calls it off: everyone who got the invitation gets one cancellation that removes the event from their
calendar, and an open poll for it closes (saved through the report form, it said "Het verslag is opgeslagen." and
told nobody, while eight people kept it in their calendars); a date that has passed is only recorded. A half-written
report asks before it is left, and a wrong number of hours gets one message that fits."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.meetings.conftest import entry
from tests.meetings.helpers import event_of, invitations
from trajectories.models import Meeting
from trajectories.services import meetings as service
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def planned(trajectory, number, start):
    meeting = trajectory.meetings.get(kind=Meeting.Kind.SESSION, number=number)
    planning.plan_meeting(meeting, start=start, duration_minutes=240, location="Aula", by=trajectory.adviser.user)
    return Meeting.objects.get(pk=meeting.pk)


def test_logged_as_cancelled_before_its_date_everyone_gets_one_cancellation(client, group):
    trajectory, members = group
    meeting = planned(trajectory, 1, timezone.now() + dt.timedelta(days=10))
    invited = sorted(p.email for p in planning.expected_people(meeting))
    assert sorted(m.payload["to"][0] for m in invitations() if m.payload["template"] != "meeting_cancelled") == invited
    client.force_login(trajectory.adviser.user)
    response = client.post(reverse("trajectories:meeting_log", args=[meeting.pk]),
                           {"status": "cancelled", "notes": "De school is dicht wegens storm.",
                            **{f"hours_{m.pk}": "0" for m in members}}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "De bijeenkomst is als geannuleerd vastgelegd. Iedereen die werd verwacht, krijgt een afmelding die haar "
        "uit de agenda haalt."]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    cancellations = invitations("meeting_cancelled")
    assert sorted(m.payload["to"][0] for m in cancellations) == invited
    _cal, event, _mime = event_of(cancellations[0])
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", meeting.sequence)
    assert int(event_of(invitations()[0])[1]["SEQUENCE"]) == meeting.sequence - 1  # the same event, one step on
    # the report's text is the adviser's record, not a message to everyone
    assert all(m.payload["context"]["note"] == "" for m in cancellations)


def test_a_date_that_has_passed_is_only_recorded(group):
    trajectory, members = group
    meeting = planned(trajectory, 2, timezone.now() + dt.timedelta(days=1))
    meeting.planned_start = timezone.now() - dt.timedelta(days=1)  # it passed without taking place
    meeting.save(update_fields=["planned_start"])
    service.log_meeting(meeting, entry(members, status="cancelled"), by=trajectory.adviser.user)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CANCELLED
    assert invitations("meeting_cancelled") == []


def test_the_report_form_asks_before_a_half_written_report_is_left(client, group):
    """Tapping "Terug naar het traject" halfway through a report lost it without a word; the form now carries the
    site's leave guard (lobmatch.js asks once something was typed, or when a refused save shows the text again)."""
    trajectory, members = group
    meeting = planned(trajectory, 3, timezone.now() - dt.timedelta(hours=5))
    client.force_login(trajectory.adviser.user)
    url = reverse("trajectories:meeting_log", args=[meeting.pk])
    assert 'novalidate data-keeps-edits>' in client.get(url).content.decode()
    refused = client.post(url, {"notes": "Goed gesprek over de loopbaandagen."}).content.decode()  # no status chosen
    assert "data-keeps-edits data-unsaved>" in refused and "Goed gesprek over de loopbaandagen." in refused


def test_negative_hours_get_one_message(group):
    """"-1" got both "Vul uren in kwartieren in" and "kan niet negatief zijn"; the first was wrong."""
    from trajectories.forms import MeetingLogForm

    trajectory, members = group
    meeting = planned(trajectory, 3, timezone.now() - dt.timedelta(hours=5))
    form = MeetingLogForm({"status": "held", f"hours_{members[0].pk}": "-1"}, members=members, meeting=meeting)
    assert not form.is_valid()
    assert form.errors[f"hours_{members[0].pk}"] == ["Het aantal uren kan niet negatief zijn."]
    form = MeetingLogForm({"status": "held", f"hours_{members[0].pk}": "3,8"}, members=members, meeting=meeting)
    assert not form.is_valid() and form.errors[f"hours_{members[0].pk}"] == [
        "Vul uren in kwartieren in (bijvoorbeeld 3,75)."]
