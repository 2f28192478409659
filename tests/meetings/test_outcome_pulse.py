"""Issue 7: the outcome at the end (implemented, or a checked plan upload) and the anonymous pulse survey."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

from lobmatch.models import OutboxMessage, Role
from tests.factories import AdviserFactory, UserFactory
from tests.meetings.conftest import entry
from trajectories.models import PulseInvitation, PulseResponse
from trajectories.services import meetings as service

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TestOutcome:
    def url(self, trajectory):
        return reverse("trajectories:trajectory_outcome", args=[trajectory.pk])

    def test_implemented_needs_no_plan(self, client, group):
        trajectory, _members = group
        client.force_login(trajectory.adviser.user)
        response = client.post(self.url(trajectory), {"kind": "implemented", "summary": "Loopbaangesprekken staan."})
        assert response.status_code == 302
        trajectory.refresh_from_db()
        assert trajectory.outcome_kind == "implemented" and not trajectory.outcome_plan

    def test_plan_requires_an_upload(self, client, group):
        trajectory, _members = group
        client.force_login(trajectory.adviser.user)
        response = client.post(self.url(trajectory), {"kind": "plan", "summary": "Plan voor volgend jaar"})
        assert response.status_code == 200 and "Voeg het implementatieplan toe" in response.content.decode()
        assert "Plan voor volgend jaar" in response.content.decode()

    def test_plan_upload_is_sniffed_stored_and_served_to_the_pair_only(self, client, group, media):
        trajectory, _members = group
        client.force_login(trajectory.adviser.user)
        upload = SimpleUploadedFile("plan van aanpak.pdf", PDF, content_type="application/pdf")
        assert client.post(self.url(trajectory), {"kind": "plan", "summary": "Plan", "plan": upload}).status_code == 302
        trajectory.refresh_from_db()
        assert trajectory.outcome_plan.name.startswith("plans/plan-") and "aanpak" not in trajectory.outcome_plan.name
        download = reverse("trajectories:outcome_plan", args=[trajectory.pk])
        client.force_login(trajectory.application.created_by)
        assert b"".join(client.get(download).streaming_content) == PDF
        client.force_login(UserFactory(roles=[Role.SCHOOL_CONTACT]))
        assert client.get(download).status_code == 404

    def test_disguised_file_refused(self, client, group, media):
        trajectory, _members = group
        client.force_login(trajectory.adviser.user)
        upload = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
        response = client.post(self.url(trajectory), {"kind": "plan", "summary": "Plan", "plan": upload})
        assert response.status_code == 200 and "bestandstype is niet toegestaan" in response.content.decode()

    def test_too_large_refused(self, client, group, media, settings):
        settings.LOBMATCH_MAX_UPLOAD_BYTES = len(PDF) - 1
        trajectory, _members = group
        client.force_login(trajectory.adviser.user)
        upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
        response = client.post(self.url(trajectory), {"kind": "plan", "summary": "Plan", "plan": upload})
        assert response.status_code == 200 and "te groot" in response.content.decode()

    def test_only_the_own_adviser(self, client, group):
        trajectory, _members = group
        for user in (AdviserFactory().user, trajectory.application.created_by):
            client.force_login(user)
            assert client.get(self.url(trajectory)).status_code == 404


class TestPulse:
    def held(self, group, number=1):
        trajectory, members = group
        meeting = trajectory.meetings.get(kind="session", number=number)
        service.log_meeting(meeting, entry(members), by=trajectory.adviser.user)
        return trajectory, members, meeting

    def test_invitations_are_mailed_through_the_outbox_once(self, group):
        trajectory, members, meeting = self.held(group)
        service.log_meeting(meeting, entry(members, hours="3"), by=trajectory.adviser.user)  # logged again
        mails = OutboxMessage.objects.filter(payload__template="pulse_invitation")
        assert mails.count() == 4 == meeting.pulse_invitations.count()
        token = meeting.pulse_invitations.get(email=members[0].email).token
        assert mails.filter(payload__context__url=reverse("trajectories:pulse", args=[token])).count() == 1

    def test_a_member_logged_as_absent_gets_no_survey(self, group):
        trajectory, members = group
        meeting = trajectory.meetings.get(kind="session", number=1)
        absent = entry(members)
        absent.attendance[members[3].pk] = D("0")
        service.log_meeting(meeting, absent, by=trajectory.adviser.user)
        assert set(meeting.pulse_invitations.values_list("email", flat=True)) == {m.email for m in members[:3]}
        # logged again with the member present after all: invited then, the others not twice
        service.log_meeting(meeting, entry(members), by=trajectory.adviser.user)
        assert meeting.pulse_invitations.count() == 4
        assert OutboxMessage.objects.filter(payload__template="pulse_invitation").count() == 4

    @pytest.mark.parametrize("kind, number, status", [("kickoff", 0, "held"), ("closing", 0, "held"),
                                                      ("session", 2, "cancelled")])
    def test_no_survey_after_kickoff_closing_or_a_cancelled_session(self, group, kind, number, status):
        trajectory, members = group
        meeting = trajectory.meetings.get(kind=kind, number=number)
        service.log_meeting(meeting, entry(members, status=status), by=trajectory.adviser.user)
        assert not PulseInvitation.objects.exists()

    def test_answers_are_anonymous_and_once_per_link(self, client, group):
        _trajectory, _members, meeting = self.held(group)
        token = meeting.pulse_invitations.first().token
        url = reverse("trajectories:pulse", args=[token])
        page = client.get(url)
        assert page.status_code == 200  # no login needed
        # what the page promises is what the adviser's page does (below): averages, and the comments as written
        assert "ziet de cijfers alleen als gemiddelde; de adviseur leest ook de opmerkingen zoals ze zijn " \
               "geschreven, zonder naam en door elkaar" in page.content.decode()
        response = client.post(url, {"useful": "4", "progress": "3"})
        assert "Kies een cijfer van 1 tot 5" in response.content.decode()
        client.post(url, {"useful": "4", "progress": "3", "support": "5", "comment": "Fijn"})
        client.post(url, {"useful": "1", "progress": "1", "support": "1"})
        assert PulseResponse.objects.count() == 1
        assert "al ingevuld" in client.get(url).content.decode()
        field_names = {f.name for f in PulseResponse._meta.get_fields()}
        assert not field_names & {"invitation", "email", "member", "token", "user"}

    def test_unknown_token_is_404(self, client):
        assert client.get(reverse("trajectories:pulse", args=["nope"])).status_code == 404

    def test_adviser_sees_aggregates_only_from_three_answers(self, client, group):
        trajectory, _members, meeting = self.held(group)
        tokens = list(meeting.pulse_invitations.values_list("token", flat=True))
        detail = reverse("trajectories:trajectory_detail", args=[trajectory.pk])
        client.force_login(trajectory.adviser.user)
        for i, token in enumerate(tokens[:2]):
            service.answer_pulse(token, useful=4 + i, progress=3, support=5, comment=f"opmerking {i}")
        page = client.get(detail).content.decode()
        assert "2 antwoorden; zichtbaar vanaf 3 antwoorden" in page and "opmerking 0" not in page
        assert service.pulse_summary(meeting) == {"n": 2, "hidden": True, "open": False}
        service.answer_pulse(tokens[2], useful=4, progress=3, support=5, comment="")
        # Three of four answered: still open, or the next answer could be read off the change in the averages.
        page = client.get(detail).content.decode()
        assert "3 antwoorden; zichtbaar als de peiling sluit" in page and "opmerking 0" not in page
        service.answer_pulse(tokens[3], useful=3, progress=3, support=5, comment="")
        page = client.get(detail).content.decode()
        assert "4 antwoorden – nut 4,0" in page and "opmerking 0" in page
        client.force_login(trajectory.application.created_by)
        assert "Peiling werkgroep" not in client.get(detail).content.decode()


def test_an_answer_after_the_survey_closed_is_refused(client, group):
    """Two weeks after the session the averages are shown (to the adviser, and in the report the school and the
    ambassador download): a late answer was still taken, and the change in the averages gave it away."""
    trajectory, members = group
    meeting = trajectory.meetings.get(kind="session", number=1)
    meeting.planned_start = timezone.now() - dt.timedelta(days=1)
    meeting.save(update_fields=["planned_start"])
    service.log_meeting(meeting, entry(members, hours="4"), by=trajectory.adviser.user)
    token = meeting.pulse_invitations.first().token
    url = reverse("trajectories:pulse", args=[token])
    with time_machine.travel(meeting.planned_start + service.PULSE_OPEN + dt.timedelta(minutes=1)):
        page = client.get(url).content.decode()
        assert "Deze peiling is gesloten" in page and 'name="useful"' not in page
        client.post(url, {"useful": "1", "progress": "1", "support": "1"})
        assert not service.answer_pulse(token, useful=1, progress=1, support=1, comment="")
    assert not PulseResponse.objects.exists()
    with time_machine.travel(meeting.planned_start + service.PULSE_OPEN - dt.timedelta(minutes=1)):
        assert service.answer_pulse(token, useful=4, progress=4, support=4, comment="")  # the last minute counts


def test_the_pulse_closes_two_weeks_after_the_session(group):
    trajectory, members = group
    meeting = trajectory.meetings.get(kind="session", number=1)
    type(meeting).objects.filter(pk=meeting.pk).update(planned_start=timezone.now() - dt.timedelta(days=1))
    service.log_meeting(meeting, entry(members), by=trajectory.adviser.user)
    meeting.refresh_from_db()
    for token in list(meeting.pulse_invitations.values_list("token", flat=True))[:3]:
        service.answer_pulse(token, useful=4, progress=4, support=4, comment="")
    assert service.pulse_summaries([meeting])[meeting.pk]["hidden"]
    later = meeting.planned_start + service.PULSE_OPEN + dt.timedelta(minutes=1)
    summary = service.pulse_summaries([meeting], now=later)[meeting.pk]
    assert not summary["hidden"] and summary["n"] == 3 and summary["useful"] == 4


def test_an_answer_is_not_tied_to_a_moment(group):
    trajectory, members = group
    meeting = trajectory.meetings.get(kind="session", number=1)
    service.log_meeting(meeting, entry(members), by=trajectory.adviser.user)
    invitation = meeting.pulse_invitations.first()
    assert service.answer_pulse(invitation.token, useful=5, progress=5, support=5, comment="top")
    invitation.refresh_from_db()
    assert invitation.answered
    assert not any(isinstance(f, models.DateTimeField) and f.name != "created_at"
                   for f in type(invitation)._meta.get_fields() if hasattr(f, "attname"))


def test_the_result_is_recorded_by_the_adviser_not_edited_in_the_admin(client):
    """The admin offered the result fields (and an upload past the adviser's checks), also on a proposal."""
    from tests.factories import TrajectoryFactory

    trajectory = TrajectoryFactory()
    client.force_login(UserFactory(roles=[Role.STAFF]))
    page = client.get(reverse("admin:trajectories_trajectory_change", args=[trajectory.pk])).content.decode()
    assert 'name="outcome_kind"' not in page and 'name="outcome_plan"' not in page
    assert 'name="outcome_summary"' not in page and 'name="explanation"' not in page
