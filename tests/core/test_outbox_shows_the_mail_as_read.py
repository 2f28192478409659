"""A mail in the outbox reads as its recipient reads it (subject, text, attached files), not as a stored payload."""

import pytest
from django.urls import reverse

from lobmatch.models import OutboxMessage, Role
from lobmatch.outbox import enqueue_email
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_outbox_page_shows_subject_text_and_files_with_the_payload_folded_away(admin_client):
    message = enqueue_email(to=["decaan@school.example"], template="application_status",
                            context={"school": "Het Baken", "status_label": "afgewezen",
                                     "decision_reason": "Te laat aangemeld"},
                            attachments=[{"kind": "application_pdf", "application": 1}])
    response = admin_client.get(reverse("admin:lobmatch_outboxmessage_change", args=[message.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    mail = body.split('class="outbox-mail">', 1)[1].split("</pre>", 1)[0]
    assert "Het Baken" in mail and "Te laat aangemeld" in mail
    assert "aanmelding (pdf)" in body  # the file by what it is, without making the PDF
    assert "Persoonlijke links zijn ingekort" not in body  # (said only of a mail that has one)
    # The raw record is still there for whoever needs it, in the folded "technische gegevens".
    technical = body.split("Technische gegevens", 1)[1]
    assert "&quot;template&quot;: &quot;application_status&quot;" in technical
    assert body.index('class="outbox-mail"') < body.index("Technische gegevens")


@pytest.mark.django_db
def test_a_payload_the_templates_no_longer_fit_still_opens(admin_client):
    message = OutboxMessage.objects.create(payload={"template": "no_such_mail", "to": ["x@school.example"]})
    response = admin_client.get(reverse("admin:lobmatch_outboxmessage_change", args=[message.pk]))
    assert response.status_code == 200
    assert "Dit bericht kan niet worden opgemaakt" in response.content.decode()


@pytest.mark.django_db
def test_a_message_is_titled_by_what_it_is_and_to_whom_and_staff_cannot_remove_it(client):
    one = OutboxMessage.objects.create(payload={"template": "meeting_invitation", "to": ["lid@school.example"]},
                                       dedupe_key="invitation:19:0:REQUEST:lid@school.example")
    many = OutboxMessage.objects.create(payload={"template": "claim_decided", "to": ["a@school.example",
                                                                                       "b@school.example"]})
    assert str(one) == "uitnodiging bijeenkomst aan lid@school.example (wachtend)"
    assert str(many) == "besluit declaratie aan a@school.example en 1 ander (wachtend)"
    client.force_login(UserFactory(roles=[Role.STAFF]))
    page = client.get(reverse("admin:lobmatch_outboxmessage_change", args=[one.pk]))
    assert page.status_code == 200
    assert "uitnodiging bijeenkomst aan lid@school.example" in page.content.decode()
    assert "invitation:19:0" not in page.content.decode().split("Technische gegevens", 1)[0]
    # the record of what was sent to whom stays: staff have no delete, neither on the page nor as an action
    assert client.get(reverse("admin:lobmatch_outboxmessage_delete", args=[one.pk])).status_code == 403
    response = client.post(reverse("admin:lobmatch_outboxmessage_changelist"),
                           {"action": "delete_selected", "_selected_action": [one.pk]})
    assert OutboxMessage.objects.filter(pk=one.pk).exists() and response.status_code in (200, 302)
