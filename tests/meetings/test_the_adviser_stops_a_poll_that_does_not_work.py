"""A poll where no slot works can be stopped without choosing: the meeting keeps the date it had, a new poll can be
proposed, everyone asked gets one mail saying they need not answer, their link says so, and nobody is reminded."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from lobmatch import mailing
from lobmatch.models import OutboxMessage
from tests.factories import TrajectoryFactory
from tests.meetings.helpers import NOW, OCT, at, kickoff, pair, propose
from trajectories.models import Meeting, MeetingPoll
from trajectories.reminders import run_poll_reminders
from trajectories.services import planning
from trajectories.services.meetings import MeetingError

pytestmark = pytest.mark.django_db


def stopped_mails():
    return list(OutboxMessage.objects.filter(payload__template="poll_stopped").order_by("pk"))


def test_stopping_keeps_the_date_mails_everyone_asked_once_and_allows_a_new_poll(client):
    with time_machine.travel(NOW, tick=False) as clock:
        trajectory = pair()
        meeting = kickoff(trajectory)
        planning.plan_meeting(meeting, start=at(dt.date(2026, 9, 29)), duration_minutes=90, location="Aula",
                              by=trajectory.adviser.user)
        poll, _warnings = propose(meeting)
        asked = sorted(p.email for p in poll.participants.exclude(role="adviser"))
        client.force_login(trajectory.adviser.user)
        detail = client.get(reverse("trajectories:poll_detail", args=[poll.pk])).content.decode()
        assert "Peiling stoppen" in detail and "De bijeenkomst blijft dan op dinsdag 29 september 2026" in detail
        response = client.post(reverse("trajectories:poll_stop", args=[poll.pk]), follow=True)
        # straight to the form for new times
        assert response.redirect_chain[-1][0] == reverse("trajectories:poll_create", args=[meeting.pk])
        assert "De peiling is gestopt" in response.content.decode()
        poll.refresh_from_db()
        meeting.refresh_from_db()
        assert poll.status == MeetingPoll.Status.CLOSED and poll.chosen_slot_id is None
        assert meeting.status == Meeting.Status.PLANNED and meeting.planned_start == at(dt.date(2026, 9, 29))
        mails = stopped_mails()
        assert sorted(m.payload["to"][0] for m in mails) == asked
        body = mailing.render_message(mails[0].payload).body
        assert "U hoeft daarop niet meer te antwoorden" in body
        assert "De bijeenkomst blijft op dinsdag 29 september 2026, 14:00 staan." in body
        # which times can be freed again, as the invitation listed them
        assert "De tijdstippen die niet meer nodig zijn:" in body and "dinsdag 6 oktober 2026, 14:00–15:30" in body
        # the link says so; a second stop is refused and mails nobody
        token = poll.participants.exclude(role="adviser").first().token
        page = client.get(reverse("trajectories:poll_answer", args=[token])).content.decode()
        assert "De adviseur heeft deze peiling gestopt" not in page  # the meeting has its date: the page says that
        assert "De bijeenkomst is gepland op dinsdag 29 september 2026, 14:00" in page
        with pytest.raises(MeetingError, match="al gesloten"):
            planning.stop_poll(poll, by=trajectory.adviser.user)
        assert len(stopped_mails()) == len(asked)
        clock.shift(dt.timedelta(days=4))
        assert run_poll_reminders() == 0  # nobody is reminded of a stopped poll
        new_poll, _warnings = propose(meeting, [OCT[1], OCT[2]])  # a new proposal is possible again
        assert new_poll.status == MeetingPoll.Status.OPEN


def test_the_link_of_a_stopped_poll_for_a_meeting_without_a_date_says_nothing_is_needed(client):
    with time_machine.travel(NOW, tick=False):
        trajectory = pair()
        meeting = kickoff(trajectory)
        poll, _warnings = planning.propose_slots(meeting, OCT, duration_minutes=120, location="Mediatheek",
                                                 by=trajectory.adviser.user)
        planning.stop_poll(poll, by=trajectory.adviser.user)
        client.force_login(trajectory.adviser.user)
        form = client.get(reverse("trajectories:poll_create", args=[meeting.pk])).content.decode()
        # the new poll starts from what the adviser typed for the stopped one
        assert 'name="duration_minutes" value="120"' in form and 'value="Mediatheek"' in form
        client.logout()
        token = poll.participants.exclude(role="adviser").first().token
        page = client.get(reverse("trajectories:poll_answer", args=[token])).content.decode()
        body = mailing.render_message(stopped_mails()[0].payload).body
    assert "De adviseur heeft deze peiling gestopt; u hoeft niet meer te antwoorden" in page
    assert "blijft op" not in body


def test_only_the_polls_adviser_can_stop_it(client):
    with time_machine.travel(NOW, tick=False):
        trajectory = pair()
        poll, _warnings = propose(kickoff(trajectory))
        for user in (TrajectoryFactory().adviser.user, trajectory.application.created_by):
            client.force_login(user)
            response = client.post(reverse("trajectories:poll_stop", args=[poll.pk]))
            assert response.status_code in (403, 404)
        assert MeetingPoll.objects.get(pk=poll.pk).status == MeetingPoll.Status.OPEN
        assert not stopped_mails()
