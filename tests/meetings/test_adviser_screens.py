"""The adviser's screens say what needs doing: a passed meeting without a log is flagged and comes first, a meeting
without a date is not also called "gepland", and a finished trajectory offers no "Resultaat vastleggen"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AdviserFactory, ReimbursementClaimFactory, TrajectoryFactory
from trajectories.models import Trajectory
from trajectories.services import meetings as service

pytestmark = pytest.mark.django_db


def _trajectory(adviser, school):
    trajectory = TrajectoryFactory(adviser=adviser, application__school__name=school)
    service.ensure_meetings(trajectory)
    return trajectory


def test_a_passed_meeting_without_a_log_is_flagged_and_comes_first(client):
    adviser = AdviserFactory()
    calm = _trajectory(adviser, "Aaa-college")  # sorts first by name, but has nothing waiting
    calm.meetings.filter(kind="kickoff").update(planned_start=timezone.now() + dt.timedelta(days=3))
    waiting = _trajectory(adviser, "Zzz-lyceum")
    waiting.meetings.filter(kind="kickoff").update(planned_start=timezone.now() - dt.timedelta(days=2))
    waiting.meetings.filter(kind="session", number=1).update(planned_start=timezone.now() + dt.timedelta(days=5))
    client.force_login(adviser.user)
    page = client.get(reverse("trajectories:adviser_list")).content.decode()
    assert page.index("Zzz-lyceum") < page.index("Aaa-college")
    card = page[page.index("Zzz-lyceum"):page.index("Aaa-college")]
    # The flag and the log button come before the next meeting, and the next meeting is the real next one.
    assert card.index("Wacht op verslag") < card.index("Volgende bijeenkomst")
    assert reverse("trajectories:meeting_log", args=[waiting.meetings.get(kind="kickoff").pk]) in card
    assert "begeleide bijeenkomst 1" in card[card.index("Volgende bijeenkomst"):]
    assert "Wacht op verslag" not in page[page.index("Aaa-college"):]


def test_the_trajectory_page_flags_a_passed_meeting_and_does_not_call_an_unplanned_one_planned(client):
    trajectory = _trajectory(AdviserFactory(), "Testcollege")
    trajectory.meetings.filter(kind="kickoff").update(planned_start=timezone.now() - dt.timedelta(days=1))
    client.force_login(trajectory.adviser.user)
    page = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).content.decode()
    assert page.count("Wacht op verslag") == 1
    closing = page[page.index(">adviesgesprek<"):]
    closing = closing[:closing.index("</li>")]
    assert "nog niet gepland" in closing and "gepland<" not in closing.replace("nog niet gepland<", "")


def test_a_finished_trajectory_offers_no_result_to_record(client):
    trajectory = _trajectory(AdviserFactory(), "Testcollege")
    Trajectory.objects.filter(pk=trajectory.pk).update(status=Trajectory.Status.COMPLETED)
    trajectory.refresh_from_db()
    client.force_login(trajectory.adviser.user)
    page = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).content.decode()
    assert "Resultaat vastleggen" not in page
    # The rule is the service's: the form and the service refuse too, with the same message.
    response = client.get(reverse("trajectories:trajectory_outcome", args=[trajectory.pk]))
    assert response.status_code == 302
    with pytest.raises(service.MeetingError):
        service.record_outcome(trajectory, kind="implemented", summary="Klaar", by=trajectory.adviser.user)


def test_an_approved_claim_leaves_the_result_and_the_closing_to_the_adviser(client):
    """The claim pays the guided sessions only: approving it locks their logs, not the closing's nor the result."""
    trajectory = _trajectory(AdviserFactory(), "Testcollege")
    ReimbursementClaimFactory(trajectory=trajectory, status="approved")
    service.ensure_meetings(trajectory)
    closing = trajectory.meetings.get(kind="closing")
    session = trajectory.meetings.filter(kind="session").first()
    client.force_login(trajectory.adviser.user)
    page = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).content.decode()
    assert "Resultaat vastleggen" in page
    assert reverse("trajectories:meeting_log", args=[closing.pk]) in page
    assert reverse("trajectories:meeting_log", args=[session.pk]) not in page
    service.record_outcome(trajectory, kind="implemented", summary="Klaar", by=trajectory.adviser.user)
    assert Trajectory.objects.get(pk=trajectory.pk).outcome_kind == "implemented"


def test_an_ongoing_trajectory_offers_the_result(client):
    trajectory = _trajectory(AdviserFactory(), "Testcollege")
    client.force_login(trajectory.adviser.user)
    page = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).content.decode()
    assert "Resultaat vastleggen" in page


def test_the_advisers_own_pages_do_not_name_the_adviser_and_a_finished_trajectory_says_so(client):
    adviser = AdviserFactory(user__first_name="Marloes", user__last_name="Linden")
    ongoing = _trajectory(adviser, "Lopend College")
    finished = _trajectory(adviser, "Klaar College")
    Trajectory.objects.filter(pk=finished.pk).update(status=Trajectory.Status.COMPLETED)
    client.force_login(adviser.user)
    start = client.get(reverse("start")).content.decode()
    assert "Lopend College" in start and "adviseur Marloes Linden" not in start
    cards = client.get(reverse("trajectories:adviser_list")).content.decode().split('<li class="card')[1:]
    card = {name: next(c for c in cards if name in c) for name in ("Klaar College", "Lopend College")}
    assert "het traject is afgerond" in card["Klaar College"]
    assert "het traject is afgerond" not in card["Lopend College"] and ongoing.status != "completed"
