"""A poll for a meeting that already has a date looks for a new one. Its mail and answer page say so and name the
date that stands until a new one is chosen; a poll for a meeting without a date says nothing of a move."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from lobmatch import mailing
from lobmatch.models import OutboxMessage
from tests.meetings.helpers import NOW, OCT, at, kickoff, pair, propose
from trajectories.models import PollParticipant
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def poll_mails():
    return list(OutboxMessage.objects.filter(payload__template="poll_invitation").order_by("pk"))


def body(message):
    with translation.override("nl"):
        return mailing.render_message(message.payload).body


def test_a_poll_for_a_planned_meeting_names_the_date_that_stands(client):
    with time_machine.travel(NOW, tick=False):
        trajectory = pair()
        meeting = kickoff(trajectory)
        planning.plan_meeting(meeting, start=at(dt.date(2026, 9, 29)), duration_minutes=90, location="Aula",
                              by=trajectory.adviser.user)
        OutboxMessage.objects.all().delete()
        poll, _warnings = propose(meeting)
        mails = poll_mails()
        text = body(mails[0])
        participant = PollParticipant.objects.filter(poll=poll).exclude(role="adviser").first()
        page = client.get(reverse("trajectories:poll_answer", args=[participant.token])).content.decode()
    assert mails and "verplaatsen" in text
    assert "Die staat nu op dinsdag 29 september 2026, 14:00" in text and "blijft die afspraak staan" in text
    assert "plant een bijeenkomst" not in text
    assert "De adviseur zoekt een nieuw tijdstip voor deze bijeenkomst" in page
    assert "dinsdag 29 september 2026, 14:00" in page
    with translation.override("nl"):
        assert "Nieuwe datum gezocht: startgesprek" in mailing.render_message(mails[0].payload).subject
    # the adviser's poll page and the school's trajectory page say it too
    client.force_login(trajectory.adviser.user)
    detail = client.get(reverse("trajectories:poll_detail", args=[poll.pk])).content.decode()
    assert "Deze peiling zoekt een nieuwe datum. De bijeenkomst staat nu op dinsdag 29 september 2026" in detail
    assert "krijgt meteen een bijgewerkte uitnodiging" in detail
    client.force_login(trajectory.application.created_by)
    school_page = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).content.decode()
    assert "nieuwe datum gezocht; tot een tijdstip is gekozen, blijft deze staan" in school_page


def test_a_poll_for_a_meeting_without_a_date_speaks_of_planning(client):
    with time_machine.travel(NOW, tick=False):
        trajectory = pair()
        meeting = kickoff(trajectory)
        poll, _warnings = propose(meeting)
        text = body(poll_mails()[0])
        participant = PollParticipant.objects.filter(poll=poll).exclude(role="adviser").first()
        page = client.get(reverse("trajectories:poll_answer", args=[participant.token])).content.decode()
        # the meeting gets its date from this poll before the mail goes out: still no talk of a move
        planning.plan_meeting(meeting, start=OCT[0], duration_minutes=90, location="Aula",
                              by=trajectory.adviser.user)
        later = body(poll_mails()[0])
    assert "plant een bijeenkomst" in text and "verplaatsen" not in text
    with translation.override("nl"):
        assert "Wanneer kunt u? startgesprek" in mailing.render_message(poll_mails()[0].payload).subject
    assert "plant een bijeenkomst" in later and "verplaatsen" not in later
    assert "De adviseur zoekt een nieuw tijdstip" not in page
