"""Issue 7: meetings per trajectory, scheduling with window warnings, .ics files, the session log and its lock."""

import datetime as dt
import re
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from lobmatch.mailing import ATTACHMENT_RENDERERS
from lobmatch.models import OutboxMessage, Role
from tests.factories import (
    AdviserFactory,
    MeetingFactory,
    TrajectoryFactory,
    UserFactory,
    WorkingGroupMemberFactory,
    approve_claim,
    export_batch,
)
from tests.meetings.conftest import entry
from tests.sessions import cancel_unlogged_sessions
from trajectories.models import Meeting, ReimbursementClaim, Trajectory
from trajectories.services import claims as claim_service
from trajectories.services import meetings as service

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def kinds(trajectory):
    return sorted(trajectory.meetings.values_list("kind", "number"))


class TestEnsureMeetings:
    def test_kickoff_guided_sessions_and_closing_once(self):
        trajectory = TrajectoryFactory()
        service.ensure_meetings(trajectory)
        service.ensure_meetings(trajectory)
        assert kinds(trajectory) == [("closing", 0), ("kickoff", 0), ("session", 1), ("session", 2), ("session", 3)]

    def test_number_of_sessions_comes_from_the_tranche(self):
        trajectory = TrajectoryFactory(application__tranche__guided_sessions=2)
        service.ensure_meetings(trajectory)
        assert trajectory.meetings.filter(kind="session").count() == 2

    def test_publishing_creates_the_meetings(self):
        from trajectories.services import matching

        trajectory = TrajectoryFactory(status=Trajectory.Status.CONFIRMED)
        matching.publish(trajectory, by=UserFactory(roles=[Role.STAFF]))
        assert len(kinds(trajectory)) == 5

    def test_first_visit_of_the_adviser_creates_them(self, client):
        trajectory = TrajectoryFactory()
        client.force_login(trajectory.application.created_by)
        client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk]))
        assert trajectory.meetings.count() == 0  # the school's visit changes nothing
        client.force_login(trajectory.adviser.user)
        response = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk]))
        assert response.status_code == 200 and trajectory.meetings.count() == 5
        assert "Startgesprek" in response.content.decode() or "startgesprek" in response.content.decode()


class TestWindows:
    def at(self, day, hour=13):
        return dt.datetime.combine(day, dt.time(hour), tzinfo=AMS)

    @pytest.mark.parametrize("offset, warned", [(-1, True), (0, False), ("end", False), ("end+1", True)])
    def test_kickoff_window_boundaries(self, offset, warned):
        meeting = MeetingFactory(kind="kickoff", number=0)
        tranche = meeting.trajectory.tranche
        day = {"end": tranche.kickoff_ends_on, "end+1": tranche.kickoff_ends_on + dt.timedelta(days=1)}.get(
            offset, tranche.kickoff_starts_on + dt.timedelta(days=offset if isinstance(offset, int) else 0))
        assert bool(service.window_warning(meeting, self.at(day))) is warned

    @pytest.mark.parametrize("moment, warned", [
        ("start 00:00", False), ("end 23:59", False), ("start-1 23:59", True), ("end+1 00:00", True)])
    def test_session_window_uses_the_local_day(self, moment, warned):
        meeting = MeetingFactory()
        tranche = meeting.trajectory.tranche
        label, clock = moment.split()
        day = {"start": tranche.sessions_start_on, "end": tranche.sessions_end_on,
               "start-1": tranche.sessions_start_on - dt.timedelta(days=1),
               "end+1": tranche.sessions_end_on + dt.timedelta(days=1)}[label]
        hour, minute = map(int, clock.split(":"))
        start = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=AMS).astimezone(dt.UTC)
        assert bool(service.window_warning(meeting, start)) is warned

    def test_outside_the_window_warns_first_and_saves_when_asked_again(self, client):
        meeting = MeetingFactory(planned_start=None)
        client.force_login(meeting.trajectory.adviser.user)
        outside = meeting.trajectory.tranche.sessions_end_on + dt.timedelta(days=10)
        url = reverse("trajectories:meeting_schedule", args=[meeting.pk])
        typed = {"start": f"{outside:%Y-%m-%d}T13:00", "duration_minutes": "240", "location": "Aula"}
        mails = OutboxMessage.objects.count()
        response = client.post(url, typed)
        html = response.content.decode()
        assert "Nog niets verstuurd" in html and "buiten de periode" in html and "Toch plannen" in html
        meeting.refresh_from_db()
        assert meeting.planned_start is None and OutboxMessage.objects.count() == mails
        warned = re.search(r'name="warned" value="([^"]+)"', html).group(1)
        response = client.post(url, {**typed, "warned": warned}, follow=True)
        meeting.refresh_from_db()
        assert timezone_local(meeting.planned_start) == dt.datetime.combine(outside, dt.time(13), tzinfo=AMS)
        assert "buiten de periode" in response.content.decode()

    def test_a_logged_meeting_cannot_be_moved(self, client, group):
        trajectory, members = group
        session = trajectory.meetings.get(kind="session", number=1)
        service.log_meeting(session, entry(members), by=trajectory.adviser.user)
        client.force_login(trajectory.adviser.user)
        response = client.post(reverse("trajectories:meeting_schedule", args=[session.pk]),
                               {"start": "2030-10-01T13:00", "duration_minutes": "240", "location": "Aula"})
        assert response.status_code == 400 and "al vastgelegd" in response.content.decode()


def timezone_local(value):
    return value.astimezone(AMS)


class TestIcs:
    def test_pair_adviser_and_ambassador_download_others_get_404(self, client):
        meeting = MeetingFactory(location="Aula, gebouw B")
        trajectory = meeting.trajectory
        ambassador = UserFactory(roles=[Role.AMBASSADOR])
        trajectory.practice.ambassador.contacts.add(ambassador)
        url = reverse("trajectories:meeting_ics", args=[meeting.pk])
        for user in (trajectory.application.created_by, trajectory.adviser.user, ambassador):
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
        for user in (UserFactory(roles=[Role.SCHOOL_CONTACT]), AdviserFactory().user):
            client.force_login(user)
            assert client.get(url).status_code == 404

    def test_content_is_rfc5545(self, client):
        start = dt.datetime(2030, 9, 16, 13, 0, tzinfo=AMS)
        meeting = MeetingFactory(planned_start=start, duration_minutes=240, location="Aula; zaal 2")
        client.force_login(meeting.trajectory.adviser.user)
        body = client.get(reverse("trajectories:meeting_ics", args=[meeting.pk])).content
        text = body.decode()
        assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
        # Amsterdam time with the file's own VTIMEZONE (CEST, UTC+2, in September)
        assert "DTSTART;TZID=Europe/Amsterdam:20300916T130000" in text
        assert "DTEND;TZID=Europe/Amsterdam:20300916T170000" in text and "TZOFFSETTO:+0200" in text
        assert "LOCATION:Aula\\; zaal 2" in text and f"UID:meeting-{meeting.pk}@lobmatch" in text
        assert all(len(line) <= 75 for line in body.split(b"\r\n"))

    def test_unplanned_meeting_has_no_file(self, client):
        meeting = MeetingFactory(planned_start=None)
        client.force_login(meeting.trajectory.adviser.user)
        assert client.get(reverse("trajectories:meeting_ics", args=[meeting.pk])).status_code == 404

    def test_outbox_attachment_renderer(self):
        meeting = MeetingFactory()
        filename, content, mimetype = ATTACHMENT_RENDERERS["ics"]({"kind": "ics", "meeting": meeting.pk})
        assert filename.endswith(".ics") and b"BEGIN:VEVENT" in content and mimetype.startswith("text/calendar")


class TestSessionLog:
    def post(self, client, meeting, members, hours, **extra):
        data = {"status": "held", "progress": "3", "school_leader_present": "yes", "ambassador_present": "yes",
                **{f"hours_{m.pk}": h for m, h in zip(members, hours, strict=True)}, **extra}
        return client.post(reverse("trajectories:meeting_log", args=[meeting.pk]), data)

    @pytest.mark.parametrize("typed, stored", [("3,75", "3.75"), ("3.75", "3.75"), ("4,5", "4.5"), ("0", "0"),
                                               ("", "0"), (" 2,25 ", "2.25")])
    def test_quarter_hours_accepted(self, client, group, typed, stored):
        trajectory, members = group
        meeting = trajectory.meetings.get(kind="session", number=1)
        client.force_login(trajectory.adviser.user)
        assert self.post(client, meeting, members, [typed] + ["4"] * 3).status_code == 302
        assert meeting.attendances.get(member=members[0]).hours_present == D(stored)

    @pytest.mark.parametrize("typed, message", [("3,8", "kwartieren"), ("3,755", "kwartieren"),
                                                ("-1", "negatief"), ("13", "12 uur"), ("vier", "aantal uren"),
                                                ("1.000,25", "aantal uren")])
    def test_wrong_hours_refused_in_dutch_and_nothing_lost(self, client, group, typed, message):
        trajectory, members = group
        meeting = trajectory.meetings.get(kind="session", number=1)
        client.force_login(trajectory.adviser.user)
        response = self.post(client, meeting, members, [typed, "3,75", "4", "2"], notes="Goede sessie over LOB")
        page = response.content.decode()
        assert response.status_code == 200 and message in page
        assert 'value="3,75"' in page and "Goede sessie over LOB" in page
        assert not meeting.attendances.exists()

    def test_another_adviser_gets_404_everywhere(self, client, group):
        trajectory, members = group
        meeting = trajectory.meetings.get(kind="session", number=1)
        client.force_login(AdviserFactory().user)
        for name in ("meeting_log", "meeting_schedule"):
            assert client.get(reverse(f"trajectories:{name}", args=[meeting.pk])).status_code == 404
        assert self.post(client, meeting, members, ["4"] * 4).status_code == 404
        assert client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).status_code == 404
        assert not meeting.attendances.exists()

    def test_the_school_and_ambassador_cannot_log(self, client, group):
        trajectory, members = group
        meeting = trajectory.meetings.get(kind="session", number=1)
        ambassador = UserFactory(roles=[Role.AMBASSADOR])
        trajectory.practice.ambassador.contacts.add(ambassador)
        for user in (trajectory.application.created_by, ambassador):
            client.force_login(user)
            assert self.post(client, meeting, members, ["4"] * 4).status_code == 404

    def test_cancelled_session_records_no_hours(self, group):
        trajectory, members = group
        meeting = trajectory.meetings.get(kind="session", number=2)
        service.log_meeting(meeting, entry(members, status="cancelled"), by=trajectory.adviser.user)
        assert set(meeting.attendances.values_list("hours_present", flat=True)) == {D("0")}
        assert not meeting.pulse_invitations.exists()

    @pytest.mark.parametrize("kind, number, expected", [("kickoff", 0, True), ("session", 1, True),
                                                        ("session", 2, False), ("session", 3, False),
                                                        ("closing", 0, True)])
    def test_school_leader_flag(self, client, group, kind, number, expected):
        trajectory, members = group
        meeting = trajectory.meetings.get(kind=kind, number=number)
        assert meeting.expects_school_leader is expected
        client.force_login(trajectory.adviser.user)
        response = client.post(reverse("trajectories:meeting_log", args=[meeting.pk]),
                               {"status": "held", "school_leader_present": "no",
                                **{f"hours_{m.pk}": "2" for m in members}}, follow=True)
        assert ("schoolleider was afwezig" in response.content.decode()) is expected
        page = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).content.decode()
        assert ("schoolleider afwezig" in page) is expected

    def test_log_page_is_phone_friendly(self, client, group):
        trajectory, _members = group
        meeting = trajectory.meetings.get(kind="session", number=1)
        client.force_login(trajectory.adviser.user)
        page = client.get(reverse("trajectories:meeting_log", args=[meeting.pk])).content.decode()
        assert 'inputmode="decimal"' in page and "form-control-lg" in page and "btn-lg w-100" in page
        assert 'name="viewport"' in page and "<style" not in page and "<script>" not in page


class TestLockAndCorrection:
    def approved(self, group):
        trajectory, members = group
        session = trajectory.meetings.get(kind="session", number=1)
        service.log_meeting(session, entry(members), by=trajectory.adviser.user)
        cancel_unlogged_sessions(trajectory)
        claim = claim_service.ensure_claim(trajectory)
        claim_service.submit_claim(claim, iban="NL91ABNA0417164300", account_holder="X",
                                   by=trajectory.application.created_by)
        finance = UserFactory(roles=[Role.FINANCE])
        approve_claim(claim, finance)
        return trajectory, members, session, finance

    def test_logs_lock_once_the_claim_is_approved(self, client, group):
        trajectory, members, session, _finance = self.approved(group)
        with pytest.raises(service.MeetingError):
            service.log_meeting(session, entry(members, hours="2"), by=trajectory.adviser.user)
        client.force_login(trajectory.adviser.user)
        page = client.get(reverse("trajectories:meeting_log", args=[session.pk])).content.decode()
        assert "vergrendeld" in page
        response = client.post(reverse("trajectories:meeting_log", args=[session.pk]),
                               {"status": "held", **{f"hours_{m.pk}": "1" for m in members}})
        assert response.status_code == 200 and "via financiën" in response.content.decode()
        assert session.attendances.filter(hours_present=D("4")).count() == 4

    def test_only_finance_corrects_and_a_reason_is_required(self, client, group):
        trajectory, members, session, finance = self.approved(group)
        url = reverse("trajectories:meeting_correct", args=[session.pk])
        for user in (trajectory.adviser.user, trajectory.application.created_by, UserFactory(roles=[Role.STAFF])):
            client.force_login(user)
            assert client.get(url).status_code == 403
        client.force_login(finance)
        data = {"status": "held", **{f"hours_{m.pk}": "3" for m in members}}
        response = client.post(url, data)
        assert response.status_code == 200 and "reden op voor de correctie" in response.content.decode()
        assert client.post(url, {**data, "correction_reason": "uren volgens presentielijst"}).status_code == 302
        claim = ReimbursementClaim.objects.get(trajectory=trajectory)
        assert claim.status == "approved" and claim.amount == D("660.00")  # 4 × 3 h × €55
        latest = claim.history.first()
        assert latest.history_change_reason == "uren volgens presentielijst" and latest.history_user == finance
        assert session.attendances.first().history.first().history_change_reason == "uren volgens presentielijst"

    def test_an_exported_claims_amount_cannot_change(self, group, settings, tmp_path):
        settings.MEDIA_ROOT = str(tmp_path)
        trajectory, members, session, finance = self.approved(group)
        export_batch(finance)
        with pytest.raises(claim_service.ClaimError):
            claim_service.correct_meeting(session, entry(members, hours="1"), by=finance, reason="te veel")
        assert session.attendances.filter(hours_present=D("4")).count() == 4  # rolled back
        claim_service.correct_meeting(session, entry(members, hours="4", notes="verslag aangevuld"), by=finance,
                                      reason="verslag aangevuld")
        session.refresh_from_db()
        assert session.notes == "verslag aangevuld"


class TestFinanceReadsAttendance:
    def test_finance_sees_attendance_read_only(self, client, group):
        trajectory, members = group
        session = trajectory.meetings.get(kind="session", number=1)
        service.log_meeting(session, entry(members, hours="3.75"), by=trajectory.adviser.user)
        client.force_login(UserFactory(roles=[Role.FINANCE]))
        page = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).content.decode()
        assert "Lid 1: 3,75 uur" in page
        assert reverse("trajectories:meeting_log", args=[session.pk]) not in page
        assert client.get(reverse("trajectories:meeting_log", args=[session.pk])).status_code == 404


@pytest.mark.parametrize("n", [1, 25])
def test_adviser_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    adviser = AdviserFactory()
    for _ in range(n):
        trajectory = TrajectoryFactory(adviser=adviser)
        service.ensure_meetings(trajectory)
    client.force_login(adviser.user)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("trajectories:adviser_list"))
    assert response.status_code == 200 and response.content.decode().count('class="card mb-3') == n


@pytest.mark.parametrize("n", [1, 8])
def test_trajectory_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    trajectory = TrajectoryFactory()
    members = [WorkingGroupMemberFactory(application=trajectory.application) for _ in range(n)]
    service.ensure_meetings(trajectory)
    trajectory.meetings.update(planned_start=timezone.now() - dt.timedelta(days=1))
    for meeting in trajectory.meetings.all():
        service.log_meeting(meeting, entry(members), by=trajectory.adviser.user)
    client.force_login(trajectory.adviser.user)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).status_code == 200


def test_meeting_kinds_are_labelled_in_dutch():
    assert str(Meeting(kind="session", number=2)) == "begeleide bijeenkomst 2"
    assert str(Meeting(kind="kickoff")) == "startgesprek"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_meeting_is_named_by_its_kind_and_session_number(language):
    """Meeting.__str__ reads the label from the enum (fast for long lists): the same words as the kind's display."""
    from django.utils import translation

    for kind, number in [(Meeting.Kind.KICKOFF, 0), (Meeting.Kind.SESSION, 2), (Meeting.Kind.CLOSING, 0)]:
        meeting = Meeting(kind=kind, number=number)
        with translation.override(language):
            expected = meeting.get_kind_display() + (f" {number}" if kind == Meeting.Kind.SESSION else "")
            assert str(meeting) == expected
