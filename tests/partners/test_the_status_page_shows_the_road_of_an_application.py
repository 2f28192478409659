"""The status page shows the road concept → ingediend → in behandeling → besluit. A step the application went past
without (matched straight after submitting) is said to be skipped, not 'not yet': there is no way back to it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from lobmatch.models import StatusChange
from partners.models import PartnerApplication
from tests.factories import PartnerApplicationFactory

pytestmark = pytest.mark.django_db


def road(client, application, *visited):
    for target in visited:
        StatusChange.objects.create(content_type=ContentType.objects.get_for_model(PartnerApplication),
                                    object_id=application.pk, transition="x",
                                    source="", target=target)
    client.force_login(application.created_by)
    page = client.get(reverse("partners:status", args=[application.pk])).content.decode()
    return page[page.index("<ol"):page.index("</ol>")]


def test_a_step_matched_past_is_skipped_not_pending(client):
    application = PartnerApplicationFactory(status="matched", submitted_at=timezone.now())
    steps = road(client, application, "submitted", "matched")
    assert "Overgeslagen:</span>\n    3." in steps and "niet nodig geweest" in steps
    assert "Nog niet:" not in steps and 'aria-current="step"' in steps


def test_a_step_passed_is_done_and_one_ahead_is_not_yet(client):
    reviewed = PartnerApplicationFactory(status="matched", submitted_at=timezone.now())
    steps = road(client, reviewed, "submitted", "under_review", "matched")
    assert steps.count("Gedaan:") == 3 and "Overgeslagen" not in steps
    waiting = PartnerApplicationFactory(status="submitted", submitted_at=timezone.now())
    steps = road(client, waiting, "submitted")
    assert "Nog niet:</span>\n    3." in steps and "Overgeslagen" not in steps


def test_staff_see_whose_application_they_read(client):
    """Staff opening an application's page were addressed as the school ("Uw aanmelding")."""
    from lobmatch.models import Role
    from tests.factories import UserFactory

    application = PartnerApplicationFactory(status="submitted", submitted_at=timezone.now())
    client.force_login(UserFactory(roles=[Role.STAFF]))
    page = client.get(reverse("partners:status", args=[application.pk])).content.decode()
    assert "<h1>Aanmelding van de school</h1>" in page and "‘u’ is hier de school" in page
    assert reverse("admin:partners_partnerapplication_change", args=[application.pk]) in page
    client.force_login(application.created_by)
    page = client.get(reverse("partners:status", args=[application.pk])).content.decode()
    assert "<h1>Uw aanmelding</h1>" in page and "‘u’ is hier de school" not in page
