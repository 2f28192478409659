"""The catalogue search finds Dutch word forms ("stages" finds "stage", "mentoren" finds "mentor") and the compounds a
word begins ("loopbaan" finds "loopbaandossier"), the same on the embedded SQLite default (`make run`) as on
PostgreSQL."""

import pytest
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.urls import reverse

from ambassadors import selectors
from ambassadors.models import AmbassadorSchool, GoodPractice
from lobmatch.models import Province, School
from lobmatch.textsearch import query_terms, stemmed_text, word_stems
from tests.factories import GoodPracticeFactory

pytestmark = pytest.mark.django_db

NEUTRAL = {"summary": "Een aanpak voor de hele school.", "description": "Zo werkt het.", "principles": "",
           "tips": "", "region": ""}
PRACTICES = {
    "Snuffelstage": "Elke leerling loopt een stage van een week.",
    "Stagemarkt": "Bedrijven bieden stages aan op de markt.",
    "Mentorgesprek": "De mentor voert het gesprek.",
    "Mentorenteam": "Alle mentoren werken samen.",
    "Ouderavond": "Ouders praten mee over keuzes.",
}
QUERIES = [("stage", "stages", {"Snuffelstage", "Stagemarkt"}), ("mentor", "mentoren", {"Mentorgesprek", "Mentorenteam"})]


def test_a_word_and_its_plural_share_a_stem():
    # PostgreSQL's Dutch stemmer alone gives "stag" and "stages"; the newer Snowball one "mentor" and "mentoor".
    for one, other in [("stage", "stages"), ("mentor", "mentoren"), ("leerling", "leerlingen"), ("ouder", "ouders"),
                       ("school", "scholen"), ("gesprek", "gesprekken")]:
        assert word_stems(one) & word_stems(other), (one, other)
    assert not word_stems("stage") & word_stems("mentor")
    text = stemmed_text("Alle mentoren", "Een stage")
    assert text.startswith(" ") and text.endswith(" ") and " mentor " in text and " stage " in text
    assert [word for word, _stems in query_terms("Stages  stages MENTOREN")] == ["stages", "mentoren"]


def test_saving_a_practice_keeps_its_stemmed_text():
    practice = GoodPracticeFactory(title="Snuffelstage", **{**NEUTRAL, "summary": "Een stage van een week"})
    assert " stage " in practice.search_text and " mentor " not in practice.search_text
    practice.tips = "Vraag de mentoren"
    practice.save(update_fields=["tips"])
    practice.refresh_from_db()
    assert " mentor " in practice.search_text


def _found(qs, query):
    return set(selectors.search(qs, query).values_list("title", flat=True))


def test_postgresql_finds_the_same_practices_for_each_word_form(client):
    assert connections["default"].vendor == "postgresql"
    for title, text in PRACTICES.items():
        GoodPracticeFactory(title=title, **{**NEUTRAL, "description": text})
    for one, other, expected in QUERIES:
        assert _found(selectors.published_practices(), one) == _found(selectors.published_practices(), other) == expected
        page = client.get(reverse("ambassadors:practice_list"), {"q": other})
        assert {p.title for p in page.context["page"]} == expected


@pytest.fixture
def sqlite_alias():
    """The embedded default's database: an in-memory SQLite with the catalogue's tables."""
    alias = "catalogue-sqlite"
    settings_dict = {**connections["default"].settings_dict, "ENGINE": "django.db.backends.sqlite3",
                     "NAME": ":memory:", "OPTIONS": {}, "CONN_HEALTH_CHECKS": False}
    connection = DatabaseWrapper(settings_dict, alias=alias)
    connections[alias] = connection
    with connection.schema_editor() as editor:
        for model in (School, AmbassadorSchool, GoodPractice):
            editor.create_model(model)
    yield alias
    connection.close()
    del connections[alias]


def test_sqlite_finds_the_same_practices_for_each_word_form(sqlite_alias):
    school = School.objects.using(sqlite_alias).create(brin="00AA", name="Het Baken", city="Utrecht",
                                                       province=Province.UTRECHT)
    ambassador = AmbassadorSchool.objects.using(sqlite_alias).create(school=school)
    practices = []
    for n, (title, text) in enumerate(PRACTICES.items()):
        practice = GoodPractice(ambassador=ambassador, title=title, slug=f"p{n}", province=Province.UTRECHT,
                                contact_name="A", contact_email="a@example.org",
                                status=GoodPractice.Status.PUBLISHED, **{**NEUTRAL, "description": text})
        practice.search_text = practice.build_search_text()  # what save() keeps (bulk_create skips save)
        practices.append(practice)
    GoodPractice.objects.using(sqlite_alias).bulk_create(practices)
    qs = selectors.published_practices().using(sqlite_alias)
    assert connections[qs.db].vendor == "sqlite"
    for one, other, expected in QUERIES:
        assert _found(qs, one) == _found(qs, other) == expected
    assert _found(qs, "ouder") == {"Ouderavond"}
    assert _found(qs, "baken") == set(PRACTICES)  # the school's name as typed
    assert _found(qs, "stages mentor") == set()  # every word must match
    assert _found(qs, "utrecht") == set(PRACTICES)  # the school's place
    assert _found(qs, "snuffel") == {"Snuffelstage"}  # the start of a compound
    assert _found(qs, "ave") == set()  # too short to stand for the start of a word ("Ouderavond" has no "ave")


def test_a_word_finds_the_compounds_it_begins_and_the_schools_place(client):
    GoodPracticeFactory(title="Loopbaandossier", **NEUTRAL)
    GoodPracticeFactory(title="Loopbaanbarometer", **NEUTRAL)
    GoodPracticeFactory(title="Beroepenroute", **NEUTRAL)
    found = {p.title for p in client.get(reverse("ambassadors:practice_list"), {"q": "loopbaan"}).context["page"]}
    assert found == {"Loopbaandossier", "Loopbaanbarometer"}
    route = GoodPracticeFactory(title="Gastlessen", **NEUTRAL)
    route.ambassador.school.city = "Leeuwarden"
    route.ambassador.school.save()
    found = {p.title for p in client.get(reverse("ambassadors:practice_list"), {"q": "leeuwarden"}).context["page"]}
    assert found == {"Gastlessen"}
