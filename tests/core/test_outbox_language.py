"""Each recipient gets a mail in the language of their account, with the reason and amounts said in it."""

import pytest
from django.utils.translation import gettext_noop, override

from lobmatch.mailing import render_message
from lobmatch.models import OutboxMessage
from lobmatch.outbox import enqueue_email, source_text
from partners.models import PartnerApplication
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_recipients_are_split_by_the_language_of_their_account():
    UserFactory(email="emma@school.example", language="en")
    UserFactory(email="piet@school.example", language="nl")
    enqueue_email(to=["Emma@School.example", "piet@school.example", "nobody@school.example"],
                  template="claim_decided", dedupe_key="claim-decided:1",
                  context={"school": "Het Testcollege", "approved": True, "amount_money": "1334.50", "url": "/x/"},
                  reason=gettext_noop("u namens uw school een declaratie verletkosten hebt ingediend"))
    by_language = {m.payload["language"]: m for m in OutboxMessage.objects.all()}
    assert set(by_language) == {"nl", "en"}
    assert by_language["nl"].payload["to"] == ["nobody@school.example", "piet@school.example"]
    assert by_language["nl"].dedupe_key == "claim-decided:1"
    assert by_language["en"].payload["to"] == ["emma@school.example"]
    assert by_language["en"].dedupe_key == "claim-decided:1:en"

    dutch, english = render_message(by_language["nl"].payload), render_message(by_language["en"].payload)
    assert "U ontvangt dit bericht omdat u namens uw school een declaratie" in dutch.body
    assert "1.334,50" in dutch.body
    assert "You are receiving this message because" in english.body and "U ontvangt" not in english.body
    assert "1,334.50" in english.body and "1.334,50" not in english.body


def test_a_second_enqueue_with_the_same_key_adds_nothing_in_any_language():
    UserFactory(email="emma@school.example", language="en")
    for _ in range(2):
        enqueue_email(to=["emma@school.example", "piet@school.example"], template="claim_decided",
                      dedupe_key="claim-decided:2", context={"amount_money": "10"})
    assert OutboxMessage.objects.count() == 2


def test_a_status_label_is_translated_when_rendered():
    with override("en"):  # whoever triggers it, the stored text is the Dutch source
        label = source_text(PartnerApplication.Status.WAITLISTED.label)
    assert label == "op de wachtlijst"
    with override("en"):
        english_label = str(PartnerApplication.Status.WAITLISTED.label)
    assert english_label != label
    payload = {"to": ["emma@school.example"], "template": "application_status", "language": "en",
               "context": {"school": "Het Testcollege", "tranche": "Tranche 1", "status_label": label,
                           "status_url": "/s/"}}
    english = render_message(payload)
    assert english_label in english.subject and label not in english.subject
    assert english_label in english.body
    dutch = render_message({**payload, "language": "nl"})
    assert label in dutch.subject


def test_the_stored_status_is_the_dutch_source_whoever_acts():
    from partners import services
    from tests.factories import PartnerApplicationFactory

    staff = UserFactory(language="en")
    application = PartnerApplicationFactory(status="submitted")
    with override("en"):
        services.change_status(application, "waitlist", by=staff, reason="Vol")
    [message] = OutboxMessage.objects.filter(payload__template="application_status")
    assert message.payload["context"]["status_label"] == "op de wachtlijst"


def test_a_language_split_key_stays_within_the_column():
    UserFactory(email="emma@school.example", language="en")
    long_key = "x" * 200
    enqueue_email(to=["emma@school.example", "piet@school.example"], template="claim_decided",
                  dedupe_key=long_key, context={"amount_money": "1"})
    keys = sorted(OutboxMessage.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == 2 and long_key in keys and all(len(k) <= 200 for k in keys)


def test_an_account_email_with_capitals_still_gives_its_language():
    from lobmatch.models import User

    user = UserFactory(language="en")
    User.objects.filter(pk=user.pk).update(email="Emma.Jansen@School.example")
    enqueue_email(to=["emma.jansen@school.example"], template="claim_decided", context={"amount_money": "1"})
    assert OutboxMessage.objects.get().payload["language"] == "en"
