import io
import threading
from decimal import Decimal as D

import pytest
from django.db import connection
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import (
    AdviserFactory,
    MeetingFactory,
    ReimbursementClaimFactory,
    TrajectoryFactory,
    UserFactory,
    WorkingGroupMemberFactory,
)
from trajectories.models import ExportBatch, Meeting, ReimbursementClaim
from trajectories.services import claims as claim_service
from trajectories.services import exports
from trajectories.services import meetings as meeting_service

pytestmark = pytest.mark.django_db


def trajectory_with_group(n_members=6):
    trajectory = TrajectoryFactory()
    members = [WorkingGroupMemberFactory(application=trajectory.application, is_project_leader=(i == 0))
               for i in range(n_members)]
    return trajectory, members


def log(meeting, hours_by_member, status="held", by=None):
    entry = meeting_service.LogEntry(status=status, attendance=hours_by_member, school_leader_present=True,
                                     ambassador_present=True, notes="", agreed_actions="", progress=3)
    return meeting_service.log_meeting(meeting, entry, by=by or meeting.trajectory.adviser.user)


def test_full_sessions_give_the_seed_cap_through_the_services():
    trajectory, members = trajectory_with_group(7)
    meeting_service.ensure_meetings(trajectory)
    kickoff = trajectory.meetings.get(kind=Meeting.Kind.KICKOFF)
    log(kickoff, {m.pk: D("4") for m in members})
    for session in trajectory.meetings.filter(kind=Meeting.Kind.SESSION):
        log(session, {m.pk: D("4.5") for m in members})
    claim = ReimbursementClaim.objects.get(trajectory=trajectory)
    assert claim.amount == D("3960.00") and claim.cap_amount == D("3960.00")
    assert len([line for line in claim.lines if not line["reimbursed"]]) == 3


def test_submit_with_invalid_iban_is_refused_in_dutch(client):
    trajectory, members = trajectory_with_group(3)
    session = MeetingFactory(trajectory=trajectory, number=1)
    log(session, {m.pk: D("4") for m in members})
    client.force_login(trajectory.application.created_by)
    url = reverse("trajectories:claim_detail", args=[trajectory.pk])
    response = client.post(url, {"iban": "NL00BANK0123456789", "account_holder": "Stichting X"})
    assert "IBAN klopt niet" in response.content.decode()
    assert "NL00BANK0123456789" in response.content.decode()  # what was typed stays
    response = client.post(url, {"iban": "NL91 ABNA 0417 1643 00", "account_holder": "Stichting X"})
    claim = ReimbursementClaim.objects.get(trajectory=trajectory)
    assert claim.status == "submitted" and claim.iban == "NL91ABNA0417164300" and claim.amount == D("660.00")


def test_quarter_hours_in_the_log_form(client):
    trajectory, members = trajectory_with_group(3)
    meeting = MeetingFactory(trajectory=trajectory, number=1)
    client.force_login(trajectory.adviser.user)
    url = reverse("trajectories:meeting_log", args=[meeting.pk])
    data = {"status": "held", "progress": "3", **{f"hours_{m.pk}": "3,75" for m in members}}
    data[f"hours_{members[0].pk}"] = "3,8"
    response = client.post(url, data)
    assert "kwartieren" in response.content.decode()
    data[f"hours_{members[0].pk}"] = "3,75"
    assert client.post(url, data).status_code == 302
    assert meeting.attendances.get(member=members[0]).hours_present == D("3.75")


def test_an_adviser_cannot_log_another_advisers_meeting(client):
    meeting = MeetingFactory()
    client.force_login(AdviserFactory().user)
    assert client.get(reverse("trajectories:meeting_log", args=[meeting.pk])).status_code == 404
    assert client.post(reverse("trajectories:meeting_log", args=[meeting.pk]), {"status": "held"}).status_code == 404
    assert client.get(reverse("trajectories:trajectory_detail", args=[meeting.trajectory_id])).status_code == 404


def test_a_school_cannot_see_another_schools_claim(client):
    claim = ReimbursementClaimFactory()
    other = TrajectoryFactory()
    client.force_login(other.application.created_by)
    assert client.get(reverse("trajectories:claim_detail", args=[claim.trajectory_id])).status_code == 404
    assert client.get(reverse("trajectories:finance_claims")).status_code == 403


def test_logs_lock_once_the_claim_is_approved():
    trajectory, members = trajectory_with_group(3)
    session = MeetingFactory(trajectory=trajectory, number=1)
    log(session, {m.pk: D("4") for m in members})
    claim = ReimbursementClaim.objects.get(trajectory=trajectory)
    claim_service.submit_claim(claim, iban="NL91ABNA0417164300", account_holder="X", by=trajectory.application.created_by)
    claim_service.decide(claim, approve=True, reason="", by=UserFactory(roles=[Role.FINANCE]))
    with pytest.raises(meeting_service.MeetingError):
        log(session, {m.pk: D("2") for m in members})
    entry = meeting_service.LogEntry("held", {m.pk: D("3") for m in members}, True, True, "", "", 3)
    meeting_service.log_meeting(session, entry, by=UserFactory(roles=[Role.FINANCE]), correction_reason="typefout")
    assert session.attendances.first().hours_present == D("3")


def test_rejection_needs_a_reason():
    claim = ReimbursementClaimFactory(status="submitted", amount=D("100"))
    with pytest.raises(claim_service.ClaimError):
        claim_service.decide(claim, approve=False, reason=" ", by=UserFactory(roles=[Role.FINANCE]))


class TestExport:
    def approved(self, **kwargs):
        return ReimbursementClaimFactory(status="approved", amount=D("1320.00"), counted_hours=D("24"), **kwargs)

    def test_formula_in_names_is_exported_as_text(self, settings, tmp_path):
        settings.MEDIA_ROOT = str(tmp_path)
        claim = self.approved(account_holder='=HYPERLINK("http://evil.example","klik")')
        claim.trajectory.application.school.name = "+SUM(A1:A9)"
        claim.trajectory.application.school.save()
        batch = exports.create_batch(by=UserFactory(roles=[Role.FINANCE]))
        text = batch.csv_file.open("rb").read().decode("utf-8-sig")
        assert "'=HYPERLINK" in text and "'+SUM" in text
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(batch.xlsx_file.open("rb").read())).active
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        assert "'=HYPERLINK(\"http://evil.example\",\"klik\")" in values and "'+SUM(A1:A9)" in values
        assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)

    def test_batch_contains_approved_claims_once_and_downloads_byte_identical(self, client, settings, tmp_path):
        settings.MEDIA_ROOT = str(tmp_path)
        first, second = self.approved(), self.approved()
        self.approved().delete()
        ReimbursementClaimFactory(status="submitted", amount=D("10"))
        finance = UserFactory(roles=[Role.FINANCE])
        batch = exports.create_batch(by=finance)
        assert set(batch.claims.values_list("pk", flat=True)) == {first.pk, second.pk}
        assert batch.total_amount == D("2640.00")
        with pytest.raises(exports.ExportError):
            exports.create_batch(by=finance)
        client.force_login(finance)
        url = reverse("trajectories:finance_batch_download", args=[batch.pk, "sepa"])
        one, two = b"".join(client.get(url).streaming_content), b"".join(client.get(url).streaming_content)
        assert one == two and b"pain.001.001.03" in one and b"<InstdAmt Ccy=\"EUR\">1320.00</InstdAmt>" in one
        import hashlib

        assert hashlib.sha256(one).hexdigest() == batch.checksums["sepa_file"]
        assert exports.mark_paid(batch, by=finance) == 2
        assert set(ReimbursementClaim.objects.filter(batch=batch).values_list("status", flat=True)) == {"paid"}

    def test_streaming_csv_writer_handles_many_rows(self):
        for _ in range(30):
            self.approved()
        buffer = io.StringIO()
        assert exports.write_claims_csv(ReimbursementClaim.objects.all(), buffer) == 30
        assert buffer.getvalue().count("\n") == 31


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_exports_never_share_a_claim(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI always has it)")
    settings.MEDIA_ROOT = str(tmp_path)
    for _ in range(20):
        ReimbursementClaimFactory(status="approved", amount=D("100.00"))
    finance = UserFactory(roles=[Role.FINANCE])
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(exports.create_batch(by=finance).pk)
        except exports.ExportError:
            results.append(None)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    batches = [pk for pk in results if pk]
    assert len(batches) == 1
    assert ExportBatch.objects.get().claims.count() == 20
    assert ReimbursementClaim.objects.filter(status="approved").count() == 0


@pytest.mark.parametrize("n", [1, 30])
def test_list_pages_run_a_constant_number_of_queries(client, django_assert_max_num_queries, n, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    adviser = AdviserFactory()
    for _ in range(n):
        t = TrajectoryFactory(adviser=adviser)
        MeetingFactory(trajectory=t)
        ReimbursementClaimFactory(trajectory=t, status="submitted", amount=D("10"))
    client.force_login(adviser.user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("trajectories:adviser_list")).status_code == 200
    finance = UserFactory(roles=[Role.FINANCE])
    client.force_login(finance)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("trajectories:finance_claims")).status_code == 200
    ReimbursementClaim.objects.update(status="approved")
    exports.create_batch(by=finance)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("trajectories:finance_batch_list")).status_code == 200


def test_pulse_is_anonymous_and_shown_from_three_answers(client):
    trajectory, members = trajectory_with_group(4)
    session = MeetingFactory(trajectory=trajectory, number=1)
    log(session, {m.pk: D("4") for m in members})
    tokens = list(session.pulse_invitations.values_list("token", flat=True))
    assert len(tokens) == 4
    for token in tokens[:2]:
        client.post(reverse("trajectories:pulse", args=[token]), {"useful": "4", "progress": "3", "support": "5"})
    assert meeting_service.pulse_summary(session)["hidden"]
    client.post(reverse("trajectories:pulse", args=[tokens[2]]), {"useful": "5", "progress": "3", "support": "5"})
    client.post(reverse("trajectories:pulse", args=[tokens[2]]), {"useful": "1", "progress": "1", "support": "1"})
    summary = meeting_service.pulse_summary(session)
    assert not summary["hidden"]
    assert summary["n"] == 3
    assert round(float(summary["useful"]), 2) == 4.33
    assert not hasattr(session.pulse_responses.first(), "invitation")


def test_ics_download_for_the_pair_only(client):
    meeting = MeetingFactory()
    client.force_login(meeting.trajectory.application.created_by)
    response = client.get(reverse("trajectories:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200 and b"BEGIN:VEVENT" in response.content
    client.force_login(UserFactory(roles=[Role.SCHOOL_CONTACT]))
    assert client.get(reverse("trajectories:meeting_ics", args=[meeting.pk])).status_code == 404


def test_schedule_outside_window_warns_but_saves(client):
    meeting = MeetingFactory(planned_start=None)
    import datetime as dt

    client.force_login(meeting.trajectory.adviser.user)
    outside = meeting.trajectory.tranche.sessions_end_on + dt.timedelta(days=10)
    response = client.post(reverse("trajectories:meeting_schedule", args=[meeting.pk]),
                           {"start": f"{outside:%Y-%m-%d}T13:00", "duration_minutes": "240", "location": "Aula"},
                           follow=True)
    meeting.refresh_from_db()
    assert meeting.planned_start is not None
    assert "buiten de periode" in response.content.decode()
