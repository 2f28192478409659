"""AVG and the planning feature: the right of access shows a person's poll participation (answers, that a personal
link exists, never its secret) and calendar feeds; anonymising a closed trajectory removes its polls' participants,
their answers and links, and the calendar feeds of addresses no kept application names any more."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from lobmatch.models import User
from tests.factories import WorkingGroupMemberFactory
from tests.meetings.helpers import NOW, kickoff, pair, propose
from trajectories.models import CalendarFeed, Meeting, PollAnswer, PollParticipant
from trajectories.privacy import anonymise_closed_trajectories
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def export(email) -> tuple[dict, str]:
    out = StringIO()
    call_command("export_personal_data", email, stdout=out)
    return json.loads(out.getvalue()), out.getvalue()


def session_poll(trajectory):
    session = Meeting.objects.create(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=1)
    return propose(session, [dt.datetime(2026, 11, d, 14, tzinfo=NOW.tzinfo) for d in (2, 3)])[0]


def test_the_export_shows_poll_answers_and_feeds_but_no_secret():
    with time_machine.travel(NOW, tick=False):
        trajectory = pair(members=1)
        poll = session_poll(trajectory)
        member = poll.participants.get(role=PollParticipant.Role.MEMBER)
        slots = list(poll.slots.all())
        planning.answer(member.token, {slots[0].pk: "yes", slots[1].pk: "no"})
        feed = planning.live_feed(email=member.email)
        adviser_feed = planning.live_feed(user=trajectory.adviser.user)

    data, raw = export(member.email.upper())
    [participation] = data["poll_participations"]
    assert participation["role"] == "member" and participation["personal_link"] is True
    assert participation["school"] == trajectory.application.school.name
    assert [(a["slot"], a["choice"]) for a in participation["answers"]] == [
        (slots[0].start.isoformat(), "yes"), (slots[1].start.isoformat(), "no")]
    assert [f["with_account"] for f in data["calendar_feeds"]] == [False]
    assert member.secret not in raw and feed.secret not in raw

    adviser = export(trajectory.adviser.user.email)[0]
    assert [f["with_account"] for f in adviser["calendar_feeds"]] == [True]
    assert adviser["poll_participations"][0]["role"] == "adviser"
    assert adviser_feed.secret not in json.dumps(adviser)


def test_someone_known_only_from_a_poll_is_not_reported_as_unknown():
    with time_machine.travel(NOW, tick=False):
        poll = propose(kickoff(pair()))[0]
    ambassador = poll.participants.get(role=PollParticipant.Role.AMBASSADOR)
    User.objects.filter(email=ambassador.email).delete()  # now an address without an account
    out, err = StringIO(), StringIO()
    call_command("export_personal_data", ambassador.email, stdout=out, stderr=err)
    assert json.loads(out.getvalue())["poll_participations"] and err.getvalue() == ""


def test_anonymising_removes_poll_participants_answers_and_the_feeds_of_addresses_that_go():
    with time_machine.travel(NOW, tick=False):
        closed = pair(members=2)
        poll = session_poll(closed)
        participants = list(poll.participants.exclude(role="adviser"))
        for person in participants:
            planning.answer(person.token, {s.pk: "yes" for s in poll.slots.all()})
        going = planning.live_feed(email=f"lid0-{closed.pk}@school.example")
        # lid1's address is also in a live pair's working group: that feed still serves them
        live = pair(members=0)
        WorkingGroupMemberFactory(application=live.application, email=f"LID1-{closed.pk}@school.example")
        staying = planning.live_feed(email=f"lid1-{closed.pk}@school.example")
        account_feed = planning.live_feed(user=closed.adviser.user)
        live_poll = propose(kickoff(live))[0]
    type(closed).objects.filter(pk=closed.pk).update(status="completed", updated_at=NOW - dt.timedelta(days=3650))

    report = anonymise_closed_trajectories(dry_run=True)
    assert (report.poll_participants, report.calendar_feeds) == (len(participants) + 1, 1)
    assert PollParticipant.objects.filter(poll=poll).exists()  # a dry run changes nothing

    anonymise_closed_trajectories()
    assert not PollParticipant.objects.filter(poll=poll).exists()
    assert not PollAnswer.objects.filter(slot__poll=poll).exists()
    assert not CalendarFeed.objects.filter(pk=going.pk).exists()
    assert set(CalendarFeed.objects.values_list("pk", flat=True)) == {staying.pk, account_feed.pk}
    assert PollParticipant.objects.filter(poll=live_poll).count() == 4  # a live pair keeps its poll
    again = anonymise_closed_trajectories(dry_run=True)
    assert again.count == 0 and again.calendar_feeds == 0
