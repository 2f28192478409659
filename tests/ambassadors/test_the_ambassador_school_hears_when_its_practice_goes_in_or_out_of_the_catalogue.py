"""An ambassador school's contacts are mailed when staff publish its good practice and when they take it out of the
catalogue again, then with the reason staff must give (the service refuses none; the admin's list refuses it once
for the selection, in the same words)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from playwright.sync_api import expect

from ambassadors import services
from ambassadors.models import GoodPractice
from lobmatch.mailing import render_message
from lobmatch.models import OutboxMessage, Role, StatusChange
from tests.factories import AmbassadorSchoolFactory, GoodPracticeFactory, UserFactory

pytestmark = pytest.mark.django_db

NO_REASON = "Geef een reden: de ambassadeursschool leest waarom haar good practice uit de catalogus gaat."


@pytest.fixture
def practice():
    ambassador = AmbassadorSchoolFactory()
    ambassador.contacts.add(UserFactory(email="coordinator@example.org"),
                            UserFactory(email="oud@example.org", is_active=False))
    return GoodPracticeFactory(ambassador=ambassador, status=GoodPractice.Status.SUBMITTED,
                               title="Stages met de regio", contact_email="Docent@Example.org")


def mails(template):
    return [m for m in OutboxMessage.objects.all() if m.payload["template"] == template]


def test_publishing_mails_the_schools_contacts_and_the_practices_contact(practice):
    services.publish(practice, by=UserFactory(roles=[Role.STAFF]))
    [message] = mails("practice_published")
    assert sorted(message.payload["to"]) == ["coordinator@example.org", "docent@example.org"]  # not the inactive one
    email = render_message(message.payload, attachments=False)
    assert "Stages met de regio" in email.subject
    assert "heeft uw good practice ‘Stages met de regio’ gepubliceerd" in email.body
    assert practice.get_absolute_url() in email.body


@pytest.mark.parametrize("reason", ["", "   "])
def test_taking_a_practice_out_needs_a_reason_and_changes_nothing_without_one(practice, reason):
    staff = UserFactory(roles=[Role.STAFF])
    services.publish(practice, by=staff)
    with pytest.raises(services.PracticeError, match=NO_REASON):
        services.unpublish(practice, by=staff, reason=reason)
    assert GoodPractice.objects.get(pk=practice.pk).status == GoodPractice.Status.PUBLISHED
    assert mails("practice_unpublished") == []


def test_taking_a_practice_out_mails_the_reason_and_where_to_change_it(practice):
    staff = UserFactory(roles=[Role.STAFF])
    services.publish(practice, by=staff)
    services.unpublish(practice, by=staff, reason="  De link naar het lesmateriaal werkt niet meer. ")
    assert GoodPractice.objects.get(pk=practice.pk).status == GoodPractice.Status.DRAFT
    assert StatusChange.objects.get(object_id=practice.pk, transition="unpublish").reason \
        == "De link naar het lesmateriaal werkt niet meer."
    [message] = mails("practice_unpublished")
    email = render_message(message.payload, attachments=False)
    assert "uit de catalogus gehaald" in email.subject
    assert "Reden: De link naar het lesmateriaal werkt niet meer." in email.body
    assert reverse("ambassadors:practice_edit", kwargs={"slug": practice.slug}) in email.body


def test_the_admin_list_refuses_taking_practices_out_without_a_reason_once(client, practice):
    staff = UserFactory(roles=[Role.STAFF])
    services.publish(practice, by=staff)
    other = GoodPracticeFactory(ambassador=practice.ambassador)
    client.force_login(staff)
    url = reverse("admin:ambassadors_goodpractice_changelist")
    response = client.post(url, {"action": "unpublish_selected", "_selected_action": [practice.pk, other.pk],
                                 "reason": "", "index": "0", "select_across": "0"})
    assert [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)] == [("error", NO_REASON)]
    assert set(GoodPractice.objects.values_list("status", flat=True)) == {GoodPractice.Status.PUBLISHED}
    page = client.get(url).content.decode()
    assert "data-needed-by=" in page and "js/admin/reason_action.js" in page
    client.post(url, {"action": "unpublish_selected", "_selected_action": [practice.pk], "reason": "Verouderd.",
                      "index": "0", "select_across": "0"})
    assert GoodPractice.objects.get(pk=practice.pk).status == GoodPractice.Status.DRAFT
    assert len(mails("practice_unpublished")) == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_list_keeps_its_ticks_until_a_reason_is_typed(live_server, page, login_page):
    ambassador = AmbassadorSchoolFactory()
    practice = GoodPracticeFactory(ambassador=ambassador, title="Stages met de regio")
    staff = UserFactory(roles=[Role.STAFF])
    login_page(staff.email)
    page.goto(f"{live_server.url}{reverse('admin:ambassadors_goodpractice_changelist')}")
    page.locator("input.action-select").first.check()
    page.locator("select[name=action]").select_option("unpublish_selected")
    page.get_by_role("button", name="Uitvoeren").click()
    expect(page.get_by_role("alert").filter(has_text=NO_REASON)).to_be_visible()
    assert page.locator("input.action-select").first.is_checked()
    page.locator("input[name=reason]").fill("De beschrijving is verouderd.")
    page.get_by_role("button", name="Uitvoeren").click()
    expect(page.get_by_text("1 good practice teruggezet naar concept.")).to_be_visible()
    assert GoodPractice.objects.get(pk=practice.pk).status == GoodPractice.Status.DRAFT
