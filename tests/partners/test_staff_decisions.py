"""Staff decisions on an application: a matched school cannot be waitlisted, and a decision repeated later is mailed
again with its own reason."""

import pytest

from lobmatch.models import OutboxMessage, Role
from partners import services
from tests.factories import UserFactory
from tests.partners.helpers import complete_draft

pytestmark = pytest.mark.django_db


def test_a_matched_school_cannot_be_waitlisted():
    app = complete_draft(status="matched")
    with pytest.raises(services.ApplicationError):
        services.change_status(app, "waitlist", by=UserFactory(roles=[Role.STAFF]), reason="vol")
    app.refresh_from_db()
    assert app.status == "matched"


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
