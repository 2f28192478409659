"""The trajectory's page in the admin shows the parts of its score in the matching page's words, with their
points (not the JSON of ``score_details`` with its English keys), offers no save button where no field can be
edited, and leads back to the matching page of the trajectory's tranche."""

import re

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import TrajectoryFactory, UserFactory
from trajectories.services import matching as service

pytestmark = pytest.mark.django_db

DETAILS = {"rank": 1000, "school_types": 20, "province_ambassador": 0, "province_adviser": 30, "expertise": 50,
           "choice": 1}


@pytest.fixture
def trajectory_page(client):
    trajectory = TrajectoryFactory(score=1100, score_details=DETAILS)
    client.force_login(UserFactory(roles=[Role.STAFF]))
    return trajectory, reverse("admin:trajectories_trajectory_change", args=[trajectory.pk])


def cells(html: str) -> list[tuple[str, str]]:
    table = re.search(r'<table class="score-parts">(.*?)</table>', html, re.S).group(1)
    return re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', table)


def test_the_score_is_a_table_of_its_parts_in_words(client, trajectory_page):
    _trajectory, url = trajectory_page
    html = client.get(url).content.decode()
    assert cells(html) == [("Keuze 1 van de school", "1000"), ("Dezelfde schoolsoort", "20"),
                           ("Ambassadeursschool in dezelfde provincie", "0"), ("Adviseur uit de regio", "30"),
                           ("Adviseur kent de gekozen LOB-thema&#x27;s", "50"), ("Totaal", "1100")]
    assert "school_types" not in html and "&quot;rank&quot;" not in html


def test_the_parts_use_the_words_of_the_matching_page():
    words = [w for w, _points in service.score_parts({"choice": 2, "rank": 100, "expertise": 50})]
    assert words[0] == "Keuze 2 van de school"
    assert [points for _w, points in service.score_parts({"choice": 2, "rank": 100, "expertise": 50})] == [100, 0, 0, 0, 50]
    assert service.score_parts({})[0] == ("Geen keuze van de school", 0)


def test_the_page_offers_no_save_and_leads_back_to_matching(client, trajectory_page):
    trajectory, url = trajectory_page
    html = client.get(url).content.decode()
    assert 'name="_save"' not in html and 'name="_addanother"' not in html and 'name="_continue"' not in html
    assert reverse("admin:trajectories_matching", args=[trajectory.tranche_id]) in html
    before = trajectory.explanation
    assert client.post(url, {"explanation": "met de hand"}).status_code == 403
    trajectory.refresh_from_db()
    assert trajectory.explanation == before
