"""The matching page's buttons say what they did: nothing ticked changes nothing and says so (it used to say "0
trajecten gepubliceerd" in green), ticked rows a button does not apply to are counted as skipped, and publishing,
which mails every pair, asks first."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import AdviserFactory, GoodPracticeFactory, UserFactory
from tests.matching.test_services import applicant, closed_tranche
from trajectories.models import Trajectory
from trajectories.services import matching as service

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client):
    tranche = closed_tranche()
    practice, adviser, staff = GoodPracticeFactory(), AdviserFactory(), UserFactory(roles=[Role.STAFF])
    proposals = [service.propose(applicant(tranche, practice), practice_id=practice.pk, adviser_id=adviser.pk,
                                 by=staff) for _ in range(2)]
    service.confirm(proposals[0], by=staff)
    client.force_login(staff)
    return reverse("admin:trajectories_matching", args=[tranche.pk]), proposals


def said(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("action", ["confirm", "publish", "reject"])
def test_nothing_ticked_changes_nothing_and_says_so(client, page, action):
    url, _proposals = page
    response = client.post(url, {"do": action})
    assert said(response) == [("warning", "U hebt niets aangevinkt; er is niets gewijzigd.")]


def test_publishing_a_mixed_selection_names_what_it_skipped(client, page):
    url, (confirmed, proposed) = page
    response = client.post(url, {"do": "publish", "selected": [confirmed.pk, proposed.pk]})
    assert said(response) == [
        ("success", "1 traject gepubliceerd; het koppel is gemaild."),
        ("warning", "1 aangevinkte regel is overgeslagen. Alleen bevestigde voorstellen worden gepubliceerd.")]
    assert Trajectory.objects.get(pk=proposed.pk).status == "proposed"


def test_publishing_asks_first(client, page):
    url, _proposals = page
    html = client.get(url).content.decode()
    assert 'value="publish"' in html and "data-confirm=\"De aangevinkte bevestigde koppels publiceren?" in html
    assert "js/lobmatch.js" in html  # the script that asks


def test_a_new_round_asks_first_and_says_what_it_replaced(client):
    """Running auto-match again replaced a proposal staff had changed by hand, with only '9 voorstellen gemaakt'."""
    tranche = closed_tranche(ambassador_capacity=2)
    practice = GoodPracticeFactory()
    AdviserFactory()
    applicant(tranche, practice)
    staff = UserFactory(roles=[Role.STAFF])
    client.force_login(staff)
    url = reverse("admin:trajectories_matching", args=[tranche.pk])
    assert "data-confirm" not in client.get(url).content.decode().split('value="auto"')[1].split(">")[0]
    client.post(url, {"do": "auto"})
    button = client.get(url).content.decode().split('value="auto"')[1].split(">")[0]
    assert 'data-confirm="Een nieuw koppelvoorstel vervangt het voorstel dat er nu staat' in button
    said = [str(m) for m in client.post(url, {"do": "auto"}, follow=True).context["messages"]]
    assert "1 eerder voorstel is vervangen (ook als het met de hand was gewijzigd)." in said


def test_each_school_on_the_matching_page_opens_its_application(client):
    """Staff could not read an application from the matching page: the names were plain text."""
    tranche = closed_tranche(ambassador_capacity=2)
    practice = GoodPracticeFactory()
    AdviserFactory()
    proposed, waiting = applicant(tranche, practice), applicant(tranche, GoodPracticeFactory())
    staff = UserFactory(roles=[Role.STAFF])
    service.propose(proposed, practice_id=practice.pk, adviser_id=service.Adviser.objects.first().pk, by=staff)
    client.force_login(staff)
    html = client.get(reverse("admin:trajectories_matching", args=[tranche.pk])).content.decode()
    for application in (proposed, waiting):
        link = reverse("admin:partners_partnerapplication_change", args=[application.pk])
        assert f'<a href="{link}">{application.school.name}</a>' in html
