"""A yes/no column in an admin list says "ja" or "nee". Django's own icons for such a column carry the alternative text
True/False in English whatever the language, so a screen reader said "True" in a Dutch list."""

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from tests.factories import UserFactory


def yes_no_icon_columns():
    for model, model_admin in admin.site._registry.items():
        for column in model_admin.list_display:
            if callable(column):
                shown_as_icon = getattr(column, "boolean", False)
            elif hasattr(model_admin, column):
                shown_as_icon = getattr(getattr(model_admin, column), "boolean", False)
            else:
                try:
                    shown_as_icon = isinstance(model._meta.get_field(column), models.BooleanField)
                except Exception:  # a model method or property: the admin shows its text
                    shown_as_icon = getattr(getattr(model, column, None), "boolean", False)
            if shown_as_icon:
                yield f"{model._meta.label}: {getattr(column, '__name__', column)}"


def test_no_admin_list_shows_a_yes_no_value_as_an_icon():
    assert list(yes_no_icon_columns()) == []


@pytest.mark.django_db
def test_the_users_list_says_ja_and_nee(client):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    UserFactory(is_active=False)
    client.force_login(superuser)
    page = client.get(reverse("admin:lobmatch_user_changelist")).content.decode()
    assert '<td class="field-is_active">nee</td>' in page and '<td class="field-is_active">ja</td>' in page
    assert '<td class="field-is_staff">ja</td>' in page
    assert "icon-yes.svg" not in page and 'alt="True"' not in page
