"""A school that withdrew and applies again starts from what its withdrawn application said, not from an empty
form: the answers, the choices and the working group come back (as new rows), the commitments are made again, and
nothing is saved until the school saves."""

import pytest
from django.urls import reverse

from partners.models import PartnerApplication, WorkingGroupMember
from tests.factories import GoodPracticeFactory, PartnerApplicationFactory, SchoolFactory, TrancheFactory, UserFactory
from tests.partners.helpers import form_data

pytestmark = pytest.mark.django_db
START = reverse("partners:start")


@pytest.fixture
def contact(client):
    user = UserFactory(email="decaan@school.example")
    client.force_login(user)
    return user


def test_the_withdrawn_application_fills_the_new_one(client, contact):
    tranche = TrancheFactory()
    school, practices = SchoolFactory(), [GoodPracticeFactory(title=f"Route {i}") for i in (1, 2)]
    client.post(START, form_data(practices, school=school, motivation="Wij willen leren van de buren."))
    old = PartnerApplication.objects.get(school=school)
    assert old.status == "submitted" and old.tranche == tranche
    client.post(reverse("partners:withdraw", args=[old.pk]), {"reason": "schoolleider twijfelde"})
    old.refresh_from_db()
    assert old.status == "withdrawn"

    status = client.get(reverse("partners:status", args=[old.pk])).content.decode()
    link = f"{START}?opnieuw={old.pk}"
    assert f'href="{link}"' in status and "Opnieuw aanmelden met deze gegevens" in status

    page = client.get(link)
    body = page.content.decode()
    assert page.status_code == 200 and "ingetrokken aanmelding" in body
    assert "Wij willen leren van de buren." in body and "Lid 4" in body and "lid4@example.org" in body
    form = page.context["form"]
    assert form["choice_1"].value() == str(practices[0].pk) and form["choice_2"].value() == str(practices[1].pk)
    assert not form["commit_project_leader"].value() and not form["consent_privacy"].value()
    formset = page.context["formset"]
    assert formset.management_form["INITIAL_FORMS"].value() == "0"
    assert all(not f["id"].value() for f in formset.forms)
    assert PartnerApplication.objects.count() == 1  # nothing saved by looking

    # saved as it came back: a new draft with its own rows, the withdrawn one as it was
    data = {key: values[0] if len(values) == 1 else values for key, values in page.context["form"].data.lists()}
    data["action"] = "draft"
    assert client.post(START, data).status_code == 302
    new = PartnerApplication.objects.exclude(pk=old.pk).get()
    assert new.status == "draft" and new.school == school and new.motivation == "Wij willen leren van de buren."
    assert list(new.preferences.order_by("rank").values_list("practice", flat=True)) == [p.pk for p in practices]
    assert new.members.count() == 5 and WorkingGroupMember.objects.filter(application=old).count() == 5
    assert not new.commit_project_leader


def test_only_ones_own_withdrawn_application_is_copied(client, contact):
    TrancheFactory()
    others = PartnerApplicationFactory(status="withdrawn", motivation="Geheim van een andere school.")
    own_live = PartnerApplicationFactory(created_by=contact, status="submitted", motivation="Nog lopend.")
    for value in (others.pk, own_live.pk, "x", ""):
        body = client.get(f"{START}?opnieuw={value}").content.decode()
        assert "Geheim van een andere school." not in body and "Nog lopend." not in body
        assert "ingetrokken aanmelding" not in body
