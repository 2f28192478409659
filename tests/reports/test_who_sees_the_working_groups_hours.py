"""The ambassador reads the trajectories that use its practices, but not what the school is paid for whom: the
trajectory page showed it the claim's amount and the report PDF every member's hours. Staff, finance, the adviser
and the school see both."""

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import ReimbursementClaimFactory, UserFactory
from trajectories import selectors

from .conftest import make_trajectory
from .test_pdfs import read

pytestmark = pytest.mark.django_db


def readers(trajectory):
    ambassador = UserFactory(roles=[Role.AMBASSADOR])
    trajectory.practice.ambassador.contacts.add(ambassador)
    school = trajectory.application.created_by
    school_roles = getattr(school, "roles", None)
    assert school_roles is not None or school  # the factory's contact has the school role
    return {"ambassador": ambassador, "school": school, "adviser": trajectory.adviser.user,
            "staff": UserFactory(roles=[Role.STAFF]), "finance": UserFactory(roles=[Role.FINANCE])}


def test_the_ambassador_sees_neither_the_claim_nor_the_members_hours(client):
    trajectory = make_trajectory()
    ReimbursementClaimFactory(trajectory=trajectory, status="submitted")
    for who, user in readers(trajectory).items():
        client.force_login(user)
        page = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk]))
        assert page.status_code == 200, who
        html = page.content.decode()
        report = client.get(reverse("trajectories:trajectory_report_pdf", args=[trajectory.pk]))
        assert report.status_code == 200, who
        text = read(b"".join(report.streaming_content) if report.streaming else report.content)[1]
        sees = who != "ambassador"
        assert selectors.sees_working_group(user, trajectory) is sees, who
        assert ("Declaratie verletkosten" in html) is sees, who
        assert ("Aanwezigheid werkgroep" in text) is sees, who
        assert ("Lid 3" in text) is sees, who
        assert "Verslagen" in text and trajectory.application.school.name in text  # the rest is everyone's
