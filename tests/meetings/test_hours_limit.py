"""One limit for the hours a member is present at one meeting: the service checks it with a Dutch message (never an
IntegrityError from the database), and the log form shows that same message at the member's field."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import translation

from tests.meetings.conftest import entry
from trajectories.services import meetings as service

pytestmark = pytest.mark.django_db
MESSAGE = "Meer dan 12 uur aanwezig bij één bijeenkomst kan niet."


def session(trajectory):
    return trajectory.meetings.get(kind="session", number=1)


def test_the_limit_is_twelve_hours():
    assert D("12") == service.MAX_HOURS_PRESENT


def test_exactly_the_limit_is_accepted(group):
    trajectory, members = group
    service.log_meeting(session(trajectory), entry(members, hours="12"), by=trajectory.adviser.user)
    assert {a.hours_present for a in session(trajectory).attendances.all()} == {D("12")}


@pytest.mark.parametrize("hours", ["12.25", "24", "25", "99.75"])
def test_over_the_limit_is_refused_by_the_service_in_dutch(group, hours):
    trajectory, members = group
    with pytest.raises(service.MeetingError) as refused:
        service.log_meeting(session(trajectory), entry(members[:1], hours=hours), by=trajectory.adviser.user)
    assert str(refused.value) == MESSAGE
    assert not session(trajectory).attendances.exists()


def test_the_message_follows_the_users_language():
    with translation.override("en"):
        assert service.too_many_hours_message() == "More than 12 hours present at one meeting is not possible."


@pytest.mark.parametrize("typed, refused", [("12", False), ("12,25", True), ("24", True), ("25", True)])
def test_the_log_form_uses_the_same_limit_and_message(client, group, typed, refused):
    trajectory, members = group
    client.force_login(trajectory.adviser.user)
    data = {"status": "held", "progress": "3", "school_leader_present": "yes", "ambassador_present": "yes",
            **{f"hours_{m.pk}": "4" for m in members}, f"hours_{members[0].pk}": typed}
    response = client.post(reverse("trajectories:meeting_log", args=[session(trajectory).pk]), data)
    if refused:
        assert response.status_code == 200
        assert response.context["form"].errors == {f"hours_{members[0].pk}": [MESSAGE]}
        assert not session(trajectory).attendances.exists()
    else:
        assert response.status_code == 302
        assert session(trajectory).attendances.get(member=members[0]).hours_present == D("12")


def test_hours_beyond_the_meetings_length_are_saved_with_a_question(client, group):
    """A 240-minute session logged with 5 hours for one member: saved (a meeting can run late), and the adviser is
    asked whether that is right; the claim counts at most the tranche's hours per session anyway."""
    trajectory, members = group
    meeting = session(trajectory)
    assert meeting.duration_minutes == 240
    client.force_login(trajectory.adviser.user)
    data = {"status": "held", "progress": "3", "school_leader_present": "yes", "ambassador_present": "yes",
            **{f"hours_{m.pk}": "4" for m in members}, f"hours_{members[1].pk}": "5"}
    response = client.post(reverse("trajectories:meeting_log", args=[meeting.pk]), data, follow=True)
    body = response.content.decode()
    assert "Het verslag is opgeslagen" in body
    assert f"{members[1].name} is langer aanwezig geweest dan de bijeenkomst duurde (4 uur). Klopt dat?" in body
    assert meeting.attendances.get(member=members[1]).hours_present == D("5")
    response = client.post(reverse("trajectories:meeting_log", args=[meeting.pk]),
                           {**data, f"hours_{members[1].pk}": "4"}, follow=True)
    assert "langer aanwezig" not in response.content.decode()
