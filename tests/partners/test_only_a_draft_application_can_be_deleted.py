"""An application the school submitted stays: staff reject it or withdraw it for the school, with a reason the
school is told. Only a draft can be deleted, by the same service rule on the admin page, the delete URL and the
list's actions."""

import pytest
from django.urls import reverse

from lobmatch.models import Role
from partners import services
from partners.models import PartnerApplication
from tests.factories import GoodPracticeFactory, UserFactory
from tests.partners.helpers import complete_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(roles=[Role.STAFF])
    client.force_login(user)
    return user


@pytest.fixture
def submitted():
    app = complete_draft(practices=[GoodPracticeFactory()])
    services.submit(app, by=app.created_by)
    return PartnerApplication.objects.get(pk=app.pk)


def test_staff_cannot_delete_a_submitted_application(client, staff, submitted):
    page = client.get(reverse("admin:partners_partnerapplication_change", args=[submitted.pk])).content.decode()
    assert reverse("admin:partners_partnerapplication_delete", args=[submitted.pk]) not in page
    response = client.post(reverse("admin:partners_partnerapplication_delete", args=[submitted.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert PartnerApplication.objects.filter(pk=submitted.pk, status=PartnerApplication.Status.SUBMITTED).exists()
    assert submitted.members.count() == 5 and submitted.preferences.count() == 1


def test_the_list_offers_no_bulk_delete_that_would_take_submitted_applications(client, staff, submitted):
    changelist = reverse("admin:partners_partnerapplication_changelist")
    assert 'value="delete_selected"' not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "delete_selected", "_selected_action": [submitted.pk], "post": "yes"})
    assert PartnerApplication.objects.filter(pk=submitted.pk).exists()


def test_the_service_refuses_to_delete_a_submitted_application_and_says_what_to_do(submitted, staff):
    with pytest.raises(services.ApplicationError, match="wijs haar af of trek haar in"):
        services.delete_draft(submitted, by=staff)
    assert PartnerApplication.objects.filter(pk=submitted.pk).exists()


def test_staff_can_still_delete_a_draft(client, staff):
    draft = complete_draft(practices=[GoodPracticeFactory()])
    url = reverse("admin:partners_partnerapplication_delete", args=[draft.pk])
    assert url in client.get(reverse("admin:partners_partnerapplication_change", args=[draft.pk])).content.decode()
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not PartnerApplication.objects.filter(pk=draft.pk).exists()
