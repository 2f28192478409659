"""Poll mails, invitations and their calendar files speak the recipient's language, not the adviser's: an adviser
working in English sends a Dutch project leader a Dutch mail with a Dutch event ("startgesprek"), and an ambassador
whose account is in English an English one. The meeting's name is made when the mail is rendered."""

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from lobmatch import mailing
from lobmatch.models import OutboxMessage
from tests.meetings.helpers import NOW, OCT, event_of, invitations, kickoff, pair, propose
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def rendered(message):
    mail = mailing.render_message(message.payload)
    return mail.subject + "\n" + mail.body + "\n" + mail.alternatives[0][0]


def pair_with_an_english_ambassador():
    """A pair whose project leader reads Dutch (no account) and whose ambassador chose English."""
    trajectory = pair(members=0)
    ambassador = trajectory.practice.ambassador.contacts.get()
    ambassador.language = "en"
    ambassador.save()
    return trajectory, ambassador


def test_an_english_speaking_adviser_plans_and_everyone_is_mailed_in_their_own_language():
    with time_machine.travel(NOW, tick=False):
        trajectory, ambassador = pair_with_an_english_ambassador()
        meeting = kickoff(trajectory)
        leader = trajectory.application.project_leader_email.strip().lower()
        with translation.override("en"):  # the adviser's request
            propose(meeting)
            planning.plan_meeting(meeting, start=OCT[0], duration_minutes=90, location="Aula",
                                  by=trajectory.adviser.user)
        polls = {m.payload["to"][0]: m for m in OutboxMessage.objects.filter(payload__template="poll_invitation")}
        sent = {m.payload["to"][0]: m for m in invitations("meeting_invitation")}
        # rendered where a worker renders them: no language of its own
        with translation.override("nl"):
            dutch_poll, english_poll = rendered(polls[leader]), rendered(polls[ambassador.email])
            dutch_mail, english_mail = rendered(sent[leader]), rendered(sent[ambassador.email])
            _cal, dutch_event, _m = event_of(sent[leader])
        with translation.override("en"):
            _cal, english_event, _m = event_of(sent[ambassador.email])
    assert "startgesprek" in dutch_poll.lower() and "kickoff" not in dutch_poll.lower()
    assert "kickoff" in english_poll.lower() and "startgesprek" not in english_poll.lower()
    assert "startgesprek" in dutch_mail.lower() and "kickoff" not in dutch_mail.lower()
    assert "kickoff" in english_mail.lower() and "startgesprek" not in english_mail.lower()
    assert "startgesprek" in str(dutch_event["SUMMARY"]).lower()
    assert "van het traject" in str(dutch_event["DESCRIPTION"])
    assert "kickoff" in str(english_event["SUMMARY"]).lower()
    assert "of the trajectory of" in str(english_event["DESCRIPTION"])


def test_the_calendar_file_follows_the_mails_language_not_the_language_active_when_it_is_sent():
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair(members=0))
        planning.plan_meeting(meeting, start=OCT[0], duration_minutes=90, location="Aula",
                              by=meeting.trajectory.adviser.user)
        message = invitations("meeting_invitation")[0]
        assert message.payload["language"] == "nl"
        with translation.override("en"):  # e.g. an eager task inside an English request
            mail = mailing.render_message(message.payload)
    [(_name, content, _mimetype)] = mail.attachments
    content = content.decode() if isinstance(content, bytes) else content
    assert "startgesprek" in content.lower() and "kickoff" not in content.lower()


def test_the_personal_link_in_the_html_poll_mail_can_be_tapped():
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair(members=0))
        propose(meeting)
        message = OutboxMessage.objects.filter(payload__template="poll_invitation").first()
        participant = meeting.polls.get().participants.get(email=message.payload["to"][0])
        html = mailing.render_message(message.payload).alternatives[0][0]
    link = f"{settings.SITE_URL}/trajecten/planning/{participant.token}/"
    assert f'<a href="{link}" rel="nofollow">{link}</a>' in html


def test_the_poll_mail_lists_the_proposed_times_and_place_in_the_recipients_language():
    with time_machine.travel(NOW, tick=False):
        trajectory, ambassador = pair_with_an_english_ambassador()
        propose(kickoff(trajectory))  # 6, 7 and 8 October 2026 at 14:00 for 90 minutes, in the Aula
        polls = {m.payload["to"][0]: m for m in OutboxMessage.objects.filter(payload__template="poll_invitation")}
        leader = trajectory.application.project_leader_email.strip().lower()
        with translation.override("nl"):
            dutch, english = rendered(polls[leader]), rendered(polls[ambassador.email])
    assert "De voorgestelde tijdstippen:" in dutch
    for day in ("dinsdag 6 oktober 2026", "woensdag 7 oktober 2026", "donderdag 8 oktober 2026"):
        assert f"- {day}, 14:00–15:30" in dutch
    assert "Plaats: Aula" in dutch
    assert "- Tuesday 6 October 2026, 14:00–15:30" in english
    assert "Place: Aula" in english and "oktober" not in english
