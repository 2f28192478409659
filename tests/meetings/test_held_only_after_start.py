"""Issue 16: a meeting is recorded as held only once its planned start has passed. A meeting that really took place
on another day is moved to that day first; cancelling is always possible; the log form never preselects 'gehouden'."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from lobmatch.models import OutboxMessage
from tests.meetings.conftest import entry
from trajectories.forms import MeetingLogForm
from trajectories.models import Meeting, PulseInvitation, ReimbursementClaim
from trajectories.services import claims as claim_service
from trajectories.services import meetings as service
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def session_one(trajectory, start):
    meeting = trajectory.meetings.get(kind=Meeting.Kind.SESSION, number=1)
    meeting.planned_start = start
    meeting.save(update_fields=["planned_start"])
    return meeting


def test_a_session_months_ahead_cannot_be_logged_as_held(group):
    trajectory, members = group
    meeting = session_one(trajectory, timezone.now() + dt.timedelta(days=90))
    with pytest.raises(service.MeetingError, match="kan daarom nog niet als gehouden worden vastgelegd"):
        service.log_meeting(meeting, entry(members, hours="4"), by=trajectory.adviser.user)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and not meeting.attendances.exists()
    assert not PulseInvitation.objects.exists()
    assert not OutboxMessage.objects.filter(payload__template="pulse_invitation").exists()
    claim = ReimbursementClaim.objects.filter(trajectory=trajectory).first()
    assert claim is None or claim.amount == Decimal("0.00")


def test_an_unplanned_meeting_is_planned_on_its_real_day_first(group):
    trajectory, members = group
    meeting = session_one(trajectory, None)
    with pytest.raises(service.MeetingError, match="nog niet gepland"):
        service.log_meeting(meeting, entry(members), by=trajectory.adviser.user)


def test_cancelled_is_always_possible_and_held_from_the_start_on(group):
    trajectory, members = group
    start = timezone.now() + dt.timedelta(days=30)
    meeting = session_one(trajectory, start)
    service.log_meeting(meeting, entry(members, status="cancelled"), by=trajectory.adviser.user)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CANCELLED
    meeting = trajectory.meetings.get(kind=Meeting.Kind.SESSION, number=2)
    meeting.planned_start = start
    meeting.save(update_fields=["planned_start"])
    with time_machine.travel(start - dt.timedelta(minutes=1)), pytest.raises(service.MeetingError):
        service.log_meeting(meeting, entry(members), by=trajectory.adviser.user)
    with time_machine.travel(start + dt.timedelta(minutes=1)):
        service.log_meeting(meeting, entry(members), by=trajectory.adviser.user)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


def test_a_meeting_held_on_another_day_is_moved_first(group):
    trajectory, members = group
    meeting = session_one(trajectory, timezone.now() + dt.timedelta(days=60))
    planning.plan_meeting(meeting, start=timezone.now() - dt.timedelta(days=3), duration_minutes=240,
                          location="Aula", by=trajectory.adviser.user)
    service.log_meeting(meeting, entry(members, hours="4"), by=trajectory.adviser.user)
    claim = claim_service.ensure_claim(trajectory)
    assert claim_service.money(claim)[1].counted_hours == Decimal("16")


def test_the_form_never_preselects_held_and_disables_it_for_a_future_meeting(client, group):
    trajectory, members = group
    past = session_one(trajectory, timezone.now() - dt.timedelta(days=1))
    assert MeetingLogForm(members=members, meeting=past).initial["status"] is None
    future = trajectory.meetings.get(kind=Meeting.Kind.SESSION, number=2)
    future.planned_start = timezone.now() + dt.timedelta(days=90)
    future.save(update_fields=["planned_start"])
    client.force_login(trajectory.adviser.user)
    url = reverse("trajectories:meeting_log", args=[future.pk])
    page = client.get(url).content.decode()
    radios = re.findall(r'<input type="radio"[^>]*>', page)
    held = next(r for r in radios if 'value="held"' in r)
    assert " disabled" in held and 'aria-describedby="held-refusal"' in held
    assert not any("checked" in r for r in radios)
    assert "kan daarom nog niet als gehouden worden vastgelegd" in page
    assert reverse("trajectories:meeting_schedule", args=[future.pk]) in page  # "move it first" link
    # A forged post is refused with the same reason, and what was typed stays.
    data = {"status": "held", **{f"hours_{m.pk}": "4" for m in members}, "notes": "goed gesprek"}
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "kan daarom nog niet als gehouden worden vastgelegd" in body and "goed gesprek" in body
    assert Meeting.objects.get(pk=future.pk).status == Meeting.Status.PLANNED
    # Without a choice: asked to choose, nothing saved.
    response = client.post(reverse("trajectories:meeting_log", args=[past.pk]), {"notes": "x"})
    assert "Kies of de bijeenkomst is gehouden of geannuleerd." in response.content.decode()
    assert Meeting.objects.get(pk=past.pk).status == Meeting.Status.PLANNED
