"""Saving the form and submitting it is one service call in one transaction: a refused submit keeps the saved
draft (nothing typed is lost), a failure halfway keeps nothing half-done."""

import datetime as dt

import pytest
from django.utils import timezone

from lobmatch.models import OutboxMessage
from partners import services
from partners.forms import ApplicationForms
from partners.models import PartnerApplication
from partners.selectors import choosable_practices
from tests.factories import GoodPracticeFactory, SchoolFactory, TrancheFactory, UserFactory
from tests.partners.helpers import complete_draft, form_data

pytestmark = pytest.mark.django_db


def valid_forms(application, data, *, submitting=True):
    forms = ApplicationForms(data, instance=application, submitting=submitting, practices=choosable_practices())
    assert forms.is_valid(), (forms.form.errors, forms.formset.errors)
    return forms


def save(application, data, *, tranche, submitting=True):
    forms = valid_forms(application or PartnerApplication(tranche=tranche), data, submitting=submitting)
    return services.save_application(application, forms.form, forms.formset, tranche=tranche,
                                     by=application.created_by if application else UserFactory(),
                                     submitting=submitting)


def test_a_new_application_is_saved_and_submitted_at_once():
    tranche, practice, school = TrancheFactory(), GoodPracticeFactory(), SchoolFactory()
    saved = save(None, form_data([practice], school=school, motivation="Wij willen leren."), tranche=tranche)
    app = PartnerApplication.objects.get()
    assert saved.submitted and saved.refusal == "" and saved.application == app
    assert (app.status, app.school, app.motivation) == ("submitted", school, "Wij willen leren.")
    assert app.members.count() == 5 and [p.practice for p in app.preferences.all()] == [practice]
    assert OutboxMessage.objects.filter(payload__template="application_confirmation").count() == 1


def test_saving_without_submitting_leaves_a_draft():
    tranche, practice = TrancheFactory(), GoodPracticeFactory()
    saved = save(None, form_data([practice], action="draft", motivation="Half af."), tranche=tranche,
                 submitting=False)
    assert not saved.submitted and saved.refusal == ""
    assert PartnerApplication.objects.get().status == "draft"


def test_a_refused_submit_keeps_what_was_typed_as_the_draft():
    tranche = TrancheFactory(application_opens_at=timezone.now() - dt.timedelta(days=30),
                             application_deadline=timezone.now() - dt.timedelta(hours=1))
    practice = GoodPracticeFactory()
    app = complete_draft(tranche=tranche, practices=[practice])
    data = form_data([practice], school=app.school, existing=list(app.members.order_by("order")),
                     motivation="Nog net op tijd, dachten wij.")
    saved = save(app, data, tranche=tranche)
    app.refresh_from_db()
    assert not saved.submitted and "deadline" in saved.refusal
    assert (app.status, app.motivation) == ("draft", "Nog net op tijd, dachten wij.")
    assert not OutboxMessage.objects.filter(payload__template="application_confirmation").exists()


def test_a_failure_while_submitting_leaves_no_half_saved_draft(monkeypatch):
    """One transaction: the typed text is not saved as a draft while the submit broke off (the school still has the
    filled-in page in the browser)."""
    practice = GoodPracticeFactory()
    app = complete_draft(practices=[practice], motivation="Wat er stond.")
    data = form_data([practice], school=app.school, existing=list(app.members.order_by("order")),
                     motivation="Nieuw getypt.")

    def broken(*args, **kwargs):
        raise RuntimeError("mail server gone")

    monkeypatch.setattr(services, "_send_confirmation", broken)
    with pytest.raises(RuntimeError):
        save(app, data, tranche=app.tranche)
    app.refresh_from_db()
    assert (app.status, app.motivation) == ("draft", "Wat er stond.")
