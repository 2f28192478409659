"""A school contact who already applied for the tranche and opens the application form again (e.g. "Aanmelden met
deze good practice" from the catalogue) is pointed to that application, to change it, instead of being handed an
empty form to type everything again; and a second draft of their own for the same school says it is theirs, not a
colleague's."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import GoodPracticeFactory, PartnerApplicationFactory, SchoolFactory, TrancheFactory

pytestmark = pytest.mark.django_db


def test_the_new_form_links_to_the_submitted_application_while_it_can_be_changed(client):
    tranche = TrancheFactory()
    applied = PartnerApplicationFactory(tranche=tranche, status="submitted",
                                        school=SchoolFactory(name="Scholengemeenschap De Vliedberg"))
    practice = GoodPracticeFactory(title="Driegesprekken")
    client.force_login(applied.created_by)
    response = client.get(reverse("partners:start"), {"practice": practice.slug})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"U heeft Scholengemeenschap De Vliedberg al aangemeld voor {tranche}" in html
    assert f'href="{reverse("partners:edit", args=[applied.pk])}"' in html
    assert "dit formulier is alleen voor een andere school" in html


def test_after_the_deadline_the_new_form_links_to_the_status_page(client):
    tranche = TrancheFactory(application_deadline=timezone.now() - dt.timedelta(hours=1))
    applied = PartnerApplicationFactory(tranche=tranche, status="submitted")
    client.force_login(applied.created_by)
    html = client.get(reverse("partners:start")).content.decode()
    assert f"U heeft {applied.school.name} al aangemeld" in html
    assert f'href="{reverse("partners:status", args=[applied.pk])}"' in html
    assert f'href="{reverse("partners:edit", args=[applied.pk])}"' not in html


def test_a_withdrawn_application_or_another_accounts_is_no_reason_to_point_anywhere(client):
    tranche = TrancheFactory()
    withdrawn = PartnerApplicationFactory(tranche=tranche, status="withdrawn")
    PartnerApplicationFactory(tranche=tranche, status="submitted")  # a colleague's
    client.force_login(withdrawn.created_by)
    html = client.get(reverse("partners:start")).content.decode()
    assert 'id="already-applied"' not in html


def test_an_own_second_draft_for_the_same_school_is_not_blamed_on_another_account(client):
    tranche = TrancheFactory()
    applied = PartnerApplicationFactory(tranche=tranche, status="submitted")
    draft = PartnerApplicationFactory(tranche=tranche, school=applied.school, created_by=applied.created_by)
    client.force_login(applied.created_by)
    for url in (reverse("partners:edit", args=[draft.pk]), reverse("partners:my_applications")):
        html = client.get(url).content.decode()
        assert "U heeft deze school in deze tranche al aangemeld en die aanmelding ingediend." in html, url
        assert "vanuit een ander account" not in html, url
