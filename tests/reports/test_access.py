"""Who may download what (DESIGN.md's role table): others' objects give 404, pages of another role 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import (
    AdviserFactory,
    PartnerApplicationFactory,
    ReimbursementClaimFactory,
    TrajectoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_schools():
    mine = TrajectoryFactory()
    theirs = TrajectoryFactory()
    ReimbursementClaimFactory(trajectory=mine, status="submitted")
    ReimbursementClaimFactory(trajectory=theirs, status="submitted")
    return mine, theirs


def get(client, user, name, pk):
    """``name``: a URL name of the trajectories app, or one with its own namespace."""
    client.force_login(user)
    return client.get(reverse(name if ":" in name else f"trajectories:{name}", args=[pk]))


@pytest.mark.parametrize("name", ["trajectory_report_pdf", "claim_statement_pdf"])
def test_a_school_downloads_its_own_report_but_not_another_schools(client, two_schools, name):
    mine, theirs = two_schools
    school = mine.application.created_by
    response = get(client, school, name, mine.pk)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and "attachment" in response["Content-Disposition"]
    assert get(client, school, name, theirs.pk).status_code == 404


def test_a_school_cannot_download_another_schools_application(client):
    mine, theirs = PartnerApplicationFactory(status="submitted"), PartnerApplicationFactory(status="submitted")
    assert get(client, mine.created_by, "partners:application_pdf", mine.pk).status_code == 200
    assert get(client, mine.created_by, "partners:application_pdf", theirs.pk).status_code == 404
    assert get(client, UserFactory(roles=[Role.STAFF]), "partners:application_pdf", theirs.pk).status_code == 200
    for role in (Role.ADVISER, Role.AMBASSADOR, Role.FINANCE):
        assert get(client, UserFactory(roles=[role]), "partners:application_pdf", theirs.pk).status_code == 404


def test_trajectory_report_follows_the_role_table(client, two_schools):
    mine, theirs = two_schools
    ambassador = UserFactory(roles=[Role.AMBASSADOR])
    mine.practice.ambassador.contacts.add(ambassador)
    allowed = [mine.adviser.user, ambassador, UserFactory(roles=[Role.STAFF]), UserFactory(roles=[Role.FINANCE])]
    for user in allowed:
        assert get(client, user, "trajectory_report_pdf", mine.pk).status_code == 200, user
    for user in [theirs.adviser.user, AdviserFactory().user, UserFactory(roles=[Role.AMBASSADOR]),
                 UserFactory(roles=[Role.SCHOOL_CONTACT])]:
        assert get(client, user, "trajectory_report_pdf", mine.pk).status_code == 404, user


def test_an_unpublished_trajectory_is_staff_only(client):
    proposed = TrajectoryFactory(status="proposed")
    assert get(client, proposed.application.created_by, "trajectory_report_pdf", proposed.pk).status_code == 404
    assert get(client, proposed.adviser.user, "trajectory_report_pdf", proposed.pk).status_code == 404
    assert get(client, UserFactory(roles=[Role.STAFF]), "trajectory_report_pdf", proposed.pk).status_code == 200


def test_claim_statement_is_for_the_school_and_finance_only(client, two_schools):
    mine, _theirs = two_schools
    assert get(client, UserFactory(roles=[Role.FINANCE]), "claim_statement_pdf", mine.pk).status_code == 200
    for user in [mine.adviser.user, UserFactory(roles=[Role.STAFF]), UserFactory(roles=[Role.AMBASSADOR])]:
        assert get(client, user, "claim_statement_pdf", mine.pk).status_code == 404, user


def test_anonymous_visitors_are_sent_to_the_login(client, two_schools):
    mine, _theirs = two_schools
    for name in ("trajectories:trajectory_report_pdf", "trajectories:claim_statement_pdf", "partners:application_pdf"):
        response = client.get(reverse(name, args=[mine.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.SCHOOL_CONTACT, Role.AMBASSADOR, Role.ADVISER, Role.FINANCE])
def test_dashboard_and_tranche_reports_are_staff_only(client, role, two_schools):
    mine, _theirs = two_schools
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("trajectories:dashboard")).status_code == 403
    url = reverse("trajectories:report_request", args=[mine.tranche_id, "tranche_overview"])
    assert client.post(url).status_code == 403
