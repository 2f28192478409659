"""Time-machine tests of every reminder's moment (lobmatch/reminders.py, partners/reminders.py,
trajectories/reminders.py).

The clock is frozen with ``time_machine.travel(moment, tick=False)`` so the reminders run exactly as the hourly beat
runs them (``now=None``); a few tests pass ``now=`` explicitly. Expected moments are written out as UTC instants, not
computed with the helpers under test, so a reminder that goes out at 09:00 UTC, on the UTC date, or 24 hours before
instead of on the previous calendar day fails here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal as D

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lobmatch import reminders as moments
from lobmatch.mailing import render_message
from lobmatch.models import OutboxMessage, Role
from partners.models import PartnerApplication
from partners.reminders import run_draft_reminders
from tests.factories import (
    MeetingFactory,
    ReimbursementClaimFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
    WorkingGroupMemberFactory,
)
from tests.reminders.helpers import (
    AMS,
    Key,
    ams,
    claim_recipients,
    draft,
    finance_user,
    held_last_session,
    live_trajectory,
    meeting_at,
    meeting_recipients,
    parse,
    sent,
    to,
    tranche_with_deadline,
    utc,
)
from trajectories.models import Meeting, ReimbursementClaim, Trajectory
from trajectories.reminders import (
    run_claim_reminders,
    run_finance_digest,
    run_meeting_reminders,
    run_unlogged_meeting_reminders,
)

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def at(moment: dt.datetime, run):
    """Run the reminder ``run`` as the beat does (no ``now``), with the clock frozen at ``moment``."""
    with time_machine.travel(moment, tick=False):
        return run()


def by_recipient(messages) -> dict[str, OutboxMessage]:
    out = {m.payload["to"][0]: m for m in messages}
    assert len(out) == len(messages), "a recipient got the same reminder twice"
    return out


def stamp_of(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M")


def assert_once_per_reminder_object_recipient():
    """No (reminder, object, recipient) has two messages, whatever the stamps."""
    counts = Counter((k.name, k.obj, k.stamp, k.email) for k in (parse(m.dedupe_key) for m in sent()))
    doubled = {k: n for k, n in counts.items() if n > 1}
    assert not doubled
    per_object = Counter((k.name, k.obj, k.email) for k in (parse(m.dedupe_key) for m in sent()))
    assert max(per_object.values(), default=0) == 1, per_object


WHY_AND_CONTACT = {"nl": ("U ontvangt dit", "Vragen?"), "en": ("You are receiving this", "Questions?")}


def assert_mail_parts(payload: dict, *, language: str = "nl"):
    """The rendered mail has a text and an HTML part in ``language``, a why-line and a whom-to-contact line."""
    message = render_message(payload)
    assert message.body.strip()
    html = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(html) == 1 and "<html" in html[0]
    assert f'<html lang="{language}">' in html[0]
    assert message.extra_headers["Content-Language"] == language
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert message.to == payload["to"]
    why, contact = WHY_AND_CONTACT[language]
    for part in (message.body, html[0]):
        assert why in part  # why the recipient gets it
        assert contact in part  # whom to contact
    return message, html[0]


# --- the moments: "N days before" series ---------------------------------------------------------------------------

# (target in Amsterdam time, the 7-day reminder's instant, the 1-day reminder's instant) — both at 09:00 Amsterdam
# on the calendar day 7 and 1 days before the target's local date, written out in UTC.
SERIES_CASES = [
    pytest.param(ams(2027, 1, 20, 17, 0), utc(2027, 1, 13, 8, 0), utc(2027, 1, 19, 8, 0), id="winter"),
    pytest.param(ams(2026, 6, 10, 10, 0), utc(2026, 6, 3, 7, 0), utc(2026, 6, 9, 7, 0), id="summer"),
    # the target is on the spring-forward day (02:00 -> 03:00)
    pytest.param(ams(2026, 3, 29, 12, 0), utc(2026, 3, 22, 8, 0), utc(2026, 3, 28, 8, 0), id="on-spring-forward"),
    # 00:30 local on the spring-forward day is still 28 March in UTC: the local date counts
    pytest.param(ams(2026, 3, 29, 0, 30), utc(2026, 3, 22, 8, 0), utc(2026, 3, 28, 8, 0),
                 id="spring-forward-day-just-after-midnight"),
    # just after the change: the 7-day reminder is in CET (08:00Z), the 1-day one in CEST (07:00Z)
    pytest.param(ams(2026, 3, 30, 10, 0), utc(2026, 3, 23, 8, 0), utc(2026, 3, 29, 7, 0), id="after-spring-forward"),
    # the target is on the fall-back day (03:00 -> 02:00)
    pytest.param(ams(2026, 10, 25, 12, 0), utc(2026, 10, 18, 7, 0), utc(2026, 10, 24, 7, 0), id="on-fall-back"),
    pytest.param(ams(2026, 10, 25, 23, 30), utc(2026, 10, 18, 7, 0), utc(2026, 10, 24, 7, 0),
                 id="fall-back-day-late-evening"),
    # just after the change: the 7-day reminder is in CEST (07:00Z), the 1-day one in CET (08:00Z)
    pytest.param(ams(2026, 10, 26, 10, 0), utc(2026, 10, 19, 7, 0), utc(2026, 10, 25, 8, 0), id="after-fall-back"),
]


def check_sanity_of_case(target, seven, one):
    """The written-out instants are what the contract says (guards the table above, not the code)."""
    for moment, days in ((seven, 7), (one, 1)):
        here = moment.astimezone(AMS)
        assert here.time() == dt.time(9, 0)
        assert here.date() == target.astimezone(AMS).date() - dt.timedelta(days=days)


def check_series(run, target, seven, one, expected: list[str], prefix: str):
    """The 7-day and 1-day reminders of ``run`` go out at exactly ``seven`` and ``one``, once per recipient."""
    names = (f"{prefix}-7d", f"{prefix}-1d")
    assert at(seven - dt.timedelta(days=3), run) == 0
    assert at(seven - MINUTE, run) == 0  # 08:59 Amsterdam on the right day: not yet
    assert sent(*names) == []

    assert at(seven, run) == len(expected)  # 09:00 Amsterdam: due
    seven_day = sent(*names)
    assert to(seven_day) == expected
    assert {parse(m.dedupe_key).name for m in seven_day} == {f"{prefix}-7d"}
    assert {m.payload["context"]["days"] for m in seven_day} == {7}
    assert {m.created_at for m in seven_day} == {seven}

    # the same moment again, an hour later, the evening before the 1-day reminder: nothing new
    assert at(seven, run) == 0
    assert at(seven + HOUR, run) == 0
    assert at(one - MINUTE, run) == 0
    assert len(sent(*names)) == len(expected)

    assert at(one, run) == len(expected)
    one_day = sent(*names)[len(expected):]
    assert to(one_day) == expected
    assert {parse(m.dedupe_key).name for m in one_day} == {f"{prefix}-1d"}
    assert {m.payload["context"]["days"] for m in one_day} == {1}
    assert {m.created_at for m in one_day} == {one}

    assert at(one, run) == 0
    assert at(one + HOUR, run) == 0
    assert at(target - MINUTE, run) == 0
    assert at(target + MINUTE, run) == 0
    assert at(target + 3 * DAY, run) == 0

    keys = [parse(m.dedupe_key) for m in sent(*names)]
    assert len(keys) == 2 * len(expected)
    assert Counter((k.name, k.email) for k in keys) == Counter({(n, e): 1 for n in names for e in expected})
    assert {k.stamp for k in keys} == {stamp_of(target)}
    assert_once_per_reminder_object_recipient()


class TestSeriesHelpers:
    @pytest.mark.parametrize(("target", "seven", "one"), SERIES_CASES)
    def test_days_before_is_nine_oclock_amsterdam_on_the_calendar_day(self, target, seven, one):
        check_sanity_of_case(target, seven, one)
        assert moments.days_before(target, 7) == seven
        assert moments.days_before(target, 1) == one

    @pytest.mark.parametrize(("target", "seven", "one"), SERIES_CASES)
    def test_due_before_series_switches_exactly_at_the_moments(self, target, seven, one):
        series = (7, 1)
        assert moments.due_before_series(seven - MINUTE, target, series) is None
        assert moments.due_before_series(seven, target, series) == 7
        assert moments.due_before_series(one - MINUTE, target, series) == 7
        assert moments.due_before_series(one, target, series) == 1
        assert moments.due_before_series(target - MINUTE, target, series) == 1
        assert moments.due_before_series(target, target, series) is None

    def test_the_registry_knows_every_reminder(self):
        assert set(moments.registered()) == {"draft_applications", "meetings_ahead", "meeting_not_logged",
                                             "claim_to_submit", "finance_digest", "poll_unanswered"}


class TestDraftApplicationMoments:
    @pytest.mark.parametrize(("deadline", "seven", "one"), SERIES_CASES)
    def test_seven_and_one_day_before_the_deadline_at_nine(self, deadline, seven, one):
        check_sanity_of_case(deadline, seven, one)
        application = draft(deadline)
        check_series(run_draft_reminders, deadline, seven, one, [application.created_by.email], "draft")
        assert {parse(m.dedupe_key).obj for m in sent()} == {f"application-{application.pk}"}

    def test_a_missed_nine_oclock_run_catches_up_the_same_day(self):
        application = draft(ams(2027, 1, 20, 17, 0))
        assert run_draft_reminders(now=ams(2027, 1, 13, 15, 0)) == 1
        assert [parse(m.dedupe_key).name for m in sent()] == ["draft-7d"]
        assert run_draft_reminders(now=ams(2027, 1, 13, 16, 0)) == 0
        assert to(sent()) == [application.created_by.email]

    def test_beat_down_all_week_sends_only_the_one_day_reminder(self):
        draft(ams(2027, 1, 20, 17, 0))
        assert run_draft_reminders(now=ams(2027, 1, 19, 11, 0)) == 1
        assert [parse(m.dedupe_key).name for m in sent()] == ["draft-1d"]

    def test_a_moved_deadline_gets_fresh_reminders(self):
        deadline = ams(2027, 1, 20, 17, 0)
        application = draft(deadline)
        assert at(utc(2027, 1, 13, 8, 0), run_draft_reminders) == 1
        tranche = application.tranche
        tranche.application_deadline = moved = ams(2027, 1, 27, 17, 0)
        tranche.save()
        assert at(utc(2027, 1, 13, 9, 0), run_draft_reminders) == 0  # the new deadline is 14 days away
        assert at(utc(2027, 1, 20, 8, 0) - MINUTE, run_draft_reminders) == 0
        assert at(utc(2027, 1, 20, 8, 0), run_draft_reminders) == 1
        assert at(utc(2027, 1, 26, 8, 0), run_draft_reminders) == 1
        keys = [parse(m.dedupe_key) for m in sent()]
        assert [(k.name, k.stamp) for k in keys] == [("draft-7d", stamp_of(deadline)), ("draft-7d", stamp_of(moved)),
                                                    ("draft-1d", stamp_of(moved))]


class TestMeetingAheadMoments:
    @pytest.mark.parametrize(("start", "seven", "one"), SERIES_CASES)
    def test_seven_and_one_day_ahead_at_nine(self, start, seven, one):
        check_sanity_of_case(start, seven, one)
        meeting = meeting_at(start)
        expected = meeting_recipients(meeting)
        assert len(expected) == 4  # two members, the adviser, the ambassador school's address
        check_series(run_meeting_reminders, start, seven, one, expected, "meeting")
        assert {parse(m.dedupe_key).obj for m in sent()} == {f"meeting-{meeting.pk}"}
        ics = {(m.payload["attachments"][0]["kind"], m.payload["attachments"][0]["meeting"]) for m in sent()}
        assert ics == {("ics", meeting.pk)}

    def test_beat_down_all_week_sends_only_the_one_day_reminder(self):
        meeting = meeting_at(ams(2027, 1, 20, 10, 0))
        assert run_meeting_reminders(now=ams(2027, 1, 19, 14, 0)) == 4
        assert {parse(m.dedupe_key).name for m in sent()} == {"meeting-1d"}
        assert to(sent()) == meeting_recipients(meeting)

    def test_a_meeting_planned_late_gets_its_reminder_at_the_next_run(self):
        # planned on the 15th for the 18th: the 7-day reminder's moment has passed, it goes out at once
        meeting = meeting_at(ams(2027, 1, 18, 10, 0))
        assert run_meeting_reminders(now=ams(2027, 1, 15, 11, 0)) == 4
        assert run_meeting_reminders(now=ams(2027, 1, 16, 11, 0)) == 0
        assert run_meeting_reminders(now=ams(2027, 1, 17, 9, 0)) == 4
        assert Counter(parse(m.dedupe_key).name for m in sent()) == {"meeting-7d": 4, "meeting-1d": 4}
        assert to(sent("meeting-1d")) == meeting_recipients(meeting)

    def test_a_moved_meeting_gets_fresh_reminders(self):
        first = ams(2027, 1, 20, 10, 0)
        meeting = meeting_at(first)
        assert at(utc(2027, 1, 13, 8, 0), run_meeting_reminders) == 4
        meeting.planned_start = moved = ams(2027, 1, 22, 14, 0)
        meeting.save()
        assert at(utc(2027, 1, 13, 9, 0), run_meeting_reminders) == 0  # 9 days ahead now
        assert at(utc(2027, 1, 15, 8, 0) - MINUTE, run_meeting_reminders) == 0
        assert at(utc(2027, 1, 15, 8, 0), run_meeting_reminders) == 4
        assert at(utc(2027, 1, 21, 8, 0), run_meeting_reminders) == 4
        stamps = Counter((parse(m.dedupe_key).name, parse(m.dedupe_key).stamp) for m in sent())
        assert stamps == {("meeting-7d", stamp_of(first)): 4, ("meeting-7d", stamp_of(moved)): 4,
                          ("meeting-1d", stamp_of(moved)): 4}
        # moved into the 1-day window: the 1-day reminder for the new time goes out at once
        meeting.planned_start = ams(2027, 1, 21, 16, 0)
        meeting.save()
        assert run_meeting_reminders(now=ams(2027, 1, 21, 10, 0)) == 4
        assert run_meeting_reminders(now=ams(2027, 1, 21, 11, 0)) == 0

    def test_meetings_of_one_trajectory_are_reminded_separately(self):
        trajectory = live_trajectory()
        one = meeting_at(ams(2027, 1, 20, 10, 0), trajectory, number=1)
        two = meeting_at(ams(2027, 1, 20, 15, 0), trajectory, number=2)
        assert run_meeting_reminders(now=ams(2027, 1, 13, 9, 0)) == 8
        assert Counter(parse(m.dedupe_key).obj for m in sent()) == {f"meeting-{one.pk}": 4, f"meeting-{two.pk}": 4}


class TestHourlyBeatAcrossDst:
    """The beat runs every hour on the hour (Amsterdam time); simulate a whole week of it across a DST change."""

    @pytest.mark.parametrize(("target", "seven", "one", "gap"), [
        pytest.param(ams(2026, 3, 30, 10, 0), utc(2026, 3, 23, 8, 0), utc(2026, 3, 29, 7, 0),
                     dt.timedelta(days=6) - HOUR, id="spring-forward"),
        pytest.param(ams(2026, 10, 26, 10, 0), utc(2026, 10, 19, 7, 0), utc(2026, 10, 25, 8, 0),
                     dt.timedelta(days=6) + HOUR, id="fall-back"),
    ])
    def test_each_reminder_goes_out_once_at_nine_local(self, target, seven, one, gap):
        meeting = meeting_at(target)
        application = draft(target)
        moment = target - 8 * DAY
        assert moment.minute == 0
        while moment <= target + DAY:
            at(moment, moments.run_all)
            moment += HOUR
        created = {name: [m.created_at for m in sent(name)] for name in ("meeting-7d", "meeting-1d", "draft-7d",
                                                                          "draft-1d")}
        assert created == {"meeting-7d": [seven] * 4, "meeting-1d": [one] * 4, "draft-7d": [seven],
                           "draft-1d": [one]}
        # 09:00 local both times, so the UTC instants are 6 days minus/plus the change of offset apart
        assert one - seven == gap
        assert {m.created_at.astimezone(AMS).time() for m in sent()} == {dt.time(9, 0)}
        assert to(sent("draft-7d", "draft-1d")) == [application.created_by.email] * 2
        assert to(sent("meeting-1d")) == meeting_recipients(meeting)
        assert_once_per_reminder_object_recipient()


# --- the moments: "after" reminders --------------------------------------------------------------------------------

UNLOGGED_CASES = [
    # (planned start, the instant 2 days later on the Amsterdam wall clock)
    pytest.param(ams(2027, 1, 20, 10, 0), utc(2027, 1, 22, 9, 0), id="winter"),
    pytest.param(ams(2026, 3, 27, 10, 0), utc(2026, 3, 29, 8, 0), id="across-spring-forward-47h"),
    pytest.param(ams(2026, 10, 23, 10, 0), utc(2026, 10, 25, 9, 0), id="across-fall-back-49h"),
]


class TestUnloggedMeetingMoments:
    @pytest.mark.parametrize(("start", "due"), UNLOGGED_CASES)
    def test_two_days_after_the_meeting_once(self, start, due):
        assert due.astimezone(AMS).replace(tzinfo=None) == start.replace(tzinfo=None) + 2 * DAY
        meeting = meeting_at(start)
        assert at(start + DAY, run_unlogged_meeting_reminders) == 0
        assert at(due - MINUTE, run_unlogged_meeting_reminders) == 0
        assert at(due, run_unlogged_meeting_reminders) == 1
        [message] = sent()
        assert message.payload["to"] == [meeting.trajectory.adviser.user.email]
        assert parse(message.dedupe_key) == Key("meeting-not-logged", f"meeting-{meeting.pk}", stamp_of(start),
                                                meeting.trajectory.adviser.user.email)
        assert message.created_at == due
        for later in (due, due + HOUR, due + DAY, due + 6 * DAY):
            assert at(later, run_unlogged_meeting_reminders) == 0
        assert len(sent()) == 1

    def test_catch_up_lasts_a_week_after_the_moment(self):
        start = ams(2027, 1, 20, 10, 0)
        meeting_at(start)
        assert run_unlogged_meeting_reminders(now=start + 9 * DAY) == 0
        assert run_unlogged_meeting_reminders(now=start + 9 * DAY - MINUTE) == 1

    def test_a_moved_meeting_is_asked_for_again(self):
        meeting = meeting_at(ams(2027, 1, 20, 10, 0))
        assert run_unlogged_meeting_reminders(now=ams(2027, 1, 22, 10, 0)) == 1
        meeting.planned_start = ams(2027, 1, 21, 10, 0)  # the adviser corrected the date, still not logged
        meeting.save()
        assert run_unlogged_meeting_reminders(now=ams(2027, 1, 23, 10, 0)) == 1
        assert len({parse(m.dedupe_key).stamp for m in sent()}) == 2


class TestClaimMoments:
    def test_after_the_last_guided_session_is_held_once(self):
        logged = ams(2027, 2, 10, 16, 30)
        session = held_last_session(logged)
        trajectory = session.trajectory
        # the earlier sessions being held changes nothing
        MeetingFactory(trajectory=trajectory, kind="session", number=1, planned_start=logged - 30 * DAY,
                       status=Meeting.Status.HELD, logged_at=logged - 30 * DAY)
        assert at(logged - MINUTE, run_claim_reminders) == 0
        assert at(logged, run_claim_reminders) == 2
        assert to(sent()) == claim_recipients(trajectory)
        assert {parse(m.dedupe_key).obj for m in sent()} == {f"trajectory-{trajectory.pk}"}
        assert {parse(m.dedupe_key).name for m in sent()} == {"claim-to-submit"}
        for later in (logged, logged + HOUR, logged + DAY, logged + 13 * DAY):
            assert at(later, run_claim_reminders) == 0
        assert len(sent()) == 2

    def test_not_before_the_last_session(self):
        trajectory = live_trajectory(members=1)
        logged = ams(2027, 2, 10, 16, 30)
        MeetingFactory(trajectory=trajectory, kind="session", number=2, planned_start=logged - HOUR,
                       status=Meeting.Status.HELD, logged_at=logged)
        last = MeetingFactory(trajectory=trajectory, kind="session", number=3, planned_start=logged + 20 * DAY)
        assert run_claim_reminders(now=logged + DAY) == 0
        last.status, last.logged_at = Meeting.Status.HELD, logged + 20 * DAY + 5 * HOUR
        last.save()
        assert run_claim_reminders(now=logged + 20 * DAY) == 0  # not logged yet at that time
        assert run_claim_reminders(now=logged + 21 * DAY) == 2

    def test_the_tranche_decides_which_session_is_the_last(self):
        trajectory = live_trajectory(members=1, application__tranche__guided_sessions=2)
        held_last_session(ams(2027, 2, 10, 16, 30), trajectory)
        assert Meeting.objects.get(trajectory=trajectory).number == 2
        assert run_claim_reminders(now=ams(2027, 2, 10, 17, 0)) == 2

    def test_without_log_time_the_planned_start_counts(self):
        start = ams(2027, 2, 10, 13, 0)
        session = held_last_session(start)
        Meeting.objects.filter(pk=session.pk).update(logged_at=None, planned_start=start)
        assert run_claim_reminders(now=start - MINUTE) == 0
        assert run_claim_reminders(now=start) == 2

    def test_catch_up_lasts_two_weeks(self):
        logged = ams(2027, 2, 10, 16, 30)
        held_last_session(logged)
        assert run_claim_reminders(now=logged + 14 * DAY) == 0
        assert run_claim_reminders(now=logged + 14 * DAY - MINUTE) == 2


DIGEST_CASES = [
    # (Monday 09:00 Amsterdam as a UTC instant, its ISO week)
    pytest.param(utc(2027, 1, 11, 8, 0), "2027-W02", id="winter"),
    pytest.param(utc(2026, 3, 30, 7, 0), "2026-W14", id="monday-after-spring-forward"),
    pytest.param(utc(2026, 10, 26, 8, 0), "2026-W44", id="monday-after-fall-back"),
]


class TestFinanceDigestMoments:
    @pytest.mark.parametrize(("monday", "week"), DIGEST_CASES)
    def test_weekly_from_monday_nine_once(self, monday, week):
        here = monday.astimezone(AMS)
        assert here.weekday() == 0 and here.time() == dt.time(9, 0)
        first, second = finance_user(), finance_user()
        ReimbursementClaimFactory(status="submitted", amount=D("120.00"), submitted_at=monday - 10 * DAY)
        # the week before was reminded (the Sunday run catches up that week)
        assert at(monday - 20 * HOUR, run_finance_digest) == 2
        previous = {parse(m.dedupe_key).obj for m in sent()}
        assert len(previous) == 1 and previous != {f"week-{week}"}

        assert at(monday - MINUTE, run_finance_digest) == 0  # Monday 08:59
        assert at(monday, run_finance_digest) == 2  # Monday 09:00
        this_week = sent()[2:]
        assert to(this_week) == sorted([first.email, second.email])
        assert {parse(m.dedupe_key).obj for m in this_week} == {f"week-{week}"}
        assert {m.payload["context"]["week"] for m in this_week} == {week}
        assert {m.created_at for m in this_week} == {monday}

        next_monday = dt.datetime.combine(here.date() + 7 * DAY, dt.time(9, 0), tzinfo=AMS)
        for later in (monday, monday + HOUR, monday + 2 * DAY, next_monday - MINUTE):
            assert at(later, run_finance_digest) == 0
        assert at(next_monday, run_finance_digest) == 2
        assert len(sent()) == 6
        assert_once_per_reminder_object_recipient()

    def test_nothing_when_no_claim_is_waiting(self):
        finance_user()
        monday = utc(2027, 1, 11, 8, 0)
        for status in ("draft", "rejected", "exported", "paid"):  # (an approved one waits for a payment file)
            ReimbursementClaimFactory(status=status, amount=D("10.00"))
        assert run_finance_digest(now=monday) == 0
        ReimbursementClaimFactory(status="submitted", amount=D("10.00"), submitted_at=monday - DAY)
        assert run_finance_digest(now=monday) == 1
        assert sent()[0].payload["context"]["count"] == 1


# --- exactly once, over everything ---------------------------------------------------------------------------------

def everything_due_at_monday_nine():
    """One object per reminder, all due at Monday 11 January 2027, 09:00 Amsterdam time."""
    moment = ams(2027, 1, 11, 9, 0)
    objects = {
        "draft": draft(ams(2027, 1, 18, 12, 0)),
        "ahead": meeting_at(ams(2027, 1, 18, 10, 0)),
        "unlogged": meeting_at(ams(2027, 1, 9, 9, 0)),
        "claim": held_last_session(ams(2027, 1, 10, 15, 0)).trajectory,
        "waiting": ReimbursementClaimFactory(status="submitted", amount=D("99.00"), submitted_at=moment - 3 * DAY),
        "finance": [finance_user(), finance_user()],
    }
    return moment, objects


EXPECTED_COUNTS = {"draft_applications": 1, "meetings_ahead": 4, "meeting_not_logged": 1, "claim_to_submit": 2,
                   "finance_digest": 2, "poll_unanswered": 0}  # (no open poll in this world: its own tests)


class TestExactlyOnce:
    def test_run_all_twice_and_an_hour_later_records_one_message_each(self):
        moment, objects = everything_due_at_monday_nine()
        assert moments.run_all(moment - MINUTE) == {**EXPECTED_COUNTS, "draft_applications": 0, "meetings_ahead": 0,
                                                    "meeting_not_logged": 0, "finance_digest": 2}
        OutboxMessage.objects.all().delete()  # the finance digest of the week before; not what this test is about
        assert moments.run_all(moment) == EXPECTED_COUNTS
        total = OutboxMessage.objects.count()
        assert total == sum(EXPECTED_COUNTS.values())
        assert moments.run_all(moment) == dict.fromkeys(EXPECTED_COUNTS, 0)
        assert moments.run_all(moment + HOUR) == dict.fromkeys(EXPECTED_COUNTS, 0)
        assert OutboxMessage.objects.count() == total
        assert_once_per_reminder_object_recipient()
        assert to(sent("draft-7d")) == [objects["draft"].created_by.email]
        assert to(sent("meeting-7d")) == meeting_recipients(objects["ahead"])
        assert to(sent("meeting-not-logged")) == [objects["unlogged"].trajectory.adviser.user.email]
        assert to(sent("claim-to-submit")) == claim_recipients(objects["claim"])
        assert to(sent("finance-digest")) == sorted(u.email for u in objects["finance"])

    def test_the_beat_task_under_a_frozen_clock_mails_each_recipient_once(self):
        from lobmatch.tasks import run_reminders

        moment, _objects = everything_due_at_monday_nine()
        mail.outbox.clear()
        assert at(moment, run_reminders) == EXPECTED_COUNTS
        assert at(moment, run_reminders) == dict.fromkeys(EXPECTED_COUNTS, 0)
        assert at(moment + HOUR, run_reminders) == dict.fromkeys(EXPECTED_COUNTS, 0)
        total = sum(EXPECTED_COUNTS.values())
        assert len(mail.outbox) == total
        assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == total
        delivered = Counter((tuple(m.to), m.subject) for m in mail.outbox)
        assert max(delivered.values()) == 1

    def test_one_day_reminder_is_a_separate_message(self):
        meeting = meeting_at(ams(2027, 1, 20, 10, 0))
        application = draft(ams(2027, 1, 20, 17, 0))
        moments.run_all(utc(2027, 1, 13, 8, 0))
        moments.run_all(utc(2027, 1, 19, 8, 0))
        adviser = meeting.trajectory.adviser.user.email
        mine = [m for m in sent("meeting-7d", "meeting-1d") if m.payload["to"] == [adviser]]
        assert sorted(m.payload["context"]["days"] for m in mine) == [1, 7]
        assert len({m.pk for m in mine}) == 2
        drafts = sent("draft-7d", "draft-1d")
        assert to(drafts) == [application.created_by.email] * 2
        assert sorted(parse(m.dedupe_key).name for m in drafts) == ["draft-1d", "draft-7d"]


# --- not for the wrong objects --------------------------------------------------------------------------------------

class TestWrongObjects:
    @pytest.mark.parametrize("status", [s for s in PartnerApplication.Status.values if s != "draft"])
    def test_no_draft_reminder_for_other_applications(self, status):
        deadline = ams(2027, 1, 20, 17, 0)
        tranche = tranche_with_deadline(deadline)
        control = draft(tranche=tranche)
        draft(tranche=tranche, status=status)
        assert run_draft_reminders(now=utc(2027, 1, 13, 8, 0)) == 1
        assert run_draft_reminders(now=utc(2027, 1, 19, 8, 0)) == 1
        assert to(sent()) == [control.created_by.email] * 2

    def test_no_draft_reminder_after_the_deadline(self):
        draft(ams(2027, 1, 20, 17, 0))
        assert run_draft_reminders(now=ams(2027, 1, 20, 17, 0)) == 0
        assert run_draft_reminders(now=ams(2027, 1, 21, 9, 0)) == 0

    @pytest.mark.parametrize("status", [Meeting.Status.HELD, Meeting.Status.CANCELLED])
    def test_no_meeting_reminder_for_held_or_cancelled_meetings(self, status):
        control = meeting_at(ams(2027, 1, 20, 10, 0))
        meeting_at(ams(2027, 1, 20, 10, 0), status=status)
        assert run_meeting_reminders(now=utc(2027, 1, 13, 8, 0)) == 4
        assert run_meeting_reminders(now=utc(2027, 1, 19, 8, 0)) == 4
        assert {parse(m.dedupe_key).obj for m in sent()} == {f"meeting-{control.pk}"}

    @pytest.mark.parametrize("status", [Trajectory.Status.CANCELLED, Trajectory.Status.PROPOSED,
                                        Trajectory.Status.COMPLETED])
    def test_no_meeting_reminders_for_trajectories_that_are_not_running(self, status):
        ahead = meeting_at(ams(2027, 1, 20, 10, 0))
        past = meeting_at(ams(2027, 1, 18, 10, 0))
        stopped = live_trajectory(status=status)
        meeting_at(ams(2027, 1, 20, 10, 0), stopped, number=1)
        meeting_at(ams(2027, 1, 18, 10, 0), stopped, number=2)
        assert run_meeting_reminders(now=utc(2027, 1, 13, 8, 0)) == 8
        assert {parse(m.dedupe_key).obj for m in sent()} == {f"meeting-{ahead.pk}", f"meeting-{past.pk}"}
        assert run_unlogged_meeting_reminders(now=ams(2027, 1, 20, 10, 0)) == 1
        assert [parse(m.dedupe_key).obj for m in sent("meeting-not-logged")] == [f"meeting-{past.pk}"]

    def test_confirmed_trajectories_are_reminded(self):
        meeting = meeting_at(ams(2027, 1, 20, 10, 0), live_trajectory(status=Trajectory.Status.CONFIRMED))
        assert run_meeting_reminders(now=utc(2027, 1, 13, 8, 0)) == 4
        assert to(sent()) == meeting_recipients(meeting)

    def test_unscheduled_meetings_are_not_reminded(self):
        MeetingFactory(planned_start=None)
        assert run_meeting_reminders(now=utc(2027, 1, 13, 8, 0)) == 0
        assert run_unlogged_meeting_reminders(now=utc(2027, 1, 13, 8, 0)) == 0

    @pytest.mark.parametrize("status", [Meeting.Status.HELD, Meeting.Status.CANCELLED])
    def test_no_not_logged_reminder_for_logged_meetings(self, status):
        control = meeting_at(ams(2027, 1, 20, 10, 0))
        logged = meeting_at(ams(2027, 1, 20, 10, 0), status=status)
        assert run_unlogged_meeting_reminders(now=ams(2027, 1, 22, 10, 0)) == 1
        assert [parse(m.dedupe_key).obj for m in sent()] == [f"meeting-{control.pk}"]
        # logged after the reminder: no second one later that week
        Meeting.objects.filter(pk=control.pk).update(status=status)
        assert run_unlogged_meeting_reminders(now=ams(2027, 1, 23, 10, 0)) == 0
        assert Meeting.objects.get(pk=logged.pk).status == status

    @pytest.mark.parametrize("status", [s for s in ReimbursementClaim.Status.values if s != "draft"])
    def test_no_claim_reminder_once_submitted(self, status):
        logged = ams(2027, 2, 10, 16, 30)
        control = held_last_session(logged).trajectory
        ReimbursementClaimFactory(trajectory=control, status="draft")  # a draft claim is not submitted yet
        other = held_last_session(logged).trajectory
        ReimbursementClaimFactory(trajectory=other, status=status, submitted_at=logged + HOUR)
        assert run_claim_reminders(now=logged + 2 * HOUR) == 2
        assert {parse(m.dedupe_key).obj for m in sent()} == {f"trajectory-{control.pk}"}

    def test_no_claim_reminder_for_a_cancelled_trajectory_or_a_cancelled_last_session(self):
        logged = ams(2027, 2, 10, 16, 30)
        control = held_last_session(logged).trajectory
        held_last_session(logged, live_trajectory(members=1, status=Trajectory.Status.CANCELLED))
        cancelled = held_last_session(logged)
        Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
        completed = held_last_session(logged, live_trajectory(members=1, status=Trajectory.Status.COMPLETED))
        assert run_claim_reminders(now=logged + HOUR) == 4
        assert {parse(m.dedupe_key).obj for m in sent()} == {f"trajectory-{control.pk}",
                                                             f"trajectory-{completed.trajectory_id}"}

    def test_no_claim_reminder_while_an_earlier_session_waits_for_its_log(self):
        """The claim page would only say what is still to be logged (claims.not_ready): no reminder before that."""
        logged = ams(2027, 2, 10, 16, 30)
        control = held_last_session(logged).trajectory
        waiting = held_last_session(logged)
        earlier = meeting_at(ams(2027, 1, 20, 10, 0), waiting.trajectory, number=2)
        assert earlier.status == Meeting.Status.PLANNED
        assert run_claim_reminders(now=logged + HOUR) == 2
        assert {parse(m.dedupe_key).obj for m in sent()} == {f"trajectory-{control.pk}"}
        Meeting.objects.filter(pk=earlier.pk).update(status=Meeting.Status.HELD)
        assert run_claim_reminders(now=logged + 2 * HOUR) == 2
        assert {parse(m.dedupe_key).obj for m in sent()} == {f"trajectory-{control.pk}",
                                                             f"trajectory-{waiting.trajectory_id}"}

    def test_finance_digest_only_to_active_finance_users(self):
        finance = finance_user()
        finance_user(is_active=False)
        UserFactory(roles=[Role.STAFF])
        ReimbursementClaimFactory(status="submitted", amount=D("10.00"), submitted_at=ams(2027, 1, 8, 12, 0))
        assert run_finance_digest(now=utc(2027, 1, 11, 8, 0)) == 1
        assert to(sent()) == [finance.email]


# --- recipients, language and the rendered mail ---------------------------------------------------------------------

class TestRecipientsAndLanguage:
    def test_meeting_reminder_recipients_languages_and_ics(self):
        school = SchoolFactory(name="Het Testcollege")
        trajectory = TrajectoryFactory(application__school=school)
        adviser = trajectory.adviser.user
        adviser.first_name, adviser.last_name = "Ada", "Adviseur"
        adviser.save()
        WorkingGroupMemberFactory(application=trajectory.application, email="piet@school.example", name="Piet")
        WorkingGroupMemberFactory(application=trajectory.application, email="emma@school.example", name="Emma")
        WorkingGroupMemberFactory(application=trajectory.application, email="", name="Zonder adres")
        UserFactory(email="emma@school.example", language="en")
        contact_nl = UserFactory(email="amb-nl@ambassador.example")
        contact_en = UserFactory(email="amb-en@ambassador.example", language="en")
        trajectory.practice.ambassador.contacts.add(contact_nl, contact_en)
        meeting = meeting_at(ams(2027, 1, 20, 10, 0), trajectory, location="Aula")

        assert run_meeting_reminders(now=utc(2027, 1, 13, 8, 0)) == 5
        messages = by_recipient(sent())
        # with ambassador contacts, the practice's general address gets nothing
        assert sorted(messages) == sorted(["piet@school.example", "emma@school.example", adviser.email,
                                           "amb-nl@ambassador.example", "amb-en@ambassador.example"])
        languages = {email: m.payload["language"] for email, m in messages.items()}
        assert languages == {"piet@school.example": "nl", "emma@school.example": "en", adviser.email: "nl",
                             "amb-nl@ambassador.example": "nl", "amb-en@ambassador.example": "en"}
        roles = {email: m.payload["context"]["role"] for email, m in messages.items()}
        assert roles == {"piet@school.example": "member", "emma@school.example": "member", adviser.email: "adviser",
                         "amb-nl@ambassador.example": "ambassador", "amb-en@ambassador.example": "ambassador"}
        for message in messages.values():
            assert message.payload["template"] == "reminder_meeting"
            assert message.payload["attachments"] == [{"kind": "ics", "meeting": meeting.pk}]
            assert message.kind == OutboxMessage.Kind.EMAIL and message.status == OutboxMessage.Status.PENDING

        # a working-group member, in Dutch: the date and time in Amsterdam time, why, and the adviser as contact
        rendered, html = assert_mail_parts(messages["piet@school.example"].payload)
        assert rendered.subject.startswith(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + "Herinnering:")
        assert "Beste Piet" in rendered.body
        assert "woensdag 20 januari 2027" in rendered.body and "10:00" in rendered.body
        assert "in de LOB-werkgroep van Het Testcollege" in rendered.body
        assert f"Neem contact op met Ada Adviseur ({adviser.email})" in rendered.body
        assert f"mailto:{adviser.email}" in html
        assert reverse("trajectories:trajectory_detail", args=[trajectory.pk]) in rendered.body
        [(filename, content, mimetype)] = rendered.attachments
        assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
        ics = content.decode() if isinstance(content, bytes) else content  # Django decodes text/* attachments
        assert "DTSTART;TZID=Europe/Amsterdam:20270120T100000" in ics and f"UID:meeting-{meeting.pk}@lobmatch" in ics

        # the adviser: asked to log it afterwards; questions go to the programme team
        rendered, _html = assert_mail_parts(messages[adviser.email].payload)
        assert "externe adviseur van dit scholenkoppel" in rendered.body
        assert reverse("trajectories:meeting_log", args=[meeting.pk]) in rendered.body
        assert settings.PROGRAMME_CONTACT_EMAIL in rendered.body

        # an ambassador contact
        rendered, _html = assert_mail_parts(messages["amb-nl@ambassador.example"].payload)
        assert "contactpersoon bent van ambassadeursschool" in rendered.body

        # English recipients: the mail is marked and formatted in English
        for email in ("emma@school.example", "amb-en@ambassador.example"):
            rendered, _html = assert_mail_parts(messages[email].payload, language="en")
            assert "Wednesday 20 January 2027" in rendered.body and "woensdag" not in rendered.body

    def test_meeting_reminder_language_of_a_member_typed_with_capitals(self):
        trajectory = TrajectoryFactory()
        WorkingGroupMemberFactory(application=trajectory.application, email="Anna.Jansen@School.example")
        UserFactory(email="anna.jansen@school.example", language="en")
        meeting_at(ams(2027, 1, 20, 10, 0), trajectory)
        assert run_meeting_reminders(now=utc(2027, 1, 13, 8, 0)) == 3
        message = by_recipient(sent())["anna.jansen@school.example"]
        assert message.payload["language"] == "en"

    def test_without_ambassador_contacts_the_practice_address_is_used(self):
        trajectory = live_trajectory(members=1, practice__contact_email="Info@Ambassadeur.example")
        meeting_at(ams(2027, 1, 20, 10, 0), trajectory)
        assert run_meeting_reminders(now=utc(2027, 1, 13, 8, 0)) == 3
        message = by_recipient(sent())["info@ambassadeur.example"]
        assert message.payload["context"]["role"] == "ambassador" and message.payload["language"] == "nl"
        assert_mail_parts(message.payload)

    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_draft_reminder_to_its_author_in_their_language(self, language):
        author = UserFactory(first_name="Karin", language=language)
        application = draft(ams(2027, 1, 20, 17, 0), created_by=author, school=SchoolFactory(name="Het Testcollege"))
        WorkingGroupMemberFactory(application=application)  # the working group gets no draft reminder
        assert run_draft_reminders(now=utc(2027, 1, 13, 8, 0)) == 1
        [message] = sent()
        assert message.payload["to"] == [author.email]
        assert message.payload["language"] == language
        assert message.payload["template"] == "reminder_draft_application"
        assert message.payload["context"]["url"] == reverse("partners:edit", args=[application.pk])
        rendered, _html = assert_mail_parts(message.payload, language=language)
        greeting, about = {"nl": ("Beste Karin", "concept-aanmelding van Het Testcollege"),
                           "en": ("Dear Karin", "draft application for Het Testcollege")}[language]
        assert greeting in rendered.body
        assert about in rendered.body
        assert settings.PROGRAMME_CONTACT_EMAIL in rendered.body
        if language == "nl":
            assert "woensdag 20 januari 2027 om 17:00" in rendered.body
        else:
            assert "Wednesday 20 January 2027" in rendered.body

    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_unlogged_reminder_to_the_adviser_in_their_language(self, language):
        trajectory = live_trajectory(members=2)
        trajectory.adviser.user.language = language
        trajectory.adviser.user.save()
        meeting = meeting_at(ams(2027, 1, 20, 10, 0), trajectory)
        assert run_unlogged_meeting_reminders(now=ams(2027, 1, 22, 10, 0)) == 1
        [message] = sent()
        assert message.payload["to"] == [trajectory.adviser.user.email]
        assert message.payload["language"] == language
        assert message.payload["context"]["log_url"] == reverse("trajectories:meeting_log", args=[meeting.pk])
        rendered, _html = assert_mail_parts(message.payload, language=language)
        assert {"nl": "externe adviseur van dit scholenkoppel",
                "en": "external adviser of this school pair"}[language] in rendered.body
        assert {"nl": "Begeleide bijeenkomst 1 van", "en": "Guided session 1 of"}[language] in rendered.body
        assert reverse("trajectories:meeting_log", args=[meeting.pk]) in rendered.body

    def test_claim_reminder_to_author_and_project_leader_in_their_languages(self):
        author = UserFactory(first_name="Karin")
        trajectory = live_trajectory(members=1, application__created_by=author,
                                     application__project_leader_email="Leider@School.example",
                                     application__project_leader_name="Lea Leider")
        UserFactory(email="leider@school.example", language="en")
        held_last_session(ams(2027, 2, 10, 16, 30), trajectory)
        assert run_claim_reminders(now=ams(2027, 2, 10, 17, 0)) == 2
        messages = by_recipient(sent())
        assert sorted(messages) == sorted([author.email, "leider@school.example"])
        assert messages[author.email].payload["language"] == "nl"
        assert messages["leider@school.example"].payload["language"] == "en"
        assert messages["leider@school.example"].payload["context"]["name"] == "Lea Leider"
        rendered, _html = assert_mail_parts(messages[author.email].payload)
        assert "contactpersoon of projectleider" in rendered.body
        assert trajectory.adviser.user.email in rendered.body  # whom to ask about the attendance
        assert reverse("trajectories:claim_detail", args=[trajectory.pk]) in rendered.body
        assert_mail_parts(messages["leider@school.example"].payload, language="en")

    def test_claim_reminder_once_when_author_is_the_project_leader(self):
        author = UserFactory()
        trajectory = live_trajectory(members=1, application__created_by=author,
                                     application__project_leader_email=author.email.upper())
        held_last_session(ams(2027, 2, 10, 16, 30), trajectory)
        assert run_claim_reminders(now=ams(2027, 2, 10, 17, 0)) == 1
        assert to(sent()) == [author.email]

    def test_finance_digest_names_approved_claims_waiting_for_a_payment_file(self):
        """An approved claim waits for finance's own next step (a payment file): the digest says so, also when
        nothing waits for a decision."""
        finance = finance_user(first_name="Frank")
        ReimbursementClaimFactory(status="approved", amount=D("3877.50"))
        ReimbursementClaimFactory(status="exported", amount=D("10.00"))  # in a file already: not waiting
        assert run_finance_digest(now=utc(2027, 1, 11, 8, 0)) == 1
        [message] = sent()
        context = message.payload["context"]
        assert (context["count"], context["to_pay"]) == (0, 1)
        rendered, html = assert_mail_parts(message.payload)
        assert "1 goedgekeurde declaratie wacht op een betaalbestand, samen €\u00a03.877,50." in rendered.body
        assert "Betaalbestand maken" in html and context["to_pay_url"] in html
        assert finance.email in message.payload["to"]

    def test_finance_digest_recipients_language_and_content(self):
        nl = finance_user(first_name="Frank")
        en = finance_user(language="en")
        school = SchoolFactory(name="Het Testcollege")
        ReimbursementClaimFactory(status="submitted", amount=D("1234.50"), submitted_at=ams(2027, 1, 6, 12, 0),
                                  trajectory__application__school=school)
        ReimbursementClaimFactory(status="submitted", amount=D("100.00"), submitted_at=ams(2027, 1, 8, 12, 0))
        assert run_finance_digest(now=utc(2027, 1, 11, 8, 0)) == 2
        messages = by_recipient(sent())
        assert messages[nl.email].payload["language"] == "nl"
        assert messages[en.email].payload["language"] == "en"
        context = messages[nl.email].payload["context"]
        assert context["count"] == 2 and context["week"] == "2027-W02"
        assert [line["school"] for line in context["lines"]] == ["Het Testcollege", context["lines"][1]["school"]]
        rendered, html = assert_mail_parts(messages[nl.email].payload)
        assert "Beste Frank" in rendered.body
        assert "wekelijkse overzicht" in rendered.body
        assert "Het Testcollege" in rendered.body and "Het Testcollege" in html
        assert "06-01-2027" in rendered.body
        assert_mail_parts(messages[en.email].payload, language="en")


# --- a constant number of queries ----------------------------------------------------------------------------------

def build_drafts(n, base):
    tranche = tranche_with_deadline(base + 7 * DAY)
    for _ in range(n):
        draft(tranche=tranche)
    return base, n


def build_meetings(n, base):
    for _ in range(n):
        trajectory = live_trajectory(members=2)
        trajectory.practice.ambassador.contacts.add(UserFactory(language="en"))
        WorkingGroupMemberFactory(application=trajectory.application, email=f"en-{trajectory.pk}@school.example")
        UserFactory(email=f"en-{trajectory.pk}@school.example", language="en")
        meeting_at(base + 7 * DAY + HOUR, trajectory)
    return base, 5 * n


def build_unlogged(n, base):
    for _ in range(n):
        meeting_at(base - 2 * DAY, live_trajectory(members=0))
    return base, n


def build_claims(n, base):
    for _ in range(n):
        held_last_session(base - HOUR, live_trajectory(members=0))
    return base, 2 * n


def build_digest(n, base):
    if not OutboxMessage.objects.exists():
        finance_user(language="en")
        finance_user()
    for _ in range(n):
        ReimbursementClaimFactory(status="submitted", amount=D("10.00"), submitted_at=base - DAY)
    return base, 2


@pytest.mark.parametrize(("run", "build"), [
    pytest.param(run_draft_reminders, build_drafts, id="draft_applications"),
    pytest.param(run_meeting_reminders, build_meetings, id="meetings_ahead"),
    pytest.param(run_unlogged_meeting_reminders, build_unlogged, id="meeting_not_logged"),
    pytest.param(run_claim_reminders, build_claims, id="claim_to_submit"),
    pytest.param(run_finance_digest, build_digest, id="finance_digest"),
])
def test_one_run_uses_as_many_queries_for_50_objects_as_for_1(run, build, django_assert_max_num_queries):
    first_monday, second_monday = ams(2027, 1, 11, 9, 0), ams(2027, 2, 8, 9, 0)
    now, expected = build(1, first_monday)
    with CaptureQueriesContext(connection) as one:
        assert run(now=now) == expected
    assert 0 < len(one.captured_queries) <= 12
    now, expected = build(50, second_monday)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert run(now=now) == expected


# --- the beat ------------------------------------------------------------------------------------------------------

class TestBeatSchedules:
    def test_the_migration_creates_the_periodic_tasks(self):
        from django_celery_beat.models import PeriodicTask, PeriodicTasks

        reminders = PeriodicTask.objects.select_related("crontab").get(task="lobmatch.tasks.run_reminders")
        assert reminders.enabled and reminders.name == "LOB-match: herinneringen versturen"
        assert reminders.interval is None and reminders.crontab is not None
        crontab = reminders.crontab
        assert str(crontab.timezone) == "Europe/Amsterdam"
        assert (crontab.minute, crontab.hour, crontab.day_of_week, crontab.day_of_month, crontab.month_of_year) == \
            ("0", "*", "*", "*", "*")
        schedule = crontab.schedule  # every hour on the hour, Amsterdam time: 09:00 local is a run
        assert schedule.minute == {0} and schedule.hour == set(range(24))
        assert reminders.expire_seconds == 50 * 60  # a stale run is dropped before the next one

        dispatch = PeriodicTask.objects.select_related("interval").get(task="lobmatch.tasks.dispatch_pending")
        assert dispatch.enabled and dispatch.crontab is None
        assert (dispatch.interval.every, dispatch.interval.period) == (1, "minutes")
        assert dispatch.expire_seconds == 50
        assert PeriodicTasks.objects.filter(ident=1).exists()

    def test_the_scheduled_tasks_are_registered_with_celery(self):
        from celery import current_app
        from django_celery_beat.models import PeriodicTask

        import lobmatch.tasks  # noqa: F401 - registers the shared tasks

        names = set(PeriodicTask.objects.filter(name__startswith="LOB-match").values_list("task", flat=True))
        assert names == {"lobmatch.tasks.run_reminders", "lobmatch.tasks.dispatch_pending"}
        assert names <= set(current_app.tasks)
