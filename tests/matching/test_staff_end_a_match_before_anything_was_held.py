"""A confirmed or published match ends only through end_match: with a reason, its planned meetings cancelled in
everyone's calendar, and the application back among those to match. The proposal's 'afwijzen' no longer cancels
a confirmed or published match (the school was left 'gekoppeld' without a trajectory, never to be matched again),
and no trajectory is deleted in the admin."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lobmatch.mailing import render_message
from lobmatch.models import OutboxMessage, Role
from tests.factories import UserFactory
from tests.matching.test_an_application_that_leaves_frees_its_proposal import proposal  # noqa: F401 - fixture
from trajectories.models import Meeting, Trajectory
from trajectories.services import matching as service
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def test_a_published_match_ends_with_a_reason_and_the_school_is_matched_again(proposal, client):  # noqa: F811
    trajectory, staff = proposal
    service.confirm(trajectory, by=staff)
    service.publish(trajectory, by=staff)
    trajectory.refresh_from_db()
    kickoff = trajectory.meetings.get(kind=Meeting.Kind.KICKOFF)
    planning.plan_meeting(kickoff, start=timezone.now() + dt.timedelta(days=20), duration_minutes=90, location="Aula",
                          by=trajectory.adviser.user)

    with pytest.raises(service.MatchingError, match="Alleen voorstellen die nog niet bevestigd zijn"):
        service.reject(trajectory, by=staff, reason="toch niet")
    with pytest.raises(service.MatchingError, match="Geef een reden"):
        service.end_match(trajectory, by=staff, reason=" ")
    cancellations = OutboxMessage.objects.filter(payload__template="meeting_cancelled").count()

    client.force_login(staff)
    changelist = reverse("admin:trajectories_trajectory_changelist")
    response = client.post(changelist, {"action": "end_selected", "_selected_action": [trajectory.pk], "index": "0",
                                        "reason": "De adviseur is langdurig ziek."}, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == ["1 koppeling beëindigd; de school staat weer bij de aanmeldingen zonder koppeling."]
    trajectory.refresh_from_db()
    kickoff.refresh_from_db()
    assert trajectory.status == Trajectory.Status.CANCELLED and kickoff.status == Meeting.Status.CANCELLED
    assert OutboxMessage.objects.filter(payload__template="meeting_cancelled").count() > cancellations
    # the pair, introduced by mail when it was published, hears that it ended and why
    (ended,) = OutboxMessage.objects.filter(payload__template="trajectory_ended")
    assert {trajectory.adviser.user.email, trajectory.application.created_by.email} <= set(ended.payload["to"])
    assert "De adviseur is langdurig ziek." in render_message(ended.payload).body
    application = trajectory.application
    application.refresh_from_db()
    assert application.status == "submitted"
    again = service.propose(application, practice_id=trajectory.practice_id, adviser_id=trajectory.adviser_id,
                            by=staff)
    assert again.status == Trajectory.Status.PROPOSED
    # auto-match (or a proposal by hand) knows nothing of why the match ended: the matching page says it
    page = client.get(reverse("admin:trajectories_matching", args=[trajectory.tranche_id])).content.decode()
    assert ("Let op: een eerdere koppeling van deze school met dezelfde good practice en dezelfde adviseur is "
            "beëindigd: De adviseur is langdurig ziek.") in page

    # the admin offers no delete (its history, meetings and money hang on it)
    assert client.get(reverse("admin:trajectories_trajectory_delete", args=[again.pk])).status_code == 403
    assert "delete_selected" not in client.get(changelist).content.decode()


def test_a_match_with_a_held_meeting_is_not_ended(proposal):  # noqa: F811
    trajectory, staff = proposal
    service.confirm(trajectory, by=staff)
    service.publish(trajectory, by=staff)
    trajectory.meetings.filter(kind=Meeting.Kind.KICKOFF).update(
        status=Meeting.Status.HELD, planned_start=timezone.now() - dt.timedelta(days=3))
    with pytest.raises(service.MatchingError, match="Er is al een bijeenkomst gehouden"):
        service.end_match(trajectory, by=UserFactory(roles=[Role.STAFF]), reason="ziek")
    trajectory.refresh_from_db()
    assert trajectory.status == Trajectory.Status.PUBLISHED


def test_a_practice_a_match_uses_stays_published(proposal, client):  # noqa: F811
    """Unpublishing it in the admin said '1 good practice teruggezet naar concept' while a trajectory ran on it."""
    from ambassadors import services as practices

    trajectory, staff = proposal
    practice = trajectory.practice
    with pytest.raises(practices.PracticeError, match="gebruikt door 1 lopende koppeling"):
        practices.unpublish(practice, by=staff, reason="Past niet meer bij het programma.")
    client.force_login(staff)
    response = client.post(reverse("admin:ambassadors_goodpractice_changelist"),
                           {"action": "unpublish_selected", "_selected_action": [practice.pk], "index": "0",
                            "reason": "Past niet meer bij het programma."},
                           follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == [f"{practice.title}: Deze good practice wordt gebruikt door 1 lopende koppeling; de publicatie "
                    "intrekken kan pas als die is afgerond of beëindigd."]
    practice.refresh_from_db()
    assert practice.status == "published"
    service.reject(trajectory, by=staff, reason="past niet")  # no match uses it any more
    assert practices.unpublish(practice, by=staff, reason="Past niet meer bij het programma.").status == "draft"


def test_a_confirmed_match_nobody_was_told_of_ends_without_a_mail(proposal):  # noqa: F811
    trajectory, staff = proposal
    service.confirm(trajectory, by=staff)
    service.end_match(trajectory, by=staff, reason="De school trekt zich terug.")
    assert not OutboxMessage.objects.filter(payload__template="trajectory_ended").exists()
