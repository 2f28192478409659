"""The project leader's phone number is what the adviser and the programme office call (the trajectory page links
it as tel:): words or half a number are refused with a message that says what to type, on the school's form and on
staff's correction alike, and everything typed stays on the form."""

import pytest
from django.urls import reverse

from partners import services
from partners.models import PartnerApplication
from tests.factories import GoodPracticeFactory, PartnerApplicationFactory, TrancheFactory
from tests.partners.helpers import complete_draft, form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", ["06-12345678", "0612345678", "013 123 45 67", "+31 6 1234 5678",
                                    "+31 (0)6 12345678", "0032 2 123 45 67", ""])
def test_numbers_as_people_write_them_are_accepted(number):
    assert services.phone_problem(number) == ""


@pytest.mark.parametrize("number", ["bel mij maar", "06-1234", "06-12345678 (na 15u)", "0612345678901234567",
                                    "o6-12345678"])
def test_words_and_half_numbers_are_refused(number):
    assert "Dit telefoonnummer klopt niet." in services.phone_problem(number)


def test_the_form_refuses_a_bad_number_and_keeps_what_was_typed(client):
    draft = PartnerApplicationFactory(tranche=TrancheFactory())
    client.force_login(draft.created_by)
    data = form_data([GoodPracticeFactory()], action="draft", project_leader_phone="bel mij maar",
                     motivation="Onze eigen woorden.")
    response = client.post(reverse("partners:edit", args=[draft.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "Dit telefoonnummer klopt niet." in form.errors["project_leader_phone"][0]
    assert form["project_leader_phone"].value() == "bel mij maar"
    assert form["motivation"].value() == "Onze eigen woorden."
    draft.refresh_from_db()
    assert draft.project_leader_phone != "bel mij maar"
    # typed right, it is saved
    data["project_leader_phone"] = " 06-12345678 "
    assert client.post(reverse("partners:edit", args=[draft.pk]), data).status_code == 302
    draft.refresh_from_db()
    assert draft.project_leader_phone == "06-12345678"


def test_staff_cannot_correct_the_number_into_words():
    app = complete_draft(practices=[GoodPracticeFactory()], motivation="Leren.")
    services.submit(app, by=app.created_by)
    app = PartnerApplication.objects.get(pk=app.pk)
    with pytest.raises(services.ApplicationError, match="Dit telefoonnummer klopt niet."):
        services.correct_contacts(app, {"project_leader_phone": "bel de decaan"}, by=app.created_by)
