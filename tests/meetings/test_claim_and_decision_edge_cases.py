"""Edge cases of the money around sessions: history cannot rewrite a paid claim, a log changed after submitting,
nothing to pay, the decision forms, uploads, odd parameters, the cap's rounding and corrections."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lobmatch.models import Role
from tests.factories import TrancheFactory, UserFactory, approve_claim, export_batch
from tests.meetings.conftest import entry
from tests.sessions import cancel_unlogged_sessions
from trajectories.models import ExportBatch, ReimbursementClaim
from trajectories.services import claims as claim_service
from trajectories.services import exports
from trajectories.services import meetings as service

pytestmark = pytest.mark.django_db
IBAN = "NL91ABNA0417164300"


def submitted(group):
    trajectory, members = group
    session = trajectory.meetings.get(kind="session", number=1)
    service.log_meeting(session, entry(members), by=trajectory.adviser.user)
    cancel_unlogged_sessions(trajectory)
    claim = claim_service.ensure_claim(trajectory)
    claim_service.submit_claim(claim, iban=IBAN, account_holder="Stichting X", by=trajectory.application.created_by)
    return trajectory, members, session, ReimbursementClaim.objects.get(pk=claim.pk)


def test_history_revert_cannot_rewrite_a_paid_claim(client, group, media):
    trajectory, _members, _session, claim = submitted(group)
    finance = UserFactory(roles=[Role.FINANCE])
    approve_claim(claim, finance)
    batch = export_batch(finance)
    exports.mark_paid(batch, by=finance, paid_on=timezone.localdate())
    approved_version = claim.history.filter(status="approved").first()
    url = reverse("admin:trajectories_reimbursementclaim_simple_history", args=[claim.pk, approved_version.history_id])
    client.force_login(UserFactory(roles=[Role.STAFF], is_staff=True))
    assert client.get(url).status_code == 200  # history may be read
    assert client.post(url, {"_save": "1", "status": "approved"}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == "paid" and claim.batch_id == batch.pk


def test_a_log_changed_after_submitting_changes_the_amount_finance_approves(group):
    trajectory, members, session, claim = submitted(group)
    assert claim.amount == D("880.00")  # 4 members × 4 h × €55
    service.log_meeting(session, entry(members, hours="2"), by=trajectory.adviser.user)
    claim.refresh_from_db()
    # (read from the logs: the amount saved at submission, 880, is what the school submitted, not what is paid)
    assert claim.status == "submitted" and claim_service.money(claim)[1].amount == D("440.00")
    approved = approve_claim(claim, UserFactory(roles=[Role.FINANCE]))
    assert approved.amount == D("440.00")


def test_nothing_to_pay_cannot_be_approved_and_blocks_no_export(group, media):
    trajectory, members, session, claim = submitted(group)
    service.log_meeting(session, entry(members, status="cancelled"), by=trajectory.adviser.user)
    with pytest.raises(claim_service.ClaimError, match="niets te vergoeden"):
        approve_claim(claim, UserFactory(roles=[Role.FINANCE]))
    # An approved claim corrected to nothing stays out of the batch instead of breaking it.
    ReimbursementClaim.objects.filter(pk=claim.pk).update(status="approved", amount=D("0"))
    with pytest.raises(exports.ExportError):
        export_batch(UserFactory(roles=[Role.FINANCE]))
    assert not ExportBatch.objects.exists()


def test_the_reject_form_can_only_reject_and_a_missing_decision_decides_nothing(client, group):
    _trajectory, _members, _session, claim = submitted(group)
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    decide = reverse("trajectories:finance_decide", args=[claim.pk])
    client.post(decide, {"reason": "IBAN hoort niet bij de school"})  # Enter in the reason used to approve
    claim.refresh_from_db()
    assert claim.status == "submitted"
    client.post(decide, {"decision": "approve", "reason": "x" * 1001})  # too long: nothing decided, nothing lost
    claim.refresh_from_db()
    assert claim.status == "submitted"
    page = client.get(reverse("trajectories:finance_claims")).content.decode()
    assert 'name="decision" value="reject"' in page and page.count('name="reason"') >= 1


def test_the_plan_is_stored_with_the_extension_of_its_content(client, group, media):
    trajectory, _members = group
    client.force_login(trajectory.adviser.user)
    upload = SimpleUploadedFile("plan.html", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                                content_type="text/html")
    response = client.post(reverse("trajectories:trajectory_outcome", args=[trajectory.pk]),
                           {"kind": "plan", "summary": "Plan", "plan": upload})
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.outcome_plan.name.endswith(".pdf")


def test_a_strange_tranche_parameter_is_ignored_not_a_500(client):
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    for value in ("²", "99999999999999999999", "-1", "abc"):
        assert client.get(reverse("trajectories:finance_claims"), {"tranche": value}).status_code == 200


def test_the_cap_rounds_like_the_claim():
    tranche = TrancheFactory(hourly_rate=D("52.45"), max_hours_per_session=D("4.25"), max_members_reimbursed=6,
                             guided_sessions=3)
    # 52.45 × 4.25 × 18 = 4012.425: half up, as every claim is rounded, not half even.
    assert tranche.max_claim_amount == D("4012.43")


def test_finance_cannot_correct_before_approval_or_a_meeting_that_is_not_paid(group):
    trajectory, members, session, claim = submitted(group)
    finance = UserFactory(roles=[Role.FINANCE])
    with pytest.raises(service.MeetingError, match="pas als de declaratie is goedgekeurd"):
        claim_service.correct_meeting(session, entry(members, hours="1"), by=finance, reason="te veel")
    approve_claim(claim, finance)
    # every session is logged before a claim goes in; the kickoff and the closing are never paid
    closing = trajectory.meetings.get(kind="closing")
    with pytest.raises(service.MeetingError, match="telt niet mee voor de declaratie"):
        claim_service.correct_meeting(closing, entry(members, hours="1"), by=finance, reason="x")
    session.refresh_from_db()
    logged_by = session.logged_by_id
    assert logged_by == trajectory.adviser.user_id
    claim_service.correct_meeting(session, entry(members, hours="3"), by=finance, reason="te veel")
    session.refresh_from_db()
    assert session.logged_by_id == logged_by  # who logged it stays; the history says who corrected
