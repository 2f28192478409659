"""The outbox list speaks the programme office's language: Dutch column names and each mail by what it is."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from lobmatch.admin_outbox import MAILS, REMINDERS
from lobmatch.models import OutboxMessage

CHANGELIST = reverse("admin:lobmatch_outboxmessage_changelist")


def test_every_mail_the_system_can_send_has_a_name():
    emails = Path(settings.BASE_DIR) / "templates" / "emails"
    templates = {path.name.removesuffix("_subject.txt") for path in emails.glob("*_subject.txt")}
    assert templates, f"no mail templates found in {emails}"
    assert templates == set(MAILS), "a mail without a name in the outbox list, or a name without a mail"


@pytest.mark.django_db
def test_columns_are_dutch_and_a_mail_reads_as_what_it_is(admin_client):
    OutboxMessage.objects.create(payload={"template": "claim_decided", "to": ["decaan@school.example"]})
    OutboxMessage.objects.create(kind=OutboxMessage.Kind.TASK, payload={"task": "trajectories.tasks.build_report"})
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    headers = [str(header["text"]) for header in response.context["result_headers"]
               if "action-checkbox-column" not in header["class_attrib"]]
    assert headers == ["aangemaakt op", "status", "aan", "bericht", "pogingen", "fout", "verzonden op"]
    body = response.content.decode()
    assert '<td class="field-what">besluit declaratie</td>' in body
    # A task has no mail to name: its name says what it does.
    assert '<td class="field-what">trajectories.tasks.build_report</td>' in body


@pytest.mark.django_db
def test_the_reminders_filter_holds_every_reminder_and_nothing_else(admin_client):
    made = {name: OutboxMessage.objects.create(payload={"template": name, "to": ["x@school.example"]}).pk
            for name in ("reminder_claim", "reminder_meeting_not_logged", "poll_reminder", "poll_invitation",
                         "application_confirmation")}
    response = admin_client.get(CHANGELIST, {"template": REMINDERS})
    assert response.status_code == 200
    shown = {message.pk for message in response.context["cl"].result_list}
    assert shown == {made["reminder_claim"], made["reminder_meeting_not_logged"], made["poll_reminder"]}
    response = admin_client.get(CHANGELIST, {"template": "poll_invitation"})
    assert [message.pk for message in response.context["cl"].result_list] == [made["poll_invitation"]]
