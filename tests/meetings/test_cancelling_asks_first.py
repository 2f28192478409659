"""Cancelling a meeting mails everyone expected a cancellation and cannot be undone: the adviser's button opens a
page that asks first (nothing is sent, nothing changes); only its POST cancels. Another adviser's meeting is a 404."""

import pytest
import time_machine
from django.urls import reverse

from lobmatch import mailing
from tests.factories import AdviserFactory
from tests.meetings.helpers import NOW, OCT, invitations, kickoff, pair
from trajectories.models import Meeting
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def test_the_cancel_button_asks_first_and_only_the_confirmation_cancels(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        adviser = meeting.trajectory.adviser.user
        planning.plan_meeting(meeting, start=OCT[0], duration_minutes=90, location="Aula", by=adviser)
        client.force_login(adviser)
        url = reverse("trajectories:meeting_cancel", args=[meeting.pk])
        schedule = client.get(reverse("trajectories:meeting_schedule", args=[meeting.pk])).content.decode()
        assert f'href="{url}"' in schedule  # a link to the question, not a form that cancels at once
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "Startgesprek annuleren" in html and "Ja, annuleren" in html and "opnieuw plannen" in html
        assert 'name="note"' in html  # room for a word to everyone
        assert "?</h1>" not in html  # the heading names the page; the question is asked below it
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.PLANNED and invitations("meeting_cancelled") == []
        response = client.post(url, {"note": "  De school is die dag dicht; ik stel nieuwe tijden voor.  "}, follow=True)
        assert "De bijeenkomst is geannuleerd" in response.content.decode()
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.CANCELLED
        sent = invitations("meeting_cancelled")
        assert len(sent) == len(planning.expected_people(meeting))
        body = mailing.render_message(sent[0].payload).body
        assert "Toelichting van de adviseur: De school is die dag dicht; ik stel nieuwe tijden voor." in body
        assert meeting.history.first().history_change_reason.startswith("De school is die dag dicht")


def test_another_advisers_meeting_cannot_be_asked_about(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(AdviserFactory().user)
        assert client.get(reverse("trajectories:meeting_cancel", args=[meeting.pk])).status_code == 404


@pytest.mark.parametrize(("status", "message"), [(Meeting.Status.CANCELLED, "Deze bijeenkomst is al geannuleerd."),
                                                 (Meeting.Status.HELD, "Deze bijeenkomst is al vastgelegd.")])
def test_a_meeting_that_cannot_be_cancelled_says_why_instead_of_asking(client, status, message):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        Meeting.objects.filter(pk=meeting.pk).update(status=status)
        client.force_login(meeting.trajectory.adviser.user)
        url = reverse("trajectories:meeting_cancel", args=[meeting.pk])
        for response in (client.get(url, follow=True), client.post(url, follow=True)):
            html = response.content.decode()
            assert message in html and "Ja, annuleren" not in html
            assert response.redirect_chain[-1][0] == reverse("trajectories:trajectory_detail",
                                                             args=[meeting.trajectory_id])
        assert invitations("meeting_cancelled") == []


@pytest.mark.django_db(transaction=True)
def test_cancelling_locks_the_meeting_in_a_transaction_of_its_own():
    """As in production (no test transaction around it): the row lock needs the service's own transaction."""
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        planning.plan_meeting(meeting, start=OCT[0], duration_minutes=90, location="Aula",
                              by=meeting.trajectory.adviser.user)
        assert planning.cancel_meeting(meeting, by=meeting.trajectory.adviser.user).status == Meeting.Status.CANCELLED
