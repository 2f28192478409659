"""Rejecting a proposal needs a reason, as changing one does (DESIGN.md: every transition is recorded with why). The
rule is the service's, so the matching page and the admin's action refuse an empty reason with the same words, and
the page counts what staff rejected with the word of its button and its message: "afgewezen"."""

import html as html_module
import json
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from playwright.sync_api import expect

from lobmatch.models import Role, StatusChange
from tests.factories import AdviserFactory, GoodPracticeFactory, UserFactory
from tests.matching.test_services import applicant, closed_tranche
from trajectories.models import Trajectory
from trajectories.services import matching as service

pytestmark = pytest.mark.django_db

NO_REASON = "Geef een reden op voor het afwijzen."


def make_proposals():
    tranche = closed_tranche(ambassador_capacity=5)
    practice, adviser, staff = GoodPracticeFactory(), AdviserFactory(), UserFactory(roles=[Role.STAFF])
    made = [service.propose(applicant(tranche, practice), practice_id=practice.pk, adviser_id=adviser.pk, by=staff)
            for _ in range(2)]
    return tranche, staff, made


@pytest.fixture
def proposals():
    return make_proposals()


def said(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("reason", ["", "   "])
def test_the_service_refuses_to_reject_without_a_reason(proposals, reason):
    _tranche, staff, (proposal, _other) = proposals
    with pytest.raises(service.MatchingError, match=NO_REASON):
        service.reject(proposal, by=staff, reason=reason)
    assert Trajectory.objects.get(pk=proposal.pk).status == "proposed"


def test_the_matching_page_refuses_an_empty_reason_and_keeps_the_ticks(client, proposals):
    tranche, staff, (proposal, other) = proposals
    client.force_login(staff)
    response = client.post(reverse("admin:trajectories_matching", args=[tranche.pk]),
                           {"do": "reject", "selected": [proposal.pk], "reason": " "})
    assert said(response) == [("error", NO_REASON)]
    html = response.content.decode()
    assert re.search(rf'value="{proposal.pk}" id="sel-{proposal.pk}" checked', html)
    assert not re.search(rf'value="{other.pk}" id="sel-{other.pk}" checked', html)
    assert Trajectory.objects.get(pk=proposal.pk).status == "proposed"


def test_the_admin_action_refuses_an_empty_reason_with_the_same_words(client, proposals):
    _tranche, staff, (proposal, other) = proposals
    client.force_login(staff)
    response = client.post(reverse("admin:trajectories_trajectory_changelist"),
                           {"action": "reject_selected", "_selected_action": [proposal.pk, other.pk], "reason": "",
                            "index": "0", "select_across": "0"})
    assert said(response) == [("error", NO_REASON)]  # once, not once per ticked row
    assert set(Trajectory.objects.values_list("status", flat=True)) == {"proposed"}


def test_a_rejected_proposal_keeps_its_reason_and_is_counted_as_rejected(client, proposals):
    tranche, staff, (proposal, _other) = proposals
    client.force_login(staff)
    url = reverse("admin:trajectories_matching", args=[tranche.pk])
    response = client.post(url, {"do": "reject", "selected": [proposal.pk], "reason": "Past niet bij de regio."},
                           follow=True)
    assert ("success", "1 voorstel afgewezen.") in said(response)
    assert StatusChange.objects.get(object_id=proposal.pk, target="cancelled").reason == "Past niet bij de regio."
    line = re.sub(r"<[^>]+>", "", re.search(r"<p>(<strong>.*?)</p>", response.content.decode()).group(1))
    assert line == "voorgesteld: 1 · voorstel afgewezen: 1"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_list_keeps_its_ticks_until_a_reason_is_typed(live_server, page, login_page):
    """The browser does not send 'Voorstel afwijzen' without a reason: the service's words show at the reason box,
    the ticked rows stay ticked, and with a reason the selection is rejected."""
    tranche, staff, (proposal, other) = make_proposals()
    login_page(staff.email)
    page.goto(f"{live_server.url}{reverse('admin:trajectories_trajectory_changelist')}")
    boxes = page.locator("input.action-select")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.locator("select[name=action]").select_option("reject_selected")
    page.get_by_role("button", name="Uitvoeren").click()
    expect(page.get_by_role("alert").filter(has_text=NO_REASON)).to_be_visible()
    assert page.url.endswith(reverse("admin:trajectories_trajectory_changelist"))
    assert boxes.nth(0).is_checked() and boxes.nth(1).is_checked()
    expect(page.locator("input[name=reason]")).to_be_focused()
    assert set(Trajectory.objects.values_list("status", flat=True)) == {"proposed"}
    page.locator("input[name=reason]").fill("Past niet bij de regio.")
    expect(page.get_by_role("alert").filter(has_text=NO_REASON)).to_be_hidden()
    page.get_by_role("button", name="Uitvoeren").click()
    expect(page.get_by_text("2 voorstellen afgewezen.")).to_be_visible()
    assert set(Trajectory.objects.filter(pk__in=[proposal.pk, other.pk]).values_list("status", flat=True)) \
        == {"cancelled"}


def test_the_action_bar_names_the_actions_that_need_a_reason_in_the_services_words(client, proposals):
    _tranche, staff, _made = proposals
    client.force_login(staff)
    html = client.get(reverse("admin:trajectories_trajectory_changelist")).content.decode()
    needed = re.search(r'data-needed-by="([^"]*)"', html).group(1)
    assert json.loads(html_module.unescape(needed)) == {
        "reject_selected": NO_REASON,
        "end_selected": str(service.END_NEEDS_REASON),
    }
    assert "js/admin/reason_action.js" in html
