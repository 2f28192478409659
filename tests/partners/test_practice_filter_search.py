"""The applications list filters on a chosen good practice by typing part of its title: no link per practice on
every render (300 practices were 300 links), the other filters kept, the queries the same however many practices."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lobmatch.models import Role
from tests.factories import (
    GoodPracticeFactory,
    PartnerApplicationFactory,
    PreferenceFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
LIST = "/admin/partners/partnerapplication/"


def chose(name, *practices, status="submitted"):
    app = PartnerApplicationFactory(school=SchoolFactory(name=name), status=status)
    for rank, practice in enumerate(practices, start=1):
        PreferenceFactory(application=app, practice=practice, rank=rank)
    return app


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(roles=[Role.STAFF]))


def names(response):
    return sorted(app.school.name for app in response.context["cl"].result_list)


def test_typing_part_of_a_title_lists_the_schools_that_chose_it_at_any_rank(client, staff):
    loopbaan = GoodPracticeFactory(title="Loopbaandossier in de onderbouw")
    ouders = GoodPracticeFactory(title="Ouderavond over profielkeuze")
    chose("Eerste keuze", loopbaan, ouders)
    chose("Tweede keuze", ouders, loopbaan)
    chose("Andere keuze", ouders)
    assert names(client.get(LIST, {"gekozen": "loopbaanDOSSIER"})) == ["Eerste keuze", "Tweede keuze"]
    assert names(client.get(LIST, {"gekozen": "profielkeuze"})) == ["Andere keuze", "Eerste keuze", "Tweede keuze"]
    assert names(client.get(LIST, {"gekozen": "bestaat niet"})) == []


def test_the_other_filters_stay_when_searching_and_the_search_can_be_cleared(client, staff):
    practice = GoodPracticeFactory(title="Loopbaandossier")
    chose("Ingediend", practice)
    chose("Ingetrokken", practice, status="withdrawn")
    response = client.get(LIST, {"status__exact": "submitted", "gekozen": "loopbaan"})
    assert names(response) == ["Ingediend"]
    html = response.content.decode()
    assert '<input type="hidden" name="status__exact" value="submitted">' in html
    assert 'name="gekozen" value="loopbaan"' in html and '<label for="practice-filter-q">' in html
    assert 'href="?status__exact=submitted">Alle good practices' in html


def test_no_link_per_practice_and_the_same_queries_for_one_or_many_practices(client, staff):
    chose("School 0", GoodPracticeFactory(title="Practice 0"))
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for i in range(1, 40):
        chose(f"School {i}", GoodPracticeFactory(title=f"Practice {i}"))
    with CaptureQueriesContext(connection) as many:
        html = client.get(LIST).content.decode()
    assert len(many) == len(few)
    assert "Practice 12" not in html  # the titles are not listed: they are searched
