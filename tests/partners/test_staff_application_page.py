"""The application's admin page: the status changes staff may make from here, and the history with who, when, why
(rendered from templates, the school's and staff's texts escaped)."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from lobmatch.models import Role
from partners import services
from tests.factories import PartnerApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(roles=[Role.STAFF], first_name="Sanne", last_name="Staf")
    client.force_login(user)
    return user


def change_page(client, app):
    response = client.get(reverse("admin:partners_partnerapplication_change", args=[app.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_offers_the_possible_status_changes_as_buttons(client, staff):
    app = PartnerApplicationFactory(status="submitted")
    body = change_page(client, app)
    for transition in ("start_review", "waitlist", "reject", "withdraw"):
        url = reverse("admin:partners_partnerapplication_transition", args=[app.pk, transition])
        assert f'<a class="button" href="{url}">' in body
    assert "Geen statuswijziging mogelijk" not in body


def test_no_buttons_where_no_change_is_possible(client, staff):
    app = PartnerApplicationFactory(status="withdrawn")
    body = change_page(client, app)
    assert "Geen statuswijziging mogelijk vanuit deze status." in body
    assert reverse("admin:partners_partnerapplication_transition", args=[app.pk, "reject"]) not in body


def test_the_history_says_when_what_who_and_why_with_the_reason_escaped(client, staff):
    app = PartnerApplicationFactory(status="submitted")
    with time_machine.travel(dt.datetime(2027, 3, 20, 9, 30, tzinfo=dt.UTC), tick=False):
        services.change_status(app, "waitlist", by=staff, reason="Vol <b>dit jaar</b>")
    body = change_page(client, app)
    history = body[body.index('<th scope="col">moment</th>'):]
    history = history[:history.index("</table>")]
    assert "<td>20-03-2027 10:30</td><td>op de wachtlijst</td>" in history  # Amsterdam time, the Dutch label
    assert str(staff) in history
    assert "Vol &lt;b&gt;dit jaar&lt;/b&gt;" in history and "<b>" not in history


def test_the_export_is_a_csv_for_dutch_excel_in_a_constant_number_of_queries(client, staff,
                                                                             django_assert_max_num_queries):
    apps = [PartnerApplicationFactory(status="submitted") for _ in range(3)]
    changelist = reverse("admin:partners_partnerapplication_changelist")
    with django_assert_max_num_queries(12):
        response = client.post(changelist, {"action": "export_csv", "_selected_action": [a.pk for a in apps]})
    assert re.fullmatch(r'attachment; filename="aanmeldingen-\d{8}-\d{4}\.csv"', response["Content-Disposition"])
    body = response.content.decode("utf-8")
    lines = body.splitlines()
    assert body.startswith("\ufeffid;school;brin;plaats;provincie;tranche;status;ingediend;")
    assert len(lines) == 4 and {line.split(";")[0] for line in lines[1:]} == {str(a.pk) for a in apps}
