"""Per school one application counts: the first submitted. A draft does not: any account could start a draft with
another school's code, and the school's own contact then met "Voor deze school is er al een aanmelding" and could not
apply at all. Colleagues with a draft each are told, without saying whose the other is."""

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.urls import reverse

from partners import services
from partners.models import PartnerApplication
from tests.factories import GoodPracticeFactory, PartnerApplicationFactory, SchoolFactory, TrancheFactory, UserFactory
from tests.partners.helpers import form_data

pytestmark = pytest.mark.django_db
START = reverse("partners:start")


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_another_accounts_draft_leaves_the_school_free_to_apply(client):
    tranche, school = TrancheFactory(), SchoolFactory()
    practice = GoodPracticeFactory()
    stranger = UserFactory(email="mallory@evil.example")
    client.force_login(stranger)
    assert client.post(START, form_data([practice], school=school, action="draft")).status_code == 302
    theirs = PartnerApplication.objects.get(created_by=stranger)
    assert theirs.school == school and theirs.status == "draft"

    contact = UserFactory(email="decaan@school.example")
    client.force_login(contact)
    saved = client.post(START, form_data([practice], school=school, action="draft", motivation="Onze eigen tekst"),
                        follow=True)
    page = saved.content.decode()
    assert "Uw concept is opgeslagen" in said(saved)  # saved, not refused
    assert "ook een concept-aanmelding klaar in een ander account" in page and "mallory" not in page
    own = PartnerApplication.objects.get(created_by=contact)
    submitted = client.post(reverse("partners:edit", args=[own.pk]),
                            form_data([practice], school=school, existing=list(own.members.order_by("order")),
                                      motivation="Onze eigen tekst"))
    assert submitted.status_code == 302
    own.refresh_from_db()
    assert own.status == "submitted" and own.tranche == tranche
    # the first submitted counts: the other draft can no longer be submitted; it is still saved, and says why
    with pytest.raises(services.ApplicationError, match="al een aanmelding"):
        services.submit(theirs, by=stranger)
    client.force_login(stranger)
    edit = reverse("partners:edit", args=[theirs.pk])
    assert "al een aanmelding ingediend, vanuit een ander account" in client.get(edit).content.decode()
    kept = client.post(edit, form_data([practice], school=school, existing=list(theirs.members.order_by("order")),
                                       action="draft", motivation="Nog meer typen"), follow=True)
    assert "Uw concept is opgeslagen" in said(kept)
    theirs.refresh_from_db()
    assert theirs.motivation == "Nog meer typen" and theirs.status == "draft"  # nothing typed is lost


def test_the_database_keeps_one_counting_application_per_school():
    tranche, school = TrancheFactory(), SchoolFactory()
    PartnerApplicationFactory(tranche=tranche, school=school, status="draft")
    PartnerApplicationFactory(tranche=tranche, school=school, status="draft")  # two drafts: allowed
    PartnerApplicationFactory(tranche=tranche, school=school, status="submitted")
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerApplicationFactory(tranche=tranche, school=school, status="under_review")
