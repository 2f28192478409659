"""On the poll form, "Plannen zonder peiling" takes what the adviser typed to the direct form: the first slot filled
in, the duration and the location are that form's starting values. Nothing is sent on the way, and what the direct
form cannot read is left out (no error page)."""

import re

import pytest
import time_machine
from django.urls import reverse

from lobmatch.models import OutboxMessage
from tests.meetings.helpers import NOW, OCT, kickoff, pair
from trajectories.models import MeetingPoll

pytestmark = pytest.mark.django_db


def value(html, name):
    field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    found = re.search(r'value="([^"]*)"', field)
    return found.group(1) if found else None


def test_the_typed_slot_duration_and_location_go_to_the_direct_form(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        mails = OutboxMessage.objects.count()
        # the adviser left the first field empty and typed the second and third
        response = client.post(reverse("trajectories:poll_create", args=[meeting.pk]), {
            "slot_1": "", "slot_2": f"{OCT[1]:%Y-%m-%dT%H:%M}", "slot_3": f"{OCT[2]:%Y-%m-%dT%H:%M}",
            "duration_minutes": "120", "location": "Mediatheek", "without_poll": "1"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("trajectories:meeting_schedule", args=[meeting.pk]))
    assert response.status_code == 200
    assert value(html, "start") == f"{OCT[1]:%Y-%m-%dT%H:%M}"
    assert value(html, "duration_minutes") == "120" and value(html, "location") == "Mediatheek"
    assert not MeetingPoll.objects.exists() and OutboxMessage.objects.count() == mails
    meeting.refresh_from_db()
    assert meeting.planned_start is None  # planned only when the adviser presses "Plannen" there


def test_nothing_typed_opens_the_direct_form_as_it_is(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        response = client.post(reverse("trajectories:poll_create", args=[meeting.pk]),
                               {"duration_minutes": "", "location": "", "without_poll": "1"})
    assert response.status_code == 302
    assert response.url == reverse("trajectories:meeting_schedule", args=[meeting.pk])


def test_a_carried_value_the_direct_form_cannot_read_is_left_out(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        url = reverse("trajectories:meeting_schedule", args=[meeting.pk])
        response = client.get(url, {"start": "morgen", "duration_minutes": "veel", "location": "Aula"})
    html = response.content.decode()
    assert response.status_code == 200
    assert value(html, "start") is None and value(html, "duration_minutes") == str(meeting.duration_minutes)
    assert value(html, "location") == "Aula"
