"""When finance corrects a log after approving the claim and the approved amount changes, the claim's course says
so with both amounts and the reason (the school reads it too), and the school that applied gets a mail. The amount
changed silently before: the claim page showed another sum than approved, its course only 'ingediend →
goedgekeurd'."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from lobmatch import mailing
from lobmatch.models import OutboxMessage, Role
from tests.claims.helpers import IBAN, log, trajectory_with_group
from tests.factories import MeetingFactory, UserFactory, approve_claim
from trajectories.services import claims as claim_service
from trajectories.services import meetings as meeting_service

pytestmark = pytest.mark.django_db


def entry(members, hours):
    return meeting_service.LogEntry(status="held", attendance={m.pk: D(hours) for m in members},
                                    school_leader_present=True, ambassador_present=True, notes="",
                                    agreed_actions="", progress=3)


def test_the_school_and_the_course_say_what_changed_and_why(client):
    finance = UserFactory(roles=[Role.FINANCE])
    trajectory, members = trajectory_with_group(2)
    session = MeetingFactory(trajectory=trajectory, number=1)
    log(session, {m.pk: D("4") for m in members})
    claim = claim_service.submit_claim(claim_service.ensure_claim(trajectory), iban=IBAN, account_holder="X",
                                       by=trajectory.application.created_by)
    approve_claim(claim, finance)

    claim_service.correct_meeting(session, entry(members, "3"), by=finance, reason="Presentielijst: 3 uur.")
    (mail,) = OutboxMessage.objects.filter(payload__template="claim_corrected")
    assert mail.payload["to"] == [trajectory.application.created_by.email]
    text = mailing.render_message(mail.payload).body
    assert "nu €\xa0330,00 (was €\xa0440,00)" in text and "Presentielijst: 3 uur." in text

    client.force_login(trajectory.application.created_by)
    page = client.get(reverse("trajectories:claim_detail", args=[trajectory.pk])).content.decode()
    assert "correctie – bedrag gecorrigeerd van €\xa0440,00 naar €\xa0330,00: Presentielijst: 3 uur." in page

    # a correction that leaves the amount as it was (a note, the same hours) tells nobody anything new
    claim_service.correct_meeting(session, entry(members, "3"), by=finance, reason="Verslag aangevuld.")
    assert OutboxMessage.objects.filter(payload__template="claim_corrected").count() == 1
