"""AVG: personal data of long-closed trajectories is anonymised (money records kept); one person's data on request."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from lobmatch.models import Role
from partners.models import PartnerApplication
from tests.factories import (
    AdviserFactory,
    AttendanceFactory,
    MeetingFactory,
    PartnerApplicationFactory,
    ReimbursementClaimFactory,
    TrajectoryFactory,
    UserFactory,
    WorkingGroupMemberFactory,
)
from trajectories.models import (
    ExportBatch,
    PaymentReturn,
    PulseInvitation,
    PulseResponse,
    ReimbursementClaim,
    Trajectory,
)
from trajectories.privacy import ANONYMISED, anonymise_closed_trajectories, mask_iban, retention_cutoff

CLOSED_AT = dt.datetime(2018, 6, 15, 12, 0, tzinfo=dt.UTC)


def closed_trajectory(status=Trajectory.Status.COMPLETED, closed_at=CLOSED_AT):
    application = PartnerApplicationFactory(status=PartnerApplication.Status.MATCHED, project_leader_phone="0612345678")
    leader = WorkingGroupMemberFactory(application=application, name="Petra de Vries", email="petra@example.org",
                                       is_project_leader=True)
    member = WorkingGroupMemberFactory(application=application, name="Jan Jansen", email="jan@school.example")
    trajectory = TrajectoryFactory(application=application, tranche=application.tranche, status=status)
    meeting = MeetingFactory(trajectory=trajectory, status="held", notes="Leerlijn LOB besproken.")
    AttendanceFactory(meeting=meeting, member=leader, hours_present=Decimal("4"))
    AttendanceFactory(meeting=meeting, member=member, hours_present=Decimal("3.5"))
    PulseResponse.objects.create(meeting=meeting, useful=4, progress=3, support=5, comment="Jan was te laat.")
    PulseInvitation.objects.create(meeting=meeting, email="jan@school.example")
    batch = ExportBatch.objects.create(reference=f"LOB-{trajectory.pk}", created_by=UserFactory(roles=[Role.FINANCE]),
                                       claim_count=1, total_amount=Decimal("412.50"))
    claim = ReimbursementClaimFactory(trajectory=trajectory, status="paid", amount=Decimal("412.50"),
                                      counted_hours=Decimal("7.5"), batch=batch, account_holder="P. de Vries")
    Trajectory.objects.filter(pk=trajectory.pk).update(updated_at=closed_at)
    return trajectory, claim


def test_retention_cutoff_is_calendar_years_and_handles_leap_days():
    now = dt.datetime(2025, 6, 15, 12, 0, tzinfo=dt.UTC)
    assert retention_cutoff(7, now) == dt.datetime(2018, 6, 15, 12, 0, tzinfo=dt.UTC)
    assert retention_cutoff(1, dt.datetime(2024, 2, 29, tzinfo=dt.UTC)) == dt.datetime(2023, 2, 28, tzinfo=dt.UTC)


def test_mask_iban_keeps_the_last_four_and_is_idempotent():
    assert mask_iban("NL91 ABNA 0417 1643 00") == "**************4300"
    assert mask_iban(mask_iban("NL91ABNA0417164300")) == "**************4300"
    assert mask_iban("") == ""


@pytest.mark.django_db
class TestRetention:
    def test_one_day_before_the_period_ends_nothing_changes(self, settings):
        settings.LOBMATCH_RETENTION_YEARS = 7
        trajectory, claim = closed_trajectory()
        with time_machine.travel(CLOSED_AT + dt.timedelta(days=365 * 7 + 1) - dt.timedelta(days=1), tick=False):
            # 2025-06-14: seven calendar years minus one day
            result = anonymise_closed_trajectories()
        assert result.count == 0
        application = PartnerApplication.objects.get(pk=trajectory.application_id)
        assert application.project_leader_name == "Petra de Vries"
        assert ReimbursementClaim.objects.get(pk=claim.pk).iban == "NL91ABNA0417164300"

    def test_one_day_after_the_period_the_personal_data_is_gone_and_the_money_stays(self, settings):
        settings.LOBMATCH_RETENTION_YEARS = 7
        trajectory, claim = closed_trajectory()
        with time_machine.travel(dt.datetime(2025, 6, 16, 12, 0, tzinfo=dt.UTC), tick=False):
            result = anonymise_closed_trajectories()
        assert result.trajectories == [trajectory.pk]
        application = PartnerApplication.objects.get(pk=trajectory.application_id)
        assert application.project_leader_name == ANONYMISED and application.school_leader_name == ANONYMISED
        assert application.project_leader_email == application.school_leader_email == ""
        assert application.project_leader_phone == ""
        members = list(application.members.values_list("name", "email"))
        assert all(name.startswith("Werkgroeplid ") and email == "" for name, email in members)
        assert "Jan Jansen" not in str(members) and "Petra" not in str(members)
        paid = ReimbursementClaim.objects.get(pk=claim.pk)
        assert paid.iban == "**************4300" and paid.account_holder == ANONYMISED
        assert (paid.amount, paid.counted_hours, paid.status, paid.batch_id) == (
            Decimal("412.50"), Decimal("7.5"), "paid", claim.batch_id)
        assert ExportBatch.objects.get(pk=claim.batch_id).total_amount == Decimal("412.50")
        assert list(PulseResponse.objects.values_list("comment", "useful")) == [("", 4)]
        assert not PulseInvitation.objects.exists()
        # The attendance (hours, the basis of the payment) and the meeting notes stay.
        meeting = trajectory.meetings.get()
        assert sorted(meeting.attendances.values_list("hours_present", flat=True)) == [Decimal("3.5"), Decimal("4")]
        assert meeting.notes == "Leerlijn LOB besproken."
        # The history tables held the same data.
        assert not PartnerApplication.history.filter(project_leader_name="Petra de Vries").exists()
        assert not ReimbursementClaim.history.filter(iban="NL91ABNA0417164300").exists()
        assert not ReimbursementClaim.history.filter(account_holder="P. de Vries").exists()
        # The trajectory itself is untouched, so its closing date does not move.
        assert Trajectory.objects.get(pk=trajectory.pk).updated_at == CLOSED_AT

    def test_a_transfer_the_bank_sent_back_loses_both_accounts_and_keeps_the_money(self):
        trajectory, claim = closed_trajectory()
        finance = claim.batch.created_by
        # As the real flow leaves it: returned from the batch, the school's new account, paid again by hand.
        returned = PaymentReturn.objects.create(
            claim=claim, batch=claim.batch, amount=claim.amount, iban=claim.iban, account_holder="P. de Vries",
            reason="AC04", recorded_by=finance, repaid_iban="NL44RABO0123456789", repaid_note="kenmerk 1",
            repaid_by=finance, repaid_at=CLOSED_AT)
        claim.batch, claim.iban, claim.account_holder = None, "NL44RABO0123456789", "Stichting P. de Vries"
        claim.save()
        Trajectory.objects.filter(pk=trajectory.pk).update(updated_at=CLOSED_AT)
        anonymise_closed_trajectories(years=7, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        returned.refresh_from_db()
        assert (returned.iban, returned.account_holder, returned.repaid_iban) == (
            "**************4300", ANONYMISED, "**************6789")
        assert (returned.amount, returned.reason, returned.repaid_note) == (Decimal("412.50"), "AC04", "kenmerk 1")
        # each history row keeps the last four of its own account, not of the newest one
        assert sorted(set(ReimbursementClaim.history.filter(id=claim.pk).values_list("iban", flat=True))) == [
            "**************4300", "**************6789"]
        assert not ReimbursementClaim.history.filter(account_holder__contains="Vries").exists()

    def test_cancelled_trajectories_count_and_open_ones_never(self):
        cancelled, _ = closed_trajectory(status=Trajectory.Status.CANCELLED)
        running, _ = closed_trajectory(status=Trajectory.Status.PUBLISHED)
        result = anonymise_closed_trajectories(years=7, now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
        assert result.trajectories == [cancelled.pk]
        assert PartnerApplication.objects.get(pk=running.application_id).project_leader_name == "Petra de Vries"

    def test_an_application_with_a_newer_trajectory_is_kept(self):
        old, _ = closed_trajectory(status=Trajectory.Status.CANCELLED)
        TrajectoryFactory(application=old.application, tranche=old.tranche, status=Trajectory.Status.COMPLETED)
        result = anonymise_closed_trajectories(years=7, now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
        assert result.count == 0

    def test_idempotent(self):
        closed_trajectory()
        now = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
        assert anonymise_closed_trajectories(years=7, now=now).count == 1
        snapshot = list(ReimbursementClaim.objects.values())
        again = anonymise_closed_trajectories(years=7, now=now)
        assert again.count == 0 and again.claims == 0
        assert list(ReimbursementClaim.objects.values()) == snapshot

    def test_command_dry_run_changes_nothing_and_years_is_configurable(self):
        trajectory, claim = closed_trajectory()
        out = StringIO()
        with time_machine.travel(dt.datetime(2021, 6, 16, tzinfo=dt.UTC), tick=False):
            call_command("anonymise_closed_trajectories", "--years", "7", stdout=out)
            assert out.getvalue().startswith("anonymised 0 trajectories")
            out = StringIO()
            call_command("anonymise_closed_trajectories", "--years", "3", "--dry-run", stdout=out)
            assert out.getvalue().startswith("would anonymise 1 trajectories closed before 2018-06-16")
            assert ReimbursementClaim.objects.get(pk=claim.pk).account_holder == "P. de Vries"
            out = StringIO()
            call_command("anonymise_closed_trajectories", "--years", "3", stdout=out)
            assert out.getvalue().startswith("anonymised 1 trajectories")
            assert f"trajectories: {trajectory.pk}" in out.getvalue()
        assert ReimbursementClaim.objects.get(pk=claim.pk).account_holder == ANONYMISED

    def test_query_count_does_not_grow_with_the_members(self, django_assert_max_num_queries):
        closed_trajectory()
        with django_assert_max_num_queries(40):
            anonymise_closed_trajectories(years=7, now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC), dry_run=True)


@pytest.mark.django_db
class TestExport:
    def test_export_gathers_one_persons_data(self):
        user = UserFactory(email="anna@example.org", first_name="Anna", last_name="de Vries",
                           roles=[Role.SCHOOL_CONTACT, Role.ADVISER])
        own = PartnerApplicationFactory(created_by=user, project_leader_email="anna@example.org")
        WorkingGroupMemberFactory(application=own, name="Anna de Vries", email="Anna@Example.org",
                                  is_project_leader=True)
        elsewhere = PartnerApplicationFactory(school_leader_email="anna@example.org",
                                              project_leader_email="someone@example.org")
        adviser = AdviserFactory(user=user)
        trajectory = TrajectoryFactory(adviser=adviser)
        MeetingFactory(trajectory=trajectory, notes="Goed gesprek.")
        PartnerApplicationFactory(project_leader_email="other@example.org", school_leader_email="other@example.org")

        out = StringIO()
        call_command("export_personal_data", "anna@example.org", stdout=out)
        data = json.loads(out.getvalue())
        assert data["user"]["email"] == "anna@example.org" and data["user"]["last_name"] == "de Vries"
        assert data["user"]["roles"] == sorted([Role.ADVISER, Role.SCHOOL_CONTACT])
        assert [a["id"] for a in data["applications"]] == [own.pk]
        assert data["applications"][0]["working_group"][0]["name"] == "Anna de Vries"
        assert data["named_in_applications"] == [{"application": elsewhere.pk, "tranche": str(elsewhere.tranche),
                                                  "school": elsewhere.school.name, "as": ["school_leader"]}]
        assert [m["application"] for m in data["working_group_memberships"]] == [own.pk]
        assert [t["id"] for t in data["trajectories_as_adviser"]] == [trajectory.pk]
        assert data["trajectories_as_adviser"][0]["meetings"][0]["notes"] == "Goed gesprek."
        assert "other@example.org" not in out.getvalue()

    def test_a_working_group_member_without_an_account(self):
        member = WorkingGroupMemberFactory(email="lid@school.example", name="Lid Zonder Account")
        meeting = MeetingFactory(trajectory=TrajectoryFactory(application=member.application,
                                                              tranche=member.application.tranche))
        AttendanceFactory(meeting=meeting, member=member, hours_present=Decimal("2.75"))
        PulseInvitation.objects.create(meeting=meeting, email="lid@school.example")
        out, err = StringIO(), StringIO()
        call_command("export_personal_data", "LID@school.example", stdout=out, stderr=err)
        data = json.loads(out.getvalue())
        assert data["user"] is None and data["applications"] == []
        assert data["working_group_memberships"][0]["attendance"][0]["hours_present"] == "2.75"
        assert data["pulse_invitations"][0]["answered"] is False
        assert err.getvalue() == ""

    def test_unknown_person_gives_an_empty_export_and_a_note(self):
        out, err = StringIO(), StringIO()
        call_command("export_personal_data", "niemand@example.org", stdout=out, stderr=err)
        assert json.loads(out.getvalue())["user"] is None
        assert "nothing is held" in err.getvalue()
