"""The date and poll forms start with the place the trajectory's group last met (a closing meeting had an empty
field while every session before it was at the same school); a meeting's own place, or a stopped poll's, comes
first, and the kickoff, first of all, suggests nothing."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.meetings.helpers import NOW, at, pair
from trajectories.models import Meeting
from trajectories.services import planning
from trajectories.services.meetings import ensure_meetings

NOV = [at(dt.date(2026, 11, 10)), at(dt.date(2026, 11, 24))]


def trajectory_with_meetings():
    trajectory = pair()
    ensure_meetings(trajectory)
    return trajectory

pytestmark = pytest.mark.django_db


def location_field(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["form"]["location"].value() or ""


def test_the_closing_meeting_starts_from_where_the_last_session_was():
    with time_machine.travel(NOW, tick=False):
        trajectory = trajectory_with_meetings()
        adviser = trajectory.adviser.user
        closing = trajectory.meetings.get(kind=Meeting.Kind.CLOSING)
        assert planning.suggested_location(trajectory.meetings.get(kind=Meeting.Kind.KICKOFF)) == ""
        first, second = (trajectory.meetings.get(kind=Meeting.Kind.SESSION, number=n) for n in (1, 2))
        planning.plan_meeting(first, start=NOV[0], duration_minutes=240, location="Lokaal 12", by=adviser)
        planning.plan_meeting(second, start=NOV[1], duration_minutes=240, location="Mediatheek", by=adviser)
        assert planning.suggested_location(closing) == "Mediatheek"  # the latest meeting's place
        closing.location = "Kamer van de rector"
        closing.save(update_fields=["location"])
        assert planning.suggested_location(closing) == "Kamer van de rector"  # its own place first


def test_both_forms_offer_the_suggested_place(client):
    with time_machine.travel(NOW, tick=False):
        trajectory = trajectory_with_meetings()
        adviser = trajectory.adviser.user
        session = trajectory.meetings.get(kind=Meeting.Kind.SESSION, number=1)
        planning.plan_meeting(session, start=NOV[0], duration_minutes=240, location="Lokaal 12", by=adviser)
        closing = trajectory.meetings.get(kind=Meeting.Kind.CLOSING)
        client.force_login(adviser)
        assert location_field(client, reverse("trajectories:meeting_schedule", args=[closing.pk])) == "Lokaal 12"
        assert location_field(client, reverse("trajectories:poll_create", args=[closing.pk])) == "Lokaal 12"
