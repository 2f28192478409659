"""A submit the form refuses (something missing) keeps what was typed as the school's draft when it is well-formed:
the page that follows is the saved draft with what submitting it still needs, and leaving it loses nothing. A submit
that is not even a draft (a malformed address) is shown again unsaved, as before; a submitted application being
changed stays as it was submitted."""

import pytest
from django.urls import reverse

from partners import services
from partners.models import PartnerApplication
from tests.factories import GoodPracticeFactory, SchoolFactory, TrancheFactory, UserFactory
from tests.partners.helpers import complete_draft, form_data

pytestmark = pytest.mark.django_db
START = reverse("partners:start")
SAVED = "Uw aanmelding is nog niet ingediend; wat u invulde, is als concept bewaard."
NOT_SAVED = "Alles wat u invulde staat er nog, maar is nog niet bewaard."


@pytest.fixture
def school_contact(client):
    TrancheFactory()
    user = UserFactory()
    client.force_login(user)
    return user


def shown(response) -> dict:
    """What the page's form would post (the saved draft on a check page)."""
    return dict(response.context["form"].data.lists())


def test_a_submit_missing_answers_is_saved_as_a_draft_and_shows_what_is_missing(client, school_contact):
    practice = GoodPracticeFactory()
    data = form_data([practice], school=SchoolFactory(), motivation="", commit_school_leader=None,
                     lob_situation="Wij begonnen vorig jaar met loopbaangesprekken.")
    response = client.post(START, data, follow=True)
    draft = PartnerApplication.objects.get()
    assert (draft.status, draft.lob_situation) == ("draft", "Wij begonnen vorig jaar met loopbaangesprekken.")
    assert draft.members.count() == 5 and list(draft.preferences.values_list("practice", flat=True)) == [practice.pk]
    [(url, _code)] = response.redirect_chain
    assert url == f"{reverse('partners:edit', args=[draft.pk])}?controleren=1"
    body = response.content.decode()
    assert SAVED in body and NOT_SAVED not in body
    assert "data-unsaved" not in body  # nothing to lose: the browser does not ask before leaving
    assert {"motivation", "commit_school_leader"} == set(response.context["form"].errors)
    texts = [item["text"] for item in response.context["errors"]]
    assert len(texts) == 2 and any(text.startswith("Motivatie") for text in texts)
    assert "Wij begonnen vorig jaar met loopbaangesprekken." in body


def test_completing_the_saved_draft_submits_it_with_its_members_once(client, school_contact):
    response = client.post(START, form_data([GoodPracticeFactory()], school=SchoolFactory(), motivation=""),
                           follow=True)
    edit = response.redirect_chain[-1][0].split("?")[0]
    response = client.post(edit, {**shown(response), "action": "submit", "motivation": "Leren van anderen."},
                           follow=True)
    app = PartnerApplication.objects.get()
    assert response.redirect_chain[-1][0] == reverse("partners:status", args=[app.pk])
    assert app.status == "submitted" and app.members.count() == 5


def test_the_check_page_of_a_complete_draft_shows_no_errors(client, school_contact):
    client.post(START, form_data([GoodPracticeFactory()], school=SchoolFactory(), action="draft"))
    draft = PartnerApplication.objects.get(status="draft")
    response = client.get(f"{reverse('partners:edit', args=[draft.pk])}?controleren=1")
    assert response.status_code == 200 and not response.context["has_errors"], response.context["errors"]


def test_a_malformed_submit_is_not_saved_and_the_page_asks_before_it_is_left(client, school_contact):
    data = form_data([GoodPracticeFactory()], school=SchoolFactory(), motivation="",
                     **{"members-2-email": "lid2@"})
    response = client.post(START, data)
    assert response.status_code == 200 and not PartnerApplication.objects.exists()
    body = response.content.decode()
    assert NOT_SAVED in body and SAVED not in body and "data-unsaved" in body
    assert 'value="lid2@"' in body


def test_a_refused_change_of_a_submitted_application_is_not_turned_into_a_draft(client, school_contact):
    practice = GoodPracticeFactory()
    app = complete_draft(practices=[practice], created_by=school_contact, motivation="Eerste versie.")
    services.submit(app, by=school_contact)
    data = form_data([practice], school=app.school, existing=list(app.members.order_by("order")), motivation="")
    response = client.post(reverse("partners:edit", args=[app.pk]), data)
    assert response.status_code == 200 and "motivation" in response.context["form"].errors
    app.refresh_from_db()
    assert (app.status, app.motivation) == ("submitted", "Eerste versie.")
    # and the check page does not check a submitted application as a draft
    response = client.get(f"{reverse('partners:edit', args=[app.pk])}?controleren=1")
    assert not response.context["has_errors"]


def test_a_drafts_status_page_leads_to_what_submitting_still_needs(client, school_contact):
    client.post(START, form_data([GoodPracticeFactory()], school=SchoolFactory(), action="draft", motivation=""))
    draft = PartnerApplication.objects.get(status="draft")
    page = client.get(reverse("partners:status", args=[draft.pk])).content.decode()
    check = f"{reverse('partners:edit', args=[draft.pk])}?controleren=1"
    assert f'id="check-draft" href="{check}"' in page
    response = client.get(check)
    assert response.context["has_errors"] and "motivation" in response.context["form"].errors
