"""A page that went stale: a draft saved from a tab loaded before the submit cannot undo it, and what was typed when
the session expired comes back after logging in."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from partners import services
from partners.forms import ApplicationForms
from partners.models import PartnerApplication
from partners.selectors import choosable_practices
from tests.factories import GoodPracticeFactory
from tests.partners.helpers import complete_draft, form_data

pytestmark = pytest.mark.django_db


def forms_for(application, data):
    forms = ApplicationForms(data, instance=application, submitting=False, practices=choosable_practices())
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
