"""The school's screens speak its language: the fields it must fill in are marked (visibly and for assistive
technology), the trajectory's state and progress meter need no explanation from the programme office, and the demo's
second-factor notice is for staff and finance only."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import MeetingFactory, TrajectoryFactory, TrancheFactory, UserFactory

pytestmark = pytest.mark.django_db

REQUIRED = ["brin", "project_leader_name", "project_leader_email", "school_leader_name", "school_leader_email",
            "lob_situation", "ambition", "motivation", "choice_1", "commit_project_leader", "commit_working_group",
            "commit_school_leader", "consent_publicity", "consent_privacy",
            "members-0-name", "members-0-email", "members-2-name", "members-2-email"]
OPTIONAL = ["project_leader_phone", "project_leader_position", "choice_2", "choice_3", "availability_kickoff",
            "members-0-role", "members-3-name", "members-3-email"]


def _control(body, name):
    match = re.search(rf'<(input|textarea|select)\b[^>]*\bname="{re.escape(name)}"[^>]*>', body)
    assert match, name
    return match.group(0)


def _label(body, name):
    match = re.search(rf'<label[^>]*for="id_{re.escape(name)}"[^>]*>(.*?)</label>', body, re.S)
    assert match, name
    return match.group(1)


def test_application_form_marks_what_is_needed_to_submit(client):
    TrancheFactory()
    client.force_login(UserFactory())
    body = client.get(reverse("partners:start")).content.decode()
    for name in REQUIRED:
        control = _control(body, name)
        assert 'aria-required="true"' in control and re.search(r"\brequired\b(?!-)", control.replace(
            'aria-required="true"', "")), name
        assert "*" not in _label(body, name), name  # the asterisk is the stylesheet's, outside the accessible name
    for name in OPTIONAL:
        assert "required" not in _control(body, name), name
    assert "Velden met een sterretje vult u in om de aanmelding in te dienen" in body
    # The form keeps novalidate: a draft may still be saved half-filled.
    assert re.search(r'<form method="post" novalidate id="application-form"', body)
    add = re.search(r'<button[^>]*id="add-member"[^>]*>', body).group(0)
    assert "btn-outline-primary" in add and "secondary" not in add  # not a grey, disabled-looking button


def test_trajectory_state_and_progress_speak_to_the_school(client):
    trajectory = TrajectoryFactory()
    MeetingFactory(trajectory=trajectory, progress=2)
    client.force_login(trajectory.application.created_by)
    body = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).content.decode()
    assert "gepubliceerd" not in body and '<dd class="col-sm-9">lopend</dd>' in body
    assert "2/5" not in body and "2 van 5" in body
    assert 'aria-describedby="progress-note"' in body and 'id="progress-note"' in body
    start = client.get(reverse("start")).content.decode()
    assert "gepubliceerd" not in start and "lopend)" in start


@override_settings(LOBMATCH_REQUIRE_MFA=False)
@pytest.mark.parametrize(("roles", "shown"), [([Role.SCHOOL_CONTACT], False), ([Role.ADVISER], False),
                                             ([Role.STAFF], True), ([Role.FINANCE], True)])
def test_demo_second_factor_notice_only_for_staff_and_finance(client, roles, shown):
    client.force_login(UserFactory(roles=roles))
    body = client.get(reverse("start")).content.decode()
    assert ("een tweede factor is voor medewerkers en financiën uitgeschakeld" in body) is shown


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_required_fields_show_an_asterisk_that_stays_out_of_their_name(live_server, page, assert_accessible):
    TrancheFactory()
    page.goto(f"{live_server.url}{reverse('partners:start')}")
    after = "el => getComputedStyle(el.labels[0], '::after').content"
    for name in ("brin", "project_leader_name", "choice_1", "consent_privacy"):
        assert "*" in page.locator(f"#id_{name}").evaluate(after), name
    assert "*" not in page.locator("#id_project_leader_phone").evaluate(after)
    assert page.get_by_label("BRIN-code", exact=True).count() == 1  # the name is the label's text alone
    assert_accessible(page)
