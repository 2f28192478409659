"""A published good practice is on the catalogue: staff take it back to draft before it can go. The admin applies
the rule of the ambassador's own page (services.deletion_problem), on the change page and in the list."""

import pytest
from django.urls import reverse

from ambassadors.models import GoodPractice
from lobmatch.models import Role
from tests.factories import GoodPracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(roles=[Role.STAFF])
    client.force_login(user)
    return user


def test_staff_cannot_delete_a_published_practice_in_the_admin(client, staff):
    published = GoodPracticeFactory(status=GoodPractice.Status.PUBLISHED)
    delete = reverse("admin:ambassadors_goodpractice_delete", args=[published.pk])
    assert delete not in client.get(reverse("admin:ambassadors_goodpractice_change", args=[published.pk])).content.decode()
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:ambassadors_goodpractice_changelist")
    assert 'value="delete_selected"' not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"})
    assert GoodPractice.objects.filter(pk=published.pk, status=GoodPractice.Status.PUBLISHED).exists()


def test_staff_can_delete_a_draft_practice_in_the_admin(client, staff):
    draft = GoodPracticeFactory(status=GoodPractice.Status.DRAFT)
    assert client.post(reverse("admin:ambassadors_goodpractice_delete", args=[draft.pk]), {"post": "yes"}).status_code == 302
    assert not GoodPractice.objects.filter(pk=draft.pk).exists()
