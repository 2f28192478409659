"""An application that leaves the running (staff reject it or put it on the waiting list, or the school withdraws)
gives up its proposal and the seat it held, in the same transaction; a proposal of such an application cannot be
confirmed, and the reason says so in Dutch instead of the workflow's own words."""

import pytest

from lobmatch.models import Role
from partners import services as application_service
from tests.factories import AdviserFactory, GoodPracticeFactory, UserFactory
from tests.matching.test_services import applicant, closed_tranche
from trajectories.models import Trajectory
from trajectories.services import matching as service

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal():
    tranche = closed_tranche(ambassador_capacity=1)
    practice = GoodPracticeFactory()
    AdviserFactory()
    staff = UserFactory(roles=[Role.STAFF])
    service.run_auto_match(tranche, by=staff)  # nothing yet
    application = applicant(tranche, practice)
    service.run_auto_match(tranche, by=staff)
    return Trajectory.objects.get(application=application), staff


@pytest.mark.parametrize("transition", ["reject", "waitlist", "withdraw"])
def test_the_proposal_is_cancelled_and_its_seat_is_free(proposal, transition):
    trajectory, staff = proposal
    application_service.change_status(trajectory.application, transition, by=staff, reason="past niet")
    trajectory.refresh_from_db()
    assert trajectory.status == "cancelled"
    # the seat is free: another school's proposal for the same (full, capacity 1) ambassador school can be made
    other = applicant(trajectory.tranche, trajectory.practice)
    made = service.propose(other, practice_id=trajectory.practice_id, adviser_id=trajectory.adviser_id, by=staff)
    assert made.status == "proposed"


def test_a_failed_status_change_keeps_the_proposal(proposal):
    trajectory, staff = proposal
    with pytest.raises(application_service.ApplicationError):
        application_service.change_status(trajectory.application, "reject", by=staff, reason="")
    trajectory.refresh_from_db()
    assert trajectory.status == "proposed"


def test_confirming_a_proposal_of_a_rejected_application_says_why_in_dutch(proposal):
    trajectory, staff = proposal
    Trajectory.objects.filter(pk=trajectory.pk).update(status="proposed")
    type(trajectory.application).objects.filter(pk=trajectory.application_id).update(status="rejected")
    with pytest.raises(service.MatchingError, match="De aanmelding is afgewezen; dit voorstel kan niet meer"):
        service.confirm(trajectory, by=staff)
