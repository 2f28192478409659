"""Which practices the catalogue shows: unpublished ones and those of a switched-off ambassador school are neither
public nor choosable, and a practice's address never takes one of the catalogue's own paths."""

import pytest
from django.test import Client
from django.urls import reverse

from ambassadors.models import GoodPractice
from ambassadors.services import unique_slug
from lobmatch.models import Role
from partners.selectors import choosable_practices
from tests.factories import AmbassadorSchoolFactory, GoodPracticeFactory, TrancheFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("ambassadors:practice_list")


def titles(response):
    return [p.title for p in response.context["page"]]


def test_unpublished_practices_are_invisible_to_the_public_and_other_ambassadors(client):
    draft = GoodPracticeFactory(status=GoodPractice.Status.DRAFT, title="Geheim concept")
    assert "Geheim concept" not in titles(client.get(LIST))
    assert client.get(draft.get_absolute_url()).status_code == 404
    other = UserFactory(roles=[Role.AMBASSADOR])
    AmbassadorSchoolFactory().contacts.add(other)
    client.force_login(other)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("ambassadors:practice_edit", args=[draft.slug])).status_code == 404


def test_a_deactivated_ambassador_schools_practice_is_neither_public_nor_choosable():
    TrancheFactory()
    practice = GoodPracticeFactory(title="Loopbaandossier")
    assert practice.pk in {choice.pk for choice in choosable_practices()}
    practice.ambassador.active = False
    practice.ambassador.save()
    assert practice.pk not in {choice.pk for choice in choosable_practices()}
    assert "Loopbaandossier" not in Client().get("/good-practices/").content.decode()
    assert Client().get(reverse("ambassadors:practice_detail", args=[practice.slug])).status_code == 404


@pytest.mark.parametrize("title", ["Nieuw", "Mijn", "School", "Materiaal"])
def test_a_title_never_takes_a_path_of_the_catalogue(title):
    slug = unique_slug(title)
    assert slug != title.lower() and slug.startswith(title.lower())
