"""A mail in the outbox reads as its recipient reads it (subject, text, attached files), not as a stored payload."""

import pytest
from django.urls import reverse

from lobmatch.models import OutboxMessage
from lobmatch.outbox import enqueue_email


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
