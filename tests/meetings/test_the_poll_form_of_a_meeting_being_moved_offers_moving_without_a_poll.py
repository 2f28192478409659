"""The poll form's way around the poll says what it does: for a meeting that already has a date it moves it
("Verplaatsen zonder peiling"), for a meeting without one (or a cancelled one) it plans it. The button keeps its
name, so it still takes what was typed to the direct form."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from tests.meetings.helpers import AMS, NOW, OCT, at, kickoff, pair
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def poll_form(client, meeting):
    client.force_login(meeting.trajectory.adviser.user)
    return client.get(reverse("trajectories:poll_create", args=[meeting.pk])).content.decode()


def without_poll_button(html):
    return re.search(r'<button[^>]*name="without_poll"[^>]*>(.*?)</button>', html, re.S).group(1).strip()


def planned(meeting, day=dt.date(2026, 10, 6)):
    planning.plan_meeting(meeting, start=at(day), duration_minutes=90, location="Aula",
                          by=meeting.trajectory.adviser.user)
    return meeting


def test_a_meeting_with_a_date_is_moved_without_a_poll(client):
    with time_machine.travel(NOW, tick=False):
        meeting = planned(kickoff(pair()))
        html = poll_form(client, meeting)
        # the button still takes the typed slot to the direct form, which moves the meeting
        response = client.post(reverse("trajectories:poll_create", args=[meeting.pk]), {
            "slot_1": f"{OCT[1]:%Y-%m-%dT%H:%M}", "duration_minutes": "90", "location": "Aula",
            "without_poll": "1"}, follow=True)
    assert without_poll_button(html) == "Verplaatsen zonder peiling"
    assert "<title>Nieuwe tijdstippen voorstellen" in html
    assert re.search(r"<h1>Startgesprek verplaatsen – ", html)
    assert "Staat de nieuwe datum al vast, ook een buiten de periode? Kies dan onderaan ‘Verplaatsen zonder " \
           "peiling’." in html
    assert "Plannen zonder peiling" not in html
    direct = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("trajectories:meeting_schedule", args=[meeting.pk]))
    assert re.search(r"<h1>Startgesprek verplaatsen – ", direct) and f"{OCT[1]:%Y-%m-%dT%H:%M}" in direct


def test_a_meeting_without_a_date_is_planned_without_a_poll(client):
    with time_machine.travel(NOW, tick=False):
        html = poll_form(client, kickoff(pair()))
    assert without_poll_button(html) == "Plannen zonder peiling"
    assert "<title>Tijdstippen voorstellen" in html
    assert re.search(r"<h1>Startgesprek plannen – ", html)
    assert "Staat de datum al vast, ook een buiten de periode? Kies dan onderaan ‘Plannen zonder peiling’." in html
    assert "erplaats" not in html


def test_a_cancelled_meeting_is_planned_again_not_moved(client):
    with time_machine.travel(NOW, tick=False):
        meeting = planned(kickoff(pair()))
        planning.cancel_meeting(meeting, by=meeting.trajectory.adviser.user)
        html = poll_form(client, meeting)
    assert without_poll_button(html) == "Plannen zonder peiling"
    assert "Verplaatsen zonder peiling" not in html


def test_after_the_period_the_form_points_to_moving_without_a_poll(client):
    with time_machine.travel(NOW, tick=False):
        meeting = planned(kickoff(pair()), day=dt.date(2026, 10, 30))
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=AMS), tick=False):
        html = poll_form(client, meeting)
    over = re.search(r'<p class="alert alert-warning" id="poll-window-over">(.*?)</p>', html, re.S).group(1)
    assert "Kies onderaan ‘Verplaatsen zonder peiling’." in over
    assert without_poll_button(html) == "Verplaatsen zonder peiling"


def test_a_refused_slot_of_a_meeting_being_moved_names_the_way_that_moves_it(client):
    with time_machine.travel(NOW, tick=False):
        meeting = planned(kickoff(pair()))
        client.force_login(meeting.trajectory.adviser.user)
        refused = client.post(reverse("trajectories:poll_create", args=[meeting.pk]), {
            "slot_1": f"{OCT[1]:%Y-%m-%dT%H:%M}", "slot_2": f"{at(dt.date(2026, 12, 1)):%Y-%m-%dT%H:%M}",
            "duration_minutes": "90", "location": "Aula"})
    assert refused.status_code == 400
    assert "een datum die al is afgesproken, zet u vast met ‘Verplaatsen zonder peiling’" in refused.content.decode()
