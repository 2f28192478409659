"""With English chosen, the reference data (the twelve LOB themes, the school types) and the admin's header and
title are English too; Dutch stays the default."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from lobmatch.models import Role, SchoolType, Theme
from tests.factories import GoodPracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_theme_and_school_type_has_an_english_name():
    assert Theme.objects.count() == 12 and not Theme.objects.filter(name_en="").exists()
    assert SchoolType.objects.count() == 7 and not SchoolType.objects.filter(name_en="").exists()
    theme = Theme.objects.get(slug="ouders-en-verzorgers")
    with translation.override("en"):
        assert theme.label == str(theme) == "Parents and carers"
    with translation.override("nl"):
        assert theme.label == str(theme) == "Ouders en verzorgers"


def test_catalogue_shows_themes_and_school_types_in_the_chosen_language(client):
    practice = GoodPracticeFactory(theme_slugs=["ouders-en-verzorgers"], type_codes=["vwo"])
    dutch = client.get(reverse("ambassadors:practice_list")).content.decode()
    assert "Ouders en verzorgers" in dutch and "Parents and carers" not in dutch
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("ambassadors:practice_list")).content.decode()
    assert "Parents and carers" in english and "Ouders en verzorgers" not in english
    assert 'id="theme-ouders-en-verzorgers"' in english  # the filter's option, with the English label
    assert "Vision on and goal(s) of LOB" in client.get("/").content.decode()  # the home page lists all twelve
    assert "vwo (pre-university education)" in english
    detail = client.get(practice.get_absolute_url()).content.decode()
    assert "Parents and carers" in detail and "vwo (pre-university education)" in detail
    assert "Ouders en verzorgers" not in detail


def test_admin_header_and_title_follow_the_language(client):
    client.force_login(UserFactory(roles=[Role.STAFF]))
    dutch = client.get(reverse("admin:index")).content.decode()
    assert "LOB-match – beheer" in dutch and "Programma LOB Ambassadeurs" in dutch
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("admin:index")).content.decode()
    assert "LOB-match – administration" in english and "LOB-match – beheer" not in english
    assert "Programma LOB Ambassadeurs" not in english
