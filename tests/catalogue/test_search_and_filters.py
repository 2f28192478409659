"""Searching and filtering the public catalogue of good practices: words in any field and the school's name, filters
that combine (OR within a group, AND across groups) with counts of what ticking a value shows, bad filter values
ignored, Dutch stems, constant queries."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import GoodPracticeFactory, TrancheFactory

pytestmark = pytest.mark.django_db

LIST = reverse("ambassadors:practice_list")


def titles(response):
    return [p.title for p in response.context["page"]]


def test_search_finds_a_practice_by_a_word_in_its_tips(client):
    GoodPracticeFactory(title="Loopbaandossier", tips="Betrek de ouderraad bij elke stap")
    GoodPracticeFactory(title="Beroepenroute", tips="Werf bedrijven via de ondernemersvereniging")
    assert titles(client.get(LIST, {"q": "ondernemersvereniging"})) == ["Beroepenroute"]
    assert titles(client.get(LIST, {"q": "ouderraad"})) == ["Loopbaandossier"]


def test_filters_combine_and_counts_follow_the_result(client):
    GoodPracticeFactory(title="A", theme_slugs=["externe-partijen"], type_codes=["havo"], province="UT")
    GoodPracticeFactory(title="B", theme_slugs=["externe-partijen"], type_codes=["vwo"], province="UT")
    GoodPracticeFactory(title="C", theme_slugs=["beleid"], type_codes=["havo"], province="UT")
    GoodPracticeFactory(title="D", theme_slugs=["externe-partijen"], type_codes=["havo"], province="LI")
    response = client.get(LIST, {"theme": "externe-partijen", "type": "havo", "province": "UT"})
    assert titles(response) == ["A"]
    response = client.get(LIST, {"theme": "externe-partijen"})
    assert titles(response) == ["A", "B", "D"]
    facets = {facet["name"]: facet["options"] for facet in response.context["facets"]}
    counts = {value: count for value, _label, count, _checked in facets["province"]}
    assert counts["UT"] == 2 and counts["LI"] == 1
    types = {value: count for value, _label, count, _checked in facets["type"]}
    assert types["havo"] == 2 and types["vwo"] == 1
    themes = {value: count for value, _label, count, _checked in facets["theme"]}
    # within a group the values are OR: the other themes stay on offer with what ticking them shows
    assert themes == {"externe-partijen": 3, "beleid": 1}
    response = client.get(LIST, {"type": "havo"})
    themes = {value: count for value, _label, count, _checked in response.context["facets"][0]["options"]}
    assert themes["externe-partijen"] == 2 and themes["beleid"] == 1


def test_a_ticked_value_keeps_the_other_values_of_its_group_on_offer(client):
    GoodPracticeFactory(title="Fries", theme_slugs=["beleid"], type_codes=["havo"], province="FR")
    GoodPracticeFactory(title="Gronings", theme_slugs=["beleid"], type_codes=["vwo"], province="GR")
    GoodPracticeFactory(title="Limburgs", theme_slugs=["ouders-en-verzorgers"], type_codes=["havo"], province="LI")
    response = client.get(LIST, {"province": "FR"})
    assert titles(response) == ["Fries"]
    facets = {facet["name"]: {v: (n, checked) for v, _label, n, checked in facet["options"]}
              for facet in response.context["facets"]}
    assert facets["province"] == {"FR": (1, True), "GR": (1, False), "LI": (1, False)}  # Groningen can be added
    assert facets["type"] == {"havo": (1, False)}  # other groups follow the result: only Fries is havo here
    both = client.get(LIST, {"province": ["FR", "GR"], "theme": "beleid"})
    assert titles(both) == ["Fries", "Gronings"]
    facets = {facet["name"]: {v: n for v, _label, n, _checked in facet["options"]}
              for facet in both.context["facets"]}
    assert facets["theme"] == {"beleid": 2}  # "ouders" would show nothing in Friesland and Groningen
    assert facets["province"] == {"FR": 1, "GR": 1}  # Limburg has no beleid practice: not offered
    assert facets["type"] == {"havo": 1, "vwo": 1}


def test_unknown_filter_values_are_ignored_with_a_page_not_an_error(client):
    GoodPracticeFactory(title="A")
    response = client.get(LIST, {"theme": "bestaat-niet", "page": "abc"})
    assert response.status_code == 200


def test_one_bad_filter_keeps_the_search():
    TrancheFactory()
    GoodPracticeFactory(title="Ondernemersavond", summary="ondernemersvereniging")
    GoodPracticeFactory(title="Bedrijvenroute")
    body = Client().get("/good-practices/", {"q": "ondernemersavond", "theme": "bestaat-niet"}).content.decode()
    assert "Ondernemersavond" in body and "Bedrijvenroute" not in body


def test_the_ambassador_school_name_is_searchable():
    TrancheFactory()
    practice = GoodPracticeFactory(title="Reflectiegesprekken")
    practice.ambassador.school.name = "Zonnewijzer College"
    practice.ambassador.school.save()
    body = Client().get("/good-practices/", {"q": "Zonnewijzer"}).content.decode()
    assert "Reflectiegesprekken" in body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Dutch full-text search runs on PostgreSQL (CI)")
def test_dutch_search_stems_and_ranks_title_above_tips(client):
    GoodPracticeFactory(title="Gastlessen", tips="Nodig ouders uit voor een gastles over beroepen")
    GoodPracticeFactory(title="Beroepen in beeld", tips="Maak lestijd vrij")
    response = client.get(reverse("ambassadors:practice_list"), {"q": "beroep"})
    assert [p.title for p in response.context["page"]] == ["Beroepen in beeld", "Gastlessen"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Dutch full-text search runs on PostgreSQL (CI)")
def test_a_place_ranks_its_own_schools_first(client):
    GoodPracticeFactory(title="Ouderavond", ambassador__school__city="Oss",
                        summary="De mentor leidt het gesprek met ouders en leerling.")
    GoodPracticeFactory(title="Werkplekleren", ambassador__school__city="Leiden")
    response = client.get(reverse("ambassadors:practice_list"), {"q": "Leiden"})
    assert [p.title for p in response.context["page"]] == ["Werkplekleren", "Ouderavond"]


@pytest.mark.parametrize("n", [1, 50])
def test_catalogue_and_detail_run_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    practices = [GoodPracticeFactory(theme_slugs=["beleid", "externe-partijen"]) for _ in range(n)]
    with django_assert_max_num_queries(7):
        assert client.get(LIST, {"q": "loopbaandossier", "theme": "beleid"}).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(practices[-1].get_absolute_url()).status_code == 200


def test_a_search_without_results_says_so_and_offers_no_filter_values(client):
    GoodPracticeFactory(title="Loopbaandossier", theme_slugs=["beleid"])
    response = client.get(LIST, {"q": "zzzonbekend"})
    assert response.status_code == 200 and titles(response) == []
    assert all(facet["options"] == [] for facet in response.context["facets"])
    assert "Geen good practices gevonden" in response.content.decode()


def test_filters_that_leave_nothing_offer_the_words_alone(client):
    """No dead end: what the words find without the ticked filters is one link away, the words kept."""
    GoodPracticeFactory(title="Loopbaandossier in Utrecht", province="UT", type_codes=["havo"])
    GoodPracticeFactory(title="Loopbaandossier in Limburg", province="LI", type_codes=["havo"])
    response = client.get(LIST, {"q": "loopbaandossier", "province": "ZH", "type": "havo"})
    assert titles(response) == []
    page = response.content.decode()
    assert f'href="{LIST}?q=loopbaandossier">Toon de 2 good practices zonder filters</a>' in page
    response = client.get(LIST, {"q": "stagecarrousel", "province": "UT"})
    assert "zonder filters" not in response.content.decode()  # the words alone find nothing either
