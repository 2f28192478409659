"""A working-group member's email that is wrong or already used gets that message only: the field is filled, so it
is not also told to fill it in (which doubled the entry in the error summary too). An empty one is told to."""

import pytest
from django.urls import reverse

from tests.factories import GoodPracticeFactory, SchoolFactory, TrancheFactory, UserFactory
from tests.partners.helpers import form_data

pytestmark = pytest.mark.django_db
START = reverse("partners:start")
FILL_IN = "Vul het e-mailadres in; de werkgroep krijgt de uitnodigingen."


@pytest.mark.parametrize(("email", "message"), [
    ("lid1@example.org", "Dit e-mailadres staat al bij een ander werkgroeplid."),  # member 1's address
    ("lid2@", "Voer een geldig e-mailadres in."),
    ("", FILL_IN),
])
def test_each_member_email_problem_gets_its_own_message_once(client, email, message):
    TrancheFactory()
    client.force_login(UserFactory())
    response = client.post(START, form_data([GoodPracticeFactory()], school=SchoolFactory(),
                                            **{"members-2-email": email}), follow=True)
    formset = response.context["formset"]
    assert formset.forms[2].errors["email"] == [message]
    assert response.content.decode().count(FILL_IN) == (2 if email == "" else 0)  # field and summary
