"""Defects found in review, each held by a test: a stale draft save after a submit, a BRIN typed without its
location code, waitlisting a matched school, typing lost when the session expired, repeated staff decisions."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from lobmatch.models import OutboxMessage, Role, School
from partners import services
from partners.forms import ApplicationForms
from partners.models import PartnerApplication
from tests.factories import GoodPracticeFactory, SchoolFactory, TrancheFactory, UserFactory
from tests.partners.helpers import complete_draft, form_data

pytestmark = pytest.mark.django_db


def forms_for(application, data):
    practices = list(GoodPracticeFactory._meta.model.objects.filter(status="published"))
    forms = ApplicationForms(data, instance=application, submitting=False, practices=practices)
    assert forms.is_valid(), (forms.form.errors, forms.formset.errors)
    return forms


def test_a_draft_save_from_an_old_page_cannot_undo_a_submit():
    practice = GoodPracticeFactory()
    app = complete_draft(practices=[practice])
    stale = PartnerApplication.objects.get(pk=app.pk)  # the page of a second tab, loaded before the submit
    services.submit(app, by=app.created_by)
    data = form_data([practice], school=app.school, existing=list(stale.members.order_by("order")), action="draft")
    forms = forms_for(stale, data)
    with pytest.raises(services.ApplicationError, match="al ingediend"):
        services.save_draft(stale, forms.form, forms.formset, tranche=stale.tranche, by=app.created_by)
    app.refresh_from_db()
    assert app.status == "submitted" and app.submitted_at is not None


class TestBrinWithoutLocation:
    def test_the_only_location_of_a_brin_is_the_known_school(self, client):
        TrancheFactory()
        school = SchoolFactory(brin="12AB", location_code="00")
        client.force_login(UserFactory())
        response = client.post(reverse("partners:start"), form_data([GoodPracticeFactory()], brin="12ab"))
        app = PartnerApplication.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("partners:status", args=[app.pk])
        assert app.status == "submitted" and app.school == school
        assert School.objects.filter(brin="12AB").count() == 1

    def test_several_locations_ask_for_the_location_code(self, client):
        TrancheFactory()
        SchoolFactory(brin="12AB", location_code="00", city="Delft")
        SchoolFactory(brin="12AB", location_code="01", city="Gouda")
        client.force_login(UserFactory())
        response = client.post(reverse("partners:start"), form_data([GoodPracticeFactory()], brin="12AB"))
        assert response.status_code == 200
        message = str(response.context["form"].errors["brin"])
        assert "meerdere vestigingen" in message and "12AB00 (Delft)" in message and "12AB01 (Gouda)" in message

    def test_a_second_live_application_through_the_bare_brin_is_refused(self):
        tranche = TrancheFactory()
        school = SchoolFactory(brin="12AB", location_code="00")
        complete_draft(tranche=tranche, school=school, status="submitted")
        other = complete_draft(tranche=tranche, school=None,
                               school_entry={"brin": "12AB", "name": "X", "city": "Y", "province": "utrecht"})
        with pytest.raises(services.ApplicationError, match="al een aanmelding"):
            services.submit(other, by=other.created_by)
        assert School.objects.filter(brin="12AB").count() == 1


def test_a_matched_school_cannot_be_waitlisted():
    app = complete_draft(status="matched")
    with pytest.raises(services.ApplicationError):
        services.change_status(app, "waitlist", by=UserFactory(roles=[Role.STAFF]), reason="vol")
    app.refresh_from_db()
    assert app.status == "matched"


def test_what_was_typed_when_the_session_expired_comes_back_after_login(client):
    practice = GoodPracticeFactory()
    app = complete_draft(practices=[practice])
    edit = reverse("partners:edit", args=[app.pk])
    data = form_data([practice], school=app.school, existing=list(app.members.order_by("order")), action="draft",
                     motivation="Dit typte ik net voordat de sessie verliep.")
    client.force_login(app.created_by)
    session = client.session
    del session[SESSION_KEY]  # the session ran out (anonymous now), the browser still has the page
    session.save()
    response = client.post(edit, data)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(app.created_by)
    page = client.get(edit)
    assert "Dit typte ik net voordat de sessie verliep." in page.content.decode()
    app.refresh_from_db()
    assert app.motivation != "Dit typte ik net voordat de sessie verliep."  # shown, to be saved by the user


def test_a_second_decision_of_the_same_kind_is_mailed_again():
    from lobmatch.workflow import apply_transition

    staff = UserFactory(roles=[Role.STAFF])
    app = complete_draft(status="submitted")
    services.change_status(app, "waitlist", by=staff, reason="vol")
    app.refresh_from_db()
    apply_transition(app, "match", by=staff)  # a seat came free ...
    apply_transition(app, "unmatch", by=staff)  # ... but the match was undone
    services.change_status(app, "waitlist", by=staff, reason="toch weer vol")
    mails = OutboxMessage.objects.filter(payload__template="application_status")
    assert sorted(m.payload["context"]["decision_reason"] for m in mails) == ["toch weer vol", "vol"]
