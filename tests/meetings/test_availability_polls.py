"""Availability polls: the adviser proposes 2–6 slots, everyone expected answers once per slot through a personal
link, the page suggests the best slot, and people who did not answer get one reminder."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from lobmatch import mailing
from lobmatch.celery import app as celery_app
from lobmatch.models import OutboxMessage, Province
from lobmatch.tasks import run_reminders
from tests.concurrency import race
from tests.factories import (
    MeetingFactory,
)
from tests.meetings.helpers import NOW, OCT, at, kickoff, pair, propose
from tests.services import free_port
from trajectories.models import Meeting, MeetingPoll, PollAnswer, PollParticipant
from trajectories.reminders import run_poll_reminders
from trajectories.services import planning
from trajectories.services.meetings import MeetingError

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_everyone_expected_at_the_kickoff_gets_one_mail_with_a_personal_link(clock):
    trajectory = pair()
    meeting = kickoff(trajectory)
    poll, warnings = propose(meeting)
    assert warnings == []
    people = {p.email: p for p in poll.participants.all()}
    ambassador = f"ambassadeur{trajectory.pk}@example.org"
    # the kickoff: project leader, school leader, ambassador, adviser (the working group comes to the sessions)
    assert set(people) == {"petra@example.org", "karel@example.org", ambassador,
                           trajectory.adviser.user.email.lower()}
    assert all(p.required for p in people.values())
    mails = OutboxMessage.objects.filter(payload__template="poll_invitation")
    assert sorted(m.payload["to"][0] for m in mails) == sorted({"petra@example.org", "karel@example.org", ambassador})
    petra = people["petra@example.org"]
    [mail] = [m for m in mails if m.payload["to"] == ["petra@example.org"]]
    assert mail.payload["context"]["url"] == reverse("trajectories:poll_answer", args=[petra.token])
    # the adviser proposed the slots and counts as available at all of them
    assert set(PollAnswer.objects.filter(participant__role="adviser").values_list("choice", flat=True)) == {"yes"}
    with pytest.raises(MeetingError, match="loopt al een peiling"):
        propose(meeting)


def test_the_working_group_is_expected_at_a_session_and_the_school_leader_only_at_the_first():
    trajectory = pair(members=3)
    first = Meeting(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=1)
    second = Meeting(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=2)
    roles = {p.role for p in planning.expected_people(first)}
    assert roles == {"adviser", "project_leader", "school_leader", "ambassador", "member"}
    people = planning.expected_people(second)
    assert "school_leader" not in {p.role for p in people}
    assert sum(p.role == "member" for p in people) == 3 and not any(p.required for p in people if p.role == "member")


@pytest.mark.parametrize(("starts", "message"), [
    (OCT[:1], "2 tot 6"),
    ([at(dt.date(2026, 10, d)) for d in range(1, 8)], "2 tot 6"),
    ([OCT[0], at(dt.date(2026, 11, 20))], "buiten de periode"),
    ([OCT[0], dt.datetime(2026, 8, 1, 10, tzinfo=AMS)], "verleden"),
])
def test_slots_must_be_two_to_six_in_the_window_and_ahead(clock, starts, message):
    meeting = kickoff(pair())
    with pytest.raises(MeetingError, match=message):
        propose(meeting, starts)
    assert not MeetingPoll.objects.exists() and not OutboxMessage.objects.exists()


def test_a_slot_overlapping_the_advisers_other_meeting_or_in_the_regions_school_holiday_is_warned(clock):
    trajectory = pair(province=Province.GRONINGEN)  # noord: herfstvakantie 10–18 October 2026
    MeetingFactory(trajectory__adviser=trajectory.adviser, planned_start=at(dt.date(2026, 10, 6), 15),
                   trajectory__application__school__name="Het Andere College")
    _poll, warnings = propose(kickoff(trajectory), [OCT[0], at(dt.date(2026, 10, 14)), OCT[2]])
    assert len(warnings) == 2
    assert "overlapt" in warnings[0] and "Het Andere College" in warnings[0]
    assert "herfstvakantie" in warnings[1]
    # the same dates for a school in the south: its autumn holiday starts on 17 October
    _poll, warnings = propose(kickoff(pair(province=Province.LIMBURG)), [at(dt.date(2026, 10, 14)), OCT[2]])
    assert warnings == []


def test_the_adviser_counts_as_no_on_a_slot_their_other_meeting_takes(clock):
    trajectory = pair()
    poll, _w = propose(kickoff(trajectory))
    first, second, third = poll.slots.all()
    for person in poll.participants.exclude(role="adviser"):
        planning.answer(person.token, {first.pk: "yes", second.pk: "yes", third.pk: "maybe"})
    overview = planning.poll_overview(poll)
    assert overview.suggested == first and [s.required_ok for s in overview.slots] == [True, True, True]
    # after the poll went out, another school's session is planned on the first slot's afternoon
    MeetingFactory(trajectory__adviser=trajectory.adviser, planned_start=at(dt.date(2026, 10, 6), 15),
                   trajectory__application__school__name="Het Andere College")
    overview = planning.poll_overview(poll)
    assert overview.suggested == second
    assert [s.required_ok for s in overview.slots] == [False, True, True]
    adviser = str(poll.participants.get(role="adviser").name)
    said = {who.split(" (")[0]: what for who, what in overview.slots[0].rows}
    assert said[adviser].startswith("nee: dan is uw") and "Het Andere College" in said[adviser]
    assert {who.split(" (")[0]: what for who, what in overview.slots[1].rows}[adviser] == "ja"
    assert overview.slots[0].missing_required == [adviser]
    assert overview.slots[0].said_no == [f"{adviser} (andere afspraak in de agenda)"]  # why, on the slot's card
    # what the adviser said when proposing is kept: the other meeting moved away, the slot is theirs again
    Meeting.objects.filter(trajectory__application__school__name="Het Andere College").update(
        planned_start=at(dt.date(2026, 10, 20), 15))
    assert planning.poll_overview(poll).suggested == first


def test_tokens_are_long_random_and_only_open_their_own_poll(client, clock):
    poll, _w = propose(kickoff(pair()))
    petra, karel = poll.participants.get(email="petra@example.org"), poll.participants.get(email="karel@example.org")
    assert len(petra.secret) >= 43 and petra.secret != karel.secret
    assert planning.participant_for_token(petra.token) == petra
    forged = [f"{karel.pk}.{petra.secret}", f"{petra.pk}.{petra.secret[:-1]}", petra.secret, f"{petra.pk}.", "x.y"]
    for token in forged:
        assert planning.participant_for_token(token) is None
        assert client.get(reverse("trajectories:poll_answer", args=[token])).status_code == 404
    page = client.get(reverse("trajectories:poll_answer", args=[petra.token]))
    assert page.status_code == 200
    # names of those expected, no one's address
    assert "Karel Bos" in page.content.decode() and "karel@example.org" not in page.content.decode()


def answers_of(participant):
    return dict(PollAnswer.objects.filter(participant=participant).values_list("slot_id", "choice"))


def test_answering_again_replaces_the_answer_and_a_closed_poll_takes_none(clock):
    poll, _w = propose(kickoff(pair()))
    petra = poll.participants.get(email="petra@example.org")
    slots = list(poll.slots.all())
    planning.answer(petra.token, {s.pk: "yes" for s in slots})
    planning.answer(petra.token, {s.pk: "no" for s in slots})
    assert answers_of(petra) == {s.pk: "no" for s in slots}
    with pytest.raises(MeetingError, match="elk tijdstip"):
        planning.answer(petra.token, {slots[0].pk: "yes"})
    planning.choose_slot(poll, slots[0], by=poll.created_by)
    with pytest.raises(MeetingError, match="gesloten"):
        planning.answer(petra.token, {s.pk: "yes" for s in slots})


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_once_leave_one_answer_per_slot():
    with time_machine.travel(NOW, tick=False):
        poll, _w = propose(kickoff(pair()))
    petra = poll.participants.get(email="petra@example.org")
    slots = list(poll.slots.all())
    race(lambda choice: planning.answer(petra.token, {s.pk: choice for s in slots}), ["yes", "no"])
    assert PollAnswer.objects.filter(participant=petra).count() == len(slots)
    assert len(set(answers_of(petra).values())) == 1  # all of one post, none mixed


def test_no_slot_is_suggested_before_anyone_but_the_adviser_answered(clock):
    poll, _w = propose(kickoff(pair()))
    overview = planning.poll_overview(poll)
    assert [s.yes for s in overview.slots] == [1, 1, 1]  # the adviser's own yes on each proposed slot
    assert overview.suggested is None
    first, *rest = poll.slots.all()
    planning.answer(poll.participants.get(email="petra@example.org").token,
                    {first.pk: "no", **{s.pk: "maybe" for s in rest}})
    assert planning.poll_overview(poll).suggested == rest[0]


def test_the_page_suggests_the_slot_where_everyone_required_can_come(clock):
    poll, _w = propose(kickoff(pair()))
    first, second, third = poll.slots.all()
    choices = {"petra@example.org": ["yes", "yes", "yes"], "karel@example.org": ["yes", "maybe", "no"]}
    for email, picks in choices.items():
        token = poll.participants.get(email=email).token
        planning.answer(token, dict(zip([first.pk, second.pk, third.pk], picks, strict=True)))
    overview = planning.poll_overview(poll)
    # the ambassador has not answered: no slot has everyone required yet; the most yes wins, then the earliest
    assert [s.required_ok for s in overview.slots] == [False, False, False]
    assert overview.suggested == first
    ambassador = poll.participants.get(role="ambassador")
    planning.answer(ambassador.token, {first.pk: "no", second.pk: "maybe", third.pk: "yes"})
    overview = planning.poll_overview(poll)
    assert [s.required_ok for s in overview.slots] == [False, True, False]
    assert overview.suggested == second
    assert [p.email for p in overview.not_answered] == []


def test_one_reminder_three_days_after_the_poll_opened_for_who_did_not_answer():
    with time_machine.travel(NOW, tick=False):
        poll, _w = propose(kickoff(pair()))
        petra = poll.participants.get(email="petra@example.org")
        planning.answer(petra.token, {s.pk: "yes" for s in poll.slots.all()})
    with time_machine.travel(NOW + dt.timedelta(days=2, hours=23), tick=False):
        assert run_poll_reminders() == 0
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        assert run_poll_reminders() == 2  # the school leader and the ambassador; not Petra, not the adviser
        assert run_poll_reminders() == 0
    with time_machine.travel(NOW + dt.timedelta(days=9), tick=False):
        assert run_poll_reminders() == 0
    reminders = OutboxMessage.objects.filter(payload__template="poll_reminder")
    assert sorted(m.payload["to"][0] for m in reminders) == sorted(
        ["karel@example.org", poll.participants.get(role="ambassador").email])
    karel = poll.participants.get(email="karel@example.org")
    [mail] = [m for m in reminders if m.payload["to"] == ["karel@example.org"]]
    assert mail.payload["context"]["url"] == reverse("trajectories:poll_answer", args=[karel.token])


def test_the_reminder_goes_out_once_with_redis_down_during_the_beat(mailoutbox):
    with time_machine.travel(NOW, tick=False):
        poll, _w = propose(kickoff(pair()))
    OutboxMessage.objects.all().delete()
    dead = f"redis://127.0.0.1:{free_port()}/0"
    saved = {k: celery_app.conf[k] for k in ("broker_url", "task_always_eager")}
    with time_machine.travel(NOW + dt.timedelta(days=3, hours=1), tick=False):
        try:
            celery_app.conf.update(broker_url=dead, task_always_eager=False)
            with override_settings(CELERY_BROKER_URL=dead):
                run_reminders()  # the beat's task: records, then fails to hand over, without raising
                run_reminders()
            pending = OutboxMessage.objects.filter(payload__template="poll_reminder")
            assert pending.count() == 3 and {m.status for m in pending} == {OutboxMessage.Status.PENDING}
            assert not pending.filter(dispatched_at__isnull=False).exists()  # never handed over
        finally:
            celery_app.conf.update(saved)
        mailing.dispatch_pending()  # the broker is back (the eager default): the sweep hands them over
        run_reminders()
    sent = [m for m in mailoutbox if "Herinnering" in m.subject]
    assert sorted(m.to[0] for m in sent) == sorted(p.email for p in poll.participants.exclude(role="adviser"))
    assert not PollParticipant.objects.filter(poll=poll, answered_at__isnull=False).exclude(role="adviser").exists()


def test_the_school_sees_the_five_meetings_with_their_state_and_who_has_not_answered(client, clock):
    trajectory = pair()
    from trajectories.services.meetings import ensure_meetings

    meetings = {(m.kind, m.number): m for m in ensure_meetings(trajectory)}
    propose(meetings[("kickoff", 0)])
    Meeting.objects.filter(pk=meetings[("session", 1)].pk).update(planned_start=NOW - dt.timedelta(days=1))
    Meeting.objects.filter(pk=meetings[("session", 2)].pk).update(planned_start=NOW + dt.timedelta(days=60))
    Meeting.objects.filter(pk=meetings[("session", 3)].pk).update(planned_start=NOW - dt.timedelta(days=8),
                                                                   status="held", logged_at=NOW)
    client.force_login(trajectory.application.created_by)
    page = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk]))
    states = [str(p["state"]) for p in page.context["planning"].values()]
    assert sorted(states) == sorted(["peiling loopt", "gehouden", "gepland", "vastgelegd", "nog niet gepland"])
    html = page.content.decode()
    assert "Nog geen antwoord:" in html and "Karel Bos" in html and "Petra de Vries" in html
    assert "Tijdstippen voorstellen" not in html  # the adviser's actions only


def test_a_working_group_member_gets_a_feed_through_their_poll_link(client, clock):
    trajectory = pair(members=1)
    session = Meeting.objects.create(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=2)
    poll, _w = propose(session, [at(dt.date(2026, 11, 3)), at(dt.date(2026, 11, 4))])
    member = poll.participants.get(role="member")
    url = reverse("trajectories:poll_answer", args=[member.token])
    client.post(url, {"feed": "renew"})
    html = client.get(url).content.decode()
    feed = planning.live_feed(email=member.email)
    assert f"webcal://testserver/trajecten/agenda/{feed.token}.ics" in html
    client.post(url, {"feed": "revoke"})
    assert client.get(reverse("trajectories:feed", args=[feed.token])).status_code == 404


@pytest.mark.parametrize("pairs", [1, 40])
def test_the_advisers_poll_page_takes_a_constant_number_of_queries(client, clock, django_assert_max_num_queries,
                                                                   pairs):
    trajectory = pair(members=5 if pairs > 1 else 0)
    for _ in range(pairs - 1):
        MeetingFactory(trajectory__adviser=trajectory.adviser, planned_start=NOW + dt.timedelta(days=40))
    session = Meeting.objects.create(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=1)
    poll, _w = propose(session, [at(dt.date(2026, 11, d)) for d in range(2, 8)] if pairs > 1 else
                       [at(dt.date(2026, 11, 2)), at(dt.date(2026, 11, 3))])
    client.force_login(trajectory.adviser.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("trajectories:poll_detail", args=[poll.pk]))
    assert response.status_code == 200


def test_anonymising_a_closed_trajectory_removes_its_poll_participants_and_answers(clock):
    from trajectories.privacy import anonymise_closed_trajectories

    trajectory = pair()
    poll, _w = propose(kickoff(trajectory))
    live, _w = propose(kickoff(pair()))
    type(trajectory).objects.filter(pk=trajectory.pk).update(status="completed",
                                                             updated_at=NOW - dt.timedelta(days=365 * 10))
    anonymise_closed_trajectories()
    assert not PollParticipant.objects.filter(poll=poll).exists()
    assert not PollAnswer.objects.filter(slot__poll=poll).exists()
    assert PollParticipant.objects.filter(poll=live).count() == 4  # a live pair keeps its poll


def test_the_advisers_list_shows_running_polls_and_asks_for_a_choice_once_everyone_answered(client, clock):
    trajectory = pair()
    poll, _w = propose(kickoff(trajectory))
    client.force_login(trajectory.adviser.user)
    url = reverse("trajectories:adviser_list")
    detail = reverse("trajectories:poll_detail", args=[poll.pk])
    page = client.get(url).content.decode()
    assert "Peiling loopt" in page and "1 van 4 geantwoord" in page and f'href="{detail}"' in page
    assert "Tijdstip kiezen" not in page
    slots = list(poll.slots.all())
    for person in poll.participants.exclude(role="adviser"):
        planning.answer(person.token, {s.pk: "yes" for s in slots})
    page = client.get(url).content.decode()
    assert "Iedereen heeft geantwoord" in page and "4 van 4 geantwoord" in page and "Tijdstip kiezen" in page
    planning.choose_slot(poll, slots[0], by=trajectory.adviser.user)
    page = client.get(url).content.decode()
    assert "Peiling loopt" not in page and "Iedereen heeft geantwoord" not in page


def test_choosing_a_slot_someone_required_cannot_make_names_them_in_the_question(client, clock):
    """The adviser could pick a time the ambassador had said no to with the same question as any other."""
    poll, _w = propose(kickoff(pair()))
    first, second, _third = poll.slots.all()
    karel = poll.participants.get(email="karel@example.org")
    planning.answer(karel.token, {s.pk: "no" if s == first else "yes" for s in poll.slots.all()})
    client.force_login(poll.meeting.trajectory.adviser.user)
    html = client.get(reverse("trajectories:poll_detail", args=[poll.pk])).content.decode()
    forms = html.split(reverse("trajectories:poll_choose", args=[poll.pk]))[1:]
    asks = [re.search(r'data-confirm="([^"]*)"', form).group(1) for form in forms]
    assert asks[0].startswith("Kan niet: ") and "Karel" in asks[0] and asks[0].endswith(
        "Dit tijdstip kiezen? De peiling sluit en iedereen die wordt verwacht, krijgt meteen een uitnodiging.")
    assert "Karel" not in asks[1]
    # the required people who have not answered yet are named too (the question was silent about them)
    waiting = poll_overview_names(poll, second)
    assert waiting and asks[1] == f"Nog geen antwoord van wie nodig is: {', '.join(waiting)}. Dit tijdstip kiezen? De peiling sluit " \
        "en iedereen die wordt verwacht, krijgt meteen een uitnodiging."
    for person in poll.participants.exclude(role="adviser").exclude(pk=karel.pk):
        planning.answer(person.token, {s.pk: "yes" for s in poll.slots.all()})
    html = client.get(reverse("trajectories:poll_detail", args=[poll.pk])).content.decode()
    forms = html.split(reverse("trajectories:poll_choose", args=[poll.pk]))[1:]
    assert re.search(r'data-confirm="([^"]*)"', forms[1]).group(1).startswith("Dit tijdstip kiezen?")


def poll_overview_names(poll, slot):
    return next(s.no_answer for s in planning.poll_overview(poll).slots if s.slot == slot)
