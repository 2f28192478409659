"""The adviser's buttons say what they do: a logged meeting offers "Verslag wijzigen", a recorded result "Resultaat
wijzigen" (not "vastleggen" again, as if nothing had been saved)."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from tests.meetings.conftest import entry, group  # noqa: F401  (group is a fixture)
from tests.meetings.helpers import NOW, at, kickoff, pair
from trajectories.services import meetings as service
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def buttons(client, trajectory) -> list[str]:
    html = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).content.decode()
    return [re.sub(r"<[^>]+>|\s+", " ", b).split("  ")[0].strip() for b in re.findall(r'class="btn[^"]*"[^>]*>(.*?)</a>', html)]


def test_a_logged_meeting_and_a_recorded_result_are_changed_not_recorded_again(client, group):  # noqa: F811
    trajectory, members = group
    kickoff = trajectory.meetings.order_by("planned_start", "pk").get(kind="kickoff")
    client.force_login(trajectory.adviser.user)
    before = buttons(client, trajectory)
    assert "Resultaat vastleggen" in before and "Verslag wijzigen" not in before

    service.log_meeting(kickoff, entry(members, progress=None), by=trajectory.adviser.user)
    service.record_outcome(trajectory, kind="implemented", summary="Klaar", by=trajectory.adviser.user)
    after = buttons(client, trajectory)
    assert after.count("Verslag wijzigen") == 1
    assert "Resultaat wijzigen" in after and "Resultaat vastleggen" not in after


def test_a_planned_meeting_is_moved_by_a_new_poll_and_the_poll_page_says_its_date_stands_until_then(client):
    """A poll for a meeting that has a date moves it (an update to everyone): the button and the page say so."""
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        unplanned = buttons(client, meeting.trajectory).count("Tijdstippen voorstellen")
        assert unplanned >= 1
        create = reverse("trajectories:poll_create", args=[meeting.pk])
        assert "staat gepland op" not in client.get(create).content.decode()

        planning.plan_meeting(meeting, start=at(dt.date(2026, 10, 6)), duration_minutes=90, location="Aula",
                              by=meeting.trajectory.adviser.user)
        words = buttons(client, meeting.trajectory)
        assert words.count("Nieuwe tijdstippen voorstellen") == 1
        assert words.count("Tijdstippen voorstellen") == unplanned - 1
        page = client.get(create).content.decode()
        assert re.search(r"<h1>Startgesprek verplaatsen – ", page)
        assert "staat gepland op dinsdag 6 oktober 2026, 14:00" in page
        assert "bijgewerkte uitnodiging" in page


def test_a_meeting_awaiting_its_log_offers_the_log_first_and_new_dates_only_as_not_held(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        planning.plan_meeting(meeting, start=at(dt.date(2026, 10, 6)), duration_minutes=90, location="Aula",
                              by=meeting.trajectory.adviser.user)
        client.force_login(meeting.trajectory.adviser.user)
        upcoming = client.get(reverse("trajectories:trajectory_detail", args=[meeting.trajectory.pk]))
        assert "Niet doorgegaan?" not in upcoming.content.decode()
    with time_machine.travel(dt.datetime(2026, 10, 7, 9, 0, tzinfo=NOW.tzinfo), tick=False):
        client.force_login(meeting.trajectory.adviser.user)
        html = client.get(reverse("trajectories:trajectory_detail", args=[meeting.trajectory.pk])).content.decode()
        words = buttons(client, meeting.trajectory)
    assert words.index("Verslag vastleggen") < words.index("Verplaatsen")
    card = html[html.index("Verslag vastleggen"):html.index("Nieuwe tijdstippen voorstellen")]
    assert "Niet doorgegaan?" in card
