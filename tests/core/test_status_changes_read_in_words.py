"""The list of status changes in the staff's words: Dutch column names, statuses as the screens name them
('concept → ingediend', not 'draft → submitted'), and a filter of the kinds that have changes, not every table."""

import pytest
from django.urls import reverse

from lobmatch.models import Role
from partners import services
from tests.factories import UserFactory
from tests.partners.helpers import complete_draft

pytestmark = pytest.mark.django_db


def test_staff_read_the_status_changes_in_words(client):
    application = complete_draft()
    services.submit(application, by=application.created_by)
    client.force_login(UserFactory(roles=[Role.STAFF]))
    html = client.get(reverse("admin:lobmatch_statuschange_changelist")).content.decode()
    row = html[html.index('<tbody>'):html.index('</tbody>')]
    assert ">concept<" in row and ">ingediend<" in row and ">submitted<" not in row
    head = html[html.index("<thead>"):html.index("</thead>")]
    for column in ("Wanneer", "Soort", "Nummer", "Oude status", "Nieuwe status", "Door", "Reden"):
        assert column in head, column
    filters = html[html.index('id="changelist-filter"'):]
    assert "Aanmelding" in filters and "E-mailadre" not in filters and "Recht" not in filters
