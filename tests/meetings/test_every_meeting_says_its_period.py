"""Every meeting, the closing conversation too, says in which period of the tranche it belongs, wherever the adviser
plans it: the poll form, the direct form and the trajectory page (a meeting still to plan). The period comes from
one service function (meetings.window_label); the closing conversation's has no last day: from the start of the
guided sessions on."""

import re

import pytest
import time_machine
from django.urls import reverse

from tests.meetings.helpers import NOW, pair
from trajectories.models import Meeting
from trajectories.services import meetings

pytestmark = pytest.mark.django_db


@pytest.fixture
def trajectory():
    with time_machine.travel(NOW, tick=False):
        trajectory = pair()
        meetings.ensure_meetings(trajectory)
        yield trajectory


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_closing_conversation_has_a_period_without_a_last_day(trajectory):
    closing = trajectory.meetings.get(kind=Meeting.Kind.CLOSING)
    assert meetings.meeting_window(closing) == (trajectory.tranche.sessions_start_on, None)
    assert meetings.window_label(closing) == "vanaf 01-11-2026"
    kickoff = trajectory.meetings.get(kind=Meeting.Kind.KICKOFF)
    assert meetings.window_label(kickoff) == "01-10-2026 tot en met 31-10-2026"


@pytest.mark.parametrize("page", ["trajectories:poll_create", "trajectories:meeting_schedule"])
def test_the_planning_forms_say_the_period_of_every_meeting(client, trajectory, page):
    client.force_login(trajectory.adviser.user)
    for meeting in trajectory.meetings.all():
        html = text(client.get(reverse(page, args=[meeting.pk])).content.decode())
        assert f"Periode volgens de tranche: {meetings.window_label(meeting)}." in html, meeting


def test_the_trajectory_page_says_the_period_of_each_meeting_still_to_plan(client, trajectory):
    client.force_login(trajectory.adviser.user)
    html = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).content.decode()
    cards = re.findall(r'<li class="card.*?</li>', html, re.S)
    said = [re.search(r'class="mb-1 small meeting-window">(.*?)</p>', card, re.S) for card in cards]
    assert len(cards) == trajectory.meetings.count() == 5 and all(said)
    assert said[0].group(1).strip() == "Periode volgens de tranche: 01-10-2026 tot en met 31-10-2026"  # kickoff
    assert said[1].group(1).strip() == "Periode volgens de tranche: 01-11-2026 tot en met 31-03-2027"  # session 1
    assert said[-1].group(1).strip() == "Periode volgens de tranche: vanaf 01-11-2026"  # the closing, last
