"""The superuser grants and finds roles by their names in words, not by the groups' code names."""

import re

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_role_checkboxes_say_each_role_in_words(admin_client):
    person = UserFactory(roles=[Role.ADVISER])
    response = admin_client.get(reverse("admin:lobmatch_user_change", args=[person.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    labels = re.findall(r'name="groups"[^>]*>\s*([^<]+?)</label>', body)
    assert sorted(labels) == sorted(str(role.label) for role in Role)


def test_the_role_filter_lists_only_people_with_that_role(admin_client):
    adviser = UserFactory(roles=[Role.ADVISER])
    UserFactory(roles=[Role.SCHOOL_CONTACT])
    response = admin_client.get(reverse("admin:lobmatch_user_changelist"), {"rol": Role.ADVISER})
    assert response.status_code == 200
    assert [user.pk for user in response.context["cl"].result_list] == [adviser.pk]
    assert str(Role.ADVISER.label) in response.content.decode()
