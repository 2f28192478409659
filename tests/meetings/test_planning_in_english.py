"""The planning pages speak English when the person chose English: the personal answer page (the language switcher's
cookie: no account), the adviser's poll pages (the account's language), their messages and the service's errors."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from tests.meetings.helpers import NOW, OCT, at, kickoff, pair, propose

pytestmark = pytest.mark.django_db

DUTCH = re.compile(r"Wanneer kunt u|Antwoord opslaan|Verwacht:|Tijdstippen|Wie antwoordde|Dit tijdstip kiezen|"
                   r"zo nodig|Peiling versturen|Stel twee tot zes")


def test_the_personal_answer_page_in_english(client):
    with time_machine.travel(NOW, tick=False):
        poll, _warnings = propose(kickoff(pair()))
        petra = poll.participants.get(email="petra@example.org")
        url = reverse("trajectories:poll_answer", args=[petra.token])
        assert "Wanneer kunt u?" in client.get(url).content.decode()  # Dutch unless chosen
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = client.get(url).content.decode()
        assert "When can you come?" in page and "Save answer" in page and "if need be" in page
        assert "you are expected at this meeting" in page
        assert not DUTCH.search(page), DUTCH.search(page)
        first = poll.slots.first()
        response = client.post(url, {f"slot_{first.pk}": "yes"})  # the other slots unanswered: the form's message
        assert response.status_code == 400
        assert "Say whether you can come at this time." in response.content.decode()


def test_the_advisers_poll_pages_and_messages_in_english(client):
    with time_machine.travel(NOW, tick=False):
        trajectory = pair()
        adviser = trajectory.adviser.user
        adviser.language = "en"
        adviser.save(update_fields=["language"])
        client.force_login(adviser)
        meeting = kickoff(trajectory)
        create = reverse("trajectories:poll_create", args=[meeting.pk])
        page = client.get(create).content.decode()
        assert "Propose 2 to 6 times" in page and "Send the poll" in page
        too_few = client.post(create, {"slot_1": f"{OCT[0]:%Y-%m-%dT%H:%M}", "duration_minutes": "90",
                                       "location": "Aula"})
        assert "Propose 2 to 6 different times." in too_few.content.decode()
        slots = {"slot_1": f"{OCT[0]:%Y-%m-%dT%H:%M}", "slot_2": f"{at(dt.date(2026, 10, 20)):%Y-%m-%dT%H:%M}",
                 "duration_minutes": "90", "location": "Aula"}
        warned = client.post(create, slots).content.decode()  # the warnings first, before anyone is mailed
        assert "Nothing has been sent yet." in warned and "Send anyway" in warned
        assert "may be in the school&#x27;s autumn holiday" in warned and not DUTCH.search(warned)
        seen = re.search(r'name="warned" value="([^"]+)"', warned).group(1)
        response = client.post(create, {**slots, "warned": seen}, follow=True)
        page = response.content.decode()
        assert "The poll has been sent to everyone expected at this meeting." in page
        # Utrecht: midden (17–25 October 2026), but a few of its villages are in another region
        assert "may be in the school&#x27;s autumn holiday: in region central" in page
        assert "Who answered what" in page and "Choose this time" in page and "Not answered yet:" in page
        assert not DUTCH.search(page), DUTCH.search(page)
