"""The poll form's date pickers carry the first and last start the service accepts (planning.slot_bounds: inside the
meeting's window of the tranche and after now), so a phone's picker offers no date the poll would refuse. The
service's refusal stays: the bounds are exactly its edges."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from tests.meetings.helpers import AMS, NOW, at, kickoff, pair
from trajectories.models import Meeting
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def limits(html, name):
    field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    found = dict(re.findall(r'\b(min|max)="([^"]*)"', field))
    return found.get("min"), found.get("max")


def test_every_slot_picker_is_limited_to_the_kickoff_period(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        html = client.get(reverse("trajectories:poll_create", args=[meeting.pk])).content.decode()
    for i in range(1, 7):
        assert limits(html, f"slot_{i}") == ("2026-10-01T00:00", "2026-10-31T23:59")


def test_inside_the_period_the_picker_starts_at_the_next_minute(client):
    with time_machine.travel(dt.datetime(2026, 10, 10, 9, 0, 30, tzinfo=AMS), tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        html = client.get(reverse("trajectories:poll_create", args=[meeting.pk])).content.decode()
    assert limits(html, "slot_1") == ("2026-10-10T09:01", "2026-10-31T23:59")


def test_the_closing_picker_starts_with_the_sessions_and_has_no_last_day(client):
    with time_machine.travel(NOW, tick=False):
        trajectory = pair()
        closing = Meeting.objects.create(trajectory=trajectory, kind=Meeting.Kind.CLOSING, number=0,
                                         duration_minutes=90)
        client.force_login(trajectory.adviser.user)
        html = client.get(reverse("trajectories:poll_create", args=[closing.pk])).content.decode()
    assert limits(html, "slot_1") == ("2026-11-01T00:00", None)


def test_the_bounds_are_the_edges_the_poll_accepts():
    with time_machine.travel(dt.datetime(2026, 10, 10, 9, 0, 30, tzinfo=AMS), tick=False):
        meeting = kickoff(pair())
        first, last = planning.slot_bounds(meeting)
        minute = dt.timedelta(minutes=1)
        assert isinstance(planning.proposal_warnings(meeting, [first, last], 90), list)  # both accepted
        for refused in (first - minute, last + minute):
            with pytest.raises(planning.SlotError):
                planning.proposal_warnings(meeting, [first, refused], 90)
    assert (first, last) == (at(dt.date(2026, 10, 10), 9) + minute, dt.datetime(2026, 10, 31, 23, 59, tzinfo=AMS))


def test_after_the_period_the_form_says_a_poll_can_no_longer_be_sent(client):
    """Past the kickoff period no picker date is left (min after max): the page says so and points to planning
    without a poll, instead of pickers that offer nothing."""
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=AMS), tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        html = client.get(reverse("trajectories:poll_create", args=[meeting.pk])).content.decode()
    assert 'id="poll-window-over"' in html and "Kies onderaan ‘Plannen zonder peiling’" in html
    assert limits(html, "slot_1") == ("2026-11-02T09:01", "2026-10-31T23:59")
    with time_machine.travel(NOW, tick=False):
        client.force_login(meeting.trajectory.adviser.user)
        html = client.get(reverse("trajectories:poll_create", args=[meeting.pk])).content.decode()
    assert 'id="poll-window-over"' not in html
