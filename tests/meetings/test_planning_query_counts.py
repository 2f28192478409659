"""The planning pages take the same number of queries whatever their size: the calendar feed of an adviser with one
or 40 trajectories (five meetings each), and the adviser's poll page and a person's answer page for a poll of two
slots and four people or six slots and nine people."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from tests.factories import TrajectoryFactory, UserFactory
from tests.meetings.helpers import NOW, at, pair, propose
from trajectories.models import Meeting
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def queries(client, url) -> tuple[int, object]:
    client.get(url)  # warm: the session, the language
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def adviser_with(pairs: int):
    first = None
    for n in range(pairs):
        trajectory = TrajectoryFactory(**({"adviser": first.adviser} if first else {}))
        ambassador = UserFactory(email=f"amb{trajectory.pk}@example.org")
        trajectory.practice.ambassador.contacts.add(ambassador)
        first = first or trajectory
        start = dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=n)
        for i, (kind, number) in enumerate([("kickoff", 0), ("session", 1), ("session", 2), ("session", 3),
                                            ("closing", 0)]):
            Meeting.objects.create(trajectory=trajectory, kind=kind, number=number, duration_minutes=90,
                                   planned_start=start + dt.timedelta(weeks=4 * i), location="Aula")
    return first.adviser.user


def test_the_feed_of_an_adviser_takes_the_same_queries_for_1_and_40_trajectories(client):
    counts = []
    for pairs in (1, 40):
        user = adviser_with(pairs)
        n, response = queries(client, reverse("trajectories:feed", args=[planning.live_feed(user=user).token]))
        assert len(Calendar.from_ical(response.content).events) == 5 * pairs
        counts.append(n)
    assert counts[0] == counts[1], counts


def test_the_poll_pages_take_the_same_queries_for_a_small_and_a_large_poll(client):
    counts = {"adviser": [], "answer": []}
    with time_machine.travel(NOW, tick=False):
        for members, days in ((0, (2, 3)), (5, range(2, 8))):
            trajectory = pair(members=members)
            session = Meeting.objects.create(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=1)
            poll, _warnings = propose(session, [at(dt.date(2026, 11, d)) for d in days])
            people = list(poll.participants.exclude(role="adviser"))
            for person in people[1:]:  # all but one answered
                planning.answer(person.token, {s.pk: "yes" for s in poll.slots.all()})
            client.force_login(trajectory.adviser.user)
            counts["adviser"].append(queries(client, reverse("trajectories:poll_detail", args=[poll.pk]))[0])
            client.logout()
            counts["answer"].append(queries(client, reverse("trajectories:poll_answer",
                                                            args=[people[0].token]))[0])
            assert poll.participants.count() == (4 if not members else 9)
    assert counts["adviser"][0] == counts["adviser"][1] and counts["answer"][0] == counts["answer"][1], counts
