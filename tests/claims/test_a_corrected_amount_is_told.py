"""When finance corrects a log after approving the claim and the approved amount changes, the claim's course says
so with both amounts and the reason (the school reads it too), and the school that applied gets a mail. The amount
changed silently before: the claim page showed another sum than approved, its course only 'ingediend →
goedgekeurd'."""


import pytest
from django.urls import reverse

from lobmatch import mailing
from lobmatch.models import OutboxMessage, Role
from tests.claims.helpers import approved_two_member_claim, held_entry, submitted_claim
from tests.factories import UserFactory
from trajectories.services import claims as claim_service

pytestmark = pytest.mark.django_db


def test_the_school_and_the_course_say_what_changed_and_why(client):
    trajectory, members, session = approved_two_member_claim(finance := UserFactory(roles=[Role.FINANCE]))

    claim_service.correct_meeting(session, held_entry(members, "3"), by=finance, reason="Presentielijst: 3 uur.")
    (mail,) = OutboxMessage.objects.filter(payload__template="claim_corrected")
    assert mail.payload["to"] == [trajectory.application.created_by.email]
    text = mailing.render_message(mail.payload).body
    assert "nu €\xa0330,00 (was €\xa0440,00)" in text and "Presentielijst: 3 uur." in text

    client.force_login(trajectory.application.created_by)
    page = client.get(reverse("trajectories:claim_detail", args=[trajectory.pk])).content.decode()
    assert "correctie – bedrag gecorrigeerd van €\xa0440,00 naar €\xa0330,00: Presentielijst: 3 uur." in page

    # a correction that leaves the amount as it was (a note, the same hours) tells nobody anything new
    claim_service.correct_meeting(session, held_entry(members, "3"), by=finance, reason="Verslag aangevuld.")
    assert OutboxMessage.objects.filter(payload__template="claim_corrected").count() == 1


def test_the_adviser_is_told_when_a_log_changes_a_submitted_claim(client):
    """The adviser edited a session's hours after the school had submitted its claim: "Het verslag is opgeslagen."
    and nothing else, while the school's claim now differed from what it submitted."""
    claim, _school = submitted_claim()  # 3 members × 4 h in session 1: € 660
    trajectory = claim.trajectory
    session = trajectory.meetings.get(kind="session", number=1)
    members = list(trajectory.application.members.all())
    client.force_login(trajectory.adviser.user)
    url = reverse("trajectories:meeting_log", args=[session.pk])
    data = {"status": "held", "notes": "", **{f"hours_{m.pk}": "4" for m in members}}
    data[f"hours_{members[0].pk}"] = "3"
    said = [str(m) for m in client.post(url, data, follow=True).context["messages"]]
    assert ("De school diende haar declaratie in voor €\xa0660,00; volgens de verslagen is het bedrag nu €\xa0605,00. "
            "Financiën ziet het verschil en keurt goed wat de verslagen zeggen.") in said
    data[f"hours_{members[0].pk}"] = "4"  # back as submitted: nothing to say
    said = [str(m) for m in client.post(url, data, follow=True).context["messages"]]
    assert not any("diende haar declaratie in" in m for m in said)
