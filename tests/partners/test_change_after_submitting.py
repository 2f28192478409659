"""A submitted application can be changed and submitted again until the deadline (or the school's extension), the
change recorded in its history; after the deadline, or once staff have taken it up, it stays as it is."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lobmatch.models import OutboxMessage, StatusChange
from partners import services
from partners.forms import ApplicationForms
from partners.models import DeadlineExtension, PartnerApplication
from partners.selectors import choosable_practices
from tests.factories import GoodPracticeFactory, UserFactory
from tests.partners.helpers import complete_draft, form_data

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def practice():
    return GoodPracticeFactory()


@pytest.fixture
def submitted(practice):
    app = complete_draft(practices=[practice], motivation="Eerste versie.")
    services.submit(app, by=app.created_by)
    app.refresh_from_db()
    return app


def changed(app, practice, **fields):
    return form_data([practice], school=app.school, existing=list(app.members.order_by("order")), **fields)


def close_the_deadline(app):
    type(app.tranche).objects.filter(pk=app.tranche_id).update(application_deadline=timezone.now() - HOUR)


def confirmations(app):
    return OutboxMessage.objects.filter(payload__template="application_confirmation",
                                        dedupe_key__startswith=f"application-confirmation:{app.pk}")


def test_before_the_deadline_the_school_changes_and_resubmits(client, submitted, practice):
    client.force_login(submitted.created_by)
    status_page = client.get(reverse("partners:status", args=[submitted.pk])).content.decode()
    assert reverse("partners:edit", args=[submitted.pk]) in status_page and "Aanmelding wijzigen" in status_page
    form_page = client.get(reverse("partners:edit", args=[submitted.pk])).content.decode()
    assert "Wijzigingen indienen" in form_page and "Opslaan als concept" not in form_page
    response = client.post(reverse("partners:edit", args=[submitted.pk]),
                           changed(submitted, practice, motivation="Tweede, betere versie."), follow=True)
    assert response.redirect_chain[-1][0] == reverse("partners:status", args=[submitted.pk])
    assert "Uw wijzigingen zijn ingediend." in response.content.decode()
    submitted.refresh_from_db()
    assert (submitted.status, submitted.motivation) == ("submitted", "Tweede, betere versie.")
    change = StatusChange.objects.filter(object_id=submitted.pk, transition="resubmit").get()
    assert (change.source, change.target, change.by, change.reason) == (
        "submitted", "submitted", submitted.created_by, "gewijzigd en opnieuw ingediend")
    assert "gewijzigd en opnieuw ingediend" in response.content.decode()  # the history on the status page
    assert confirmations(submitted).count() == 2  # the change is confirmed with what now stands
    assert submitted.history.filter(motivation="Eerste versie.").exists()  # the earlier version is kept


def test_an_incomplete_change_is_refused_and_keeps_what_was_typed_and_what_was_submitted(client, submitted,
                                                                                        practice):
    client.force_login(submitted.created_by)
    response = client.post(reverse("partners:edit", args=[submitted.pk]),
                           changed(submitted, practice, motivation="", ambition="Nieuw getypt."))
    assert response.status_code == 200 and response.context["has_errors"]
    assert "motivation" in response.context["form"].errors
    assert response.context["form"]["ambition"].value() == "Nieuw getypt."
    submitted.refresh_from_db()
    assert (submitted.status, submitted.motivation) == ("submitted", "Eerste versie.")
    assert not StatusChange.objects.filter(object_id=submitted.pk, transition="resubmit").exists()


def test_saving_a_submitted_application_as_a_draft_is_refused_without_losing_the_text(client, submitted,
                                                                                     practice):
    """The 'save as draft' of a page loaded before the submit (another tab) neither undoes the submit nor loses
    what was typed."""
    client.force_login(submitted.created_by)
    response = client.post(reverse("partners:edit", args=[submitted.pk]),
                           changed(submitted, practice, action="draft", motivation="Uit het oude tabblad."))
    assert response.status_code == 200
    assert "al ingediend" in str(response.context["form"].non_field_errors())
    assert response.context["form"]["motivation"].value() == "Uit het oude tabblad."
    submitted.refresh_from_db()
    assert (submitted.status, submitted.motivation) == ("submitted", "Eerste versie.")


def test_after_the_deadline_a_submitted_application_stays_as_it_is(client, submitted, practice):
    close_the_deadline(submitted)
    client.force_login(submitted.created_by)
    status_page = client.get(reverse("partners:status", args=[submitted.pk])).content.decode()
    assert "Aanmelding wijzigen" not in status_page
    edit = reverse("partners:edit", args=[submitted.pk])
    assert client.get(edit).url == reverse("partners:status", args=[submitted.pk])
    # a change posted after the deadline (the page was open before it) is refused with the reason, and the form
    # keeps what was typed: it used to land on the status page without a word, the change gone
    html = client.post(edit, changed(submitted, practice, motivation="Te laat.")).content.decode()
    assert "De deadline is verstreken: een ingediende aanmelding kan niet meer worden gewijzigd." in html
    assert "Uw wijzigingen staan hieronder nog, maar zijn niet bewaard." in html and "lob-ambassadeurs@" in html
    assert "Te laat." in html
    submitted.refresh_from_db()
    assert submitted.motivation == "Eerste versie."


def test_the_service_refuses_a_change_after_the_deadline(submitted, practice):
    """A form loaded before the deadline and sent after it: the service looks at the clock, not the page."""
    forms = ApplicationForms(changed(submitted, practice, motivation="Net te laat."), instance=submitted,
                             submitting=True, practices=choosable_practices())
    assert forms.is_valid()
    close_the_deadline(submitted)
    with pytest.raises(services.ApplicationError, match="deadline is verstreken"):
        services.save_application(submitted, forms.form, forms.formset, tranche=submitted.tranche,
                                  by=submitted.created_by, submitting=True)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.motivation) == ("submitted", "Eerste versie.")


def test_an_extension_lets_the_school_change_after_the_deadline_marked_late(client, submitted, practice):
    close_the_deadline(submitted)
    DeadlineExtension.objects.create(tranche=submitted.tranche, school=submitted.school, until=timezone.now() + HOUR,
                                     reason="Ziekte van de projectleider.", granted_by=UserFactory())
    client.force_login(submitted.created_by)
    response = client.post(reverse("partners:edit", args=[submitted.pk]),
                           changed(submitted, practice, motivation="Met verlenging."))
    assert response.url == reverse("partners:status", args=[submitted.pk])
    submitted.refresh_from_db()
    assert (submitted.status, submitted.motivation, submitted.submitted_late) == (
        "submitted", "Met verlenging.", True)
    assert StatusChange.objects.get(object_id=submitted.pk, transition="resubmit").reason == (
        "gewijzigd en opnieuw ingediend met verlenging")


def test_once_staff_have_taken_it_up_it_cannot_be_changed(client, submitted, practice):
    PartnerApplication.objects.filter(pk=submitted.pk).update(status="under_review")
    client.force_login(submitted.created_by)
    edit = reverse("partners:edit", args=[submitted.pk])
    assert client.get(edit).url == reverse("partners:status", args=[submitted.pk])
    html = client.post(edit, changed(submitted, practice, motivation="Nee, dit moet anders.")).content.decode()
    assert "De VO-raad heeft uw aanmelding in behandeling genomen (status: in behandeling)" in html
    assert "Nee, dit moet anders." in html
    submitted.refresh_from_db()
    assert submitted.motivation == "Eerste versie."
