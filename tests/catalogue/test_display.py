"""The catalogue says each place once, offers only filters that find something, and folds the filter groups."""

import pytest
from django.urls import reverse

from lobmatch.models import Province
from tests.factories import AmbassadorSchoolFactory, GoodPracticeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("ambassadors:practice_list")


def test_a_place_or_region_named_like_its_province_is_said_once(client):
    in_utrecht = AmbassadorSchoolFactory(school__city="Utrecht", school__province=Province.UTRECHT)
    in_houten = AmbassadorSchoolFactory(school__city="Houten", school__province=Province.UTRECHT)
    zeeland = GoodPracticeFactory(ambassador=in_utrecht, title="Zeeuws", region="Zeeland", province=Province.ZEELAND)
    GoodPracticeFactory(ambassador=in_houten, title="Houtens", region="Kromme Rijn", province=Province.UTRECHT)
    body = client.get(LIST).content.decode()
    assert "Utrecht · Utrecht" not in body and "Utrecht (Utrecht)" not in body
    assert "Houten (Utrecht)" in body
    detail = client.get(zeeland.get_absolute_url()).content.decode()
    assert "Zeeland (Zeeland)" not in detail and "<dd>Zeeland</dd>" in detail
    assert GoodPracticeFactory.build(region="Kromme Rijn", province=Province.UTRECHT).region_label == \
        "Kromme Rijn (Utrecht)"


def test_filters_offer_only_what_the_result_has_and_keep_the_chosen_ones(client):
    GoodPracticeFactory(title="A", province=Province.UTRECHT, theme_slugs=["beleid"])
    body = client.get(LIST).content.decode()
    assert 'id="province-UT"' in body and 'id="province-DR"' not in body  # no "Drenthe (0)"
    assert body.count('<details class="lob-facet') == 3 and "<details class=\"lob-facet mb-2\" open>" not in body
    # A submit button above the groups as well as below them.
    assert body.index(">Zoeken</button>") < body.index("<details") < body.index(">Toon resultaten</button>")
    body = client.get(LIST, {"province": "DR"}).content.decode()
    # A chosen filter without results stays offered (to untick it) and opens its group.
    assert 'id="province-DR" checked' in body and '<details class="lob-facet mb-2" open>' in body


def test_theme_labels_are_body_size_not_tiny_badges(client):
    GoodPracticeFactory(theme_slugs=["beleid"])
    body = client.get(LIST).content.decode()
    assert '<span class="lob-theme">Beleid</span>' in body and "badge text-bg-light" not in body
