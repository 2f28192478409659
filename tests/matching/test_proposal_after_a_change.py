"""A school may change its submitted application until the deadline: a proposal made on what it wrote before is not
confirmed; a new round proposes on what now stands."""

import pytest
from django.urls import reverse

from partners import services
from tests.factories import AdviserFactory, GoodPracticeFactory, UserFactory
from tests.partners.helpers import complete_draft, form_data
from trajectories.models import Trajectory
from trajectories.services import matching as matching_service

pytestmark = pytest.mark.django_db


def test_a_proposal_made_before_the_school_changed_its_application_is_not_confirmed(client):
    first, second = GoodPracticeFactory(), GoodPracticeFactory()
    app = complete_draft(practices=[first])
    services.submit(app, by=app.created_by)
    proposal = Trajectory.objects.create(tranche=app.tranche, application=app, practice=first,
                                         adviser=AdviserFactory(), status=Trajectory.Status.PROPOSED)
    client.force_login(app.created_by)  # the school now prefers another practice and submits its change
    response = client.post(reverse("partners:edit", args=[app.pk]),
                           form_data([second], school=app.school, existing=list(app.members.order_by("order"))))
    assert response.status_code == 302
    app.refresh_from_db()
    assert list(app.preferences.values_list("practice_id", flat=True)) == [second.pk]

    with pytest.raises(matching_service.MatchingError, match="na dit voorstel gewijzigd"):
        matching_service.confirm(proposal, by=UserFactory(is_staff=True))
    proposal.refresh_from_db()
    app.refresh_from_db()
    assert (proposal.status, app.status) == (Trajectory.Status.PROPOSED, "submitted")


def test_a_proposal_made_after_the_last_change_is_confirmed():
    practice = GoodPracticeFactory()
    app = complete_draft(practices=[practice])
    services.submit(app, by=app.created_by)
    proposal = Trajectory.objects.create(tranche=app.tranche, application=app, practice=practice,
                                         adviser=AdviserFactory(), status=Trajectory.Status.PROPOSED)
    assert matching_service.confirm(proposal, by=UserFactory(is_staff=True)).status == Trajectory.Status.CONFIRMED
