"""Staff read every mail in the outbox, but not the secret of a personal link in it: with a pulse survey's link they
could see who had answered and answer for whoever had not, and with a poll's link answer as its person. The survey's
answers are not in the admin one by one either (only as aggregates of three or more)."""

import pytest
import time_machine
from django.urls import NoReverseMatch, reverse

from lobmatch.models import OutboxMessage, Role
from lobmatch.outbox import enqueue_email
from tests.factories import UserFactory
from tests.meetings.helpers import NOW, kickoff, pair, propose
from trajectories.models import PulseInvitation

pytestmark = pytest.mark.django_db


def outbox_page(client, message) -> str:
    response = client.get(reverse("admin:lobmatch_outboxmessage_change", args=[message.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_pulse_or_poll_link_is_shortened_in_the_mail_and_in_the_record(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        poll, _warnings = propose(meeting)
    invitation = PulseInvitation.objects.create(meeting=meeting, email="lid@school.example")
    pulse = enqueue_email(to=["lid@school.example"], template="pulse_invitation",
                          context={"school": "Het Baken", "role": "member",
                                   "url": reverse("trajectories:pulse", args=[invitation.token])},
                          context_from={"kind": "meeting", "meeting": meeting.pk})
    participant = poll.participants.exclude(role="adviser").first()
    poll_mail = OutboxMessage.objects.get(payload__template="poll_invitation", payload__to=[participant.email])
    client.force_login(UserFactory(roles=[Role.STAFF]))
    for message, token, path in ((pulse, invitation.token, "/trajecten/peiling/…/"),
                                 (poll_mail, participant.token, "/trajecten/planning/…/")):
        assert token in str(message.payload)  # the worker still has it to send
        html = outbox_page(client, message)
        assert token not in html and token.split(".")[-1] not in html
        mail = html.split('class="outbox-mail">', 1)[1].split("</pre>", 1)[0]
        assert path in mail  # the reader still sees which page the mail links to
        assert "Persoonlijke links zijn ingekort" in html
        assert path in html.split("Technische gegevens", 1)[1]


def test_single_survey_answers_have_no_admin_page(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    with pytest.raises(NoReverseMatch):
        reverse("admin:trajectories_pulseresponse_changelist")
    assert "pulseresponse" not in client.get(reverse("admin:index")).content.decode()
