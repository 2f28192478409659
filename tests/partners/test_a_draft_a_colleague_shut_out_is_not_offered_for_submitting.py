"""Per school one application counts. Once a colleague submitted one, the school contact's own draft for that school
can no longer be submitted: the pages that list their applications say so in the form's words, instead of
"indienen tot …", and cost the same queries however many drafts they list."""

import pytest
from django.urls import reverse

from lobmatch.models import Role
from partners import selectors
from tests.factories import PartnerApplicationFactory, SchoolFactory, TrancheFactory, UserFactory

pytestmark = pytest.mark.django_db
SHUT_OUT = ("Voor deze school is in deze tranche al een aanmelding ingediend, vanuit een ander account. Per school "
            "telt één aanmelding, dus deze kunt u niet meer indienen.")


@pytest.fixture
def contact(client):
    user = UserFactory(roles=[Role.SCHOOL_CONTACT])
    client.force_login(user)
    return user


def drafts_shut_out(contact, tranche, n):
    """``n`` drafts of ``contact``, each for a school a colleague (another account) has submitted for."""
    drafts = []
    for i in range(n):
        school = SchoolFactory(name=f"Dichte School {i}")
        drafts.append(PartnerApplicationFactory(tranche=tranche, school=school, created_by=contact))
        PartnerApplicationFactory(tranche=tranche, school=school, status="submitted")
    return drafts


def test_the_start_page_says_a_colleague_submitted_instead_of_inviting_to_submit(client, contact):
    tranche = TrancheFactory()
    [shut_out] = drafts_shut_out(contact, tranche, 1)
    open_school = SchoolFactory(name="Open School")
    PartnerApplicationFactory(tranche=tranche, school=open_school, created_by=contact)
    PartnerApplicationFactory(tranche=tranche, school=open_school)  # a colleague's draft does not shut it out
    page = client.get(reverse("start")).content.decode()
    shut, open_ = page.split("Dichte School 0")[1].split("</li>")[0], page.split("Open School")[1].split("</li>")[0]
    assert SHUT_OUT in shut and "Overleg met uw collega's" in shut and "indienen tot" not in shut
    assert "indienen tot" in open_ and SHUT_OUT not in open_
    # the form itself says it in the same words, and adds that what is typed there is kept
    edit = client.get(reverse("partners:edit", args=[shut_out.pk])).content.decode()
    assert SHUT_OUT + " Wat u hier invult, blijft als concept bewaard." in edit


def test_the_list_of_applications_says_it_too(client, contact):
    drafts_shut_out(contact, TrancheFactory(), 1)
    page = client.get(reverse("partners:my_applications")).content.decode()
    assert SHUT_OUT in page


def test_a_withdrawn_colleague_application_shuts_nothing_out(client, contact):
    tranche = TrancheFactory()
    school = SchoolFactory()
    draft = PartnerApplicationFactory(tranche=tranche, school=school, created_by=contact)
    PartnerApplicationFactory(tranche=tranche, school=school, status="withdrawn")
    PartnerApplicationFactory(school=school, status="submitted")  # another tranche
    assert selectors.colleagues_applications([draft]) == {}
    page = client.get(reverse("start")).content.decode()
    assert SHUT_OUT not in page and "indienen tot" in page


@pytest.mark.parametrize("n", [1, 8])
def test_the_start_page_costs_the_same_queries_whatever_it_lists(client, contact, django_assert_num_queries, n):
    drafts_shut_out(contact, TrancheFactory(), n)
    client.get(reverse("start"))
    with django_assert_num_queries(START_QUERIES):
        page = client.get(reverse("start")).content.decode()
    assert page.count(SHUT_OUT) == n


START_QUERIES = 7  # session, user, roles; the applications; their colleagues' statuses; the trajectory panel (2)
