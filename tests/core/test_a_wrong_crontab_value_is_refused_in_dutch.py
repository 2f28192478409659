"""A wrong value in a crontab's field ("61" minutes) is refused in Dutch at that field, naming the field and its
range, for staff and the superuser alike; python-crontab's English ("'61', not in 0-59 for Minutes") never shows."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule

from lobmatch import admin_beat
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


FIELDS = {"minute": "0", "hour": "*", "day_of_month": "*", "month_of_year": "*", "day_of_week": "*",
          "timezone": "Europe/Amsterdam"}


@pytest.mark.parametrize("user", [{"roles": ["staff"]}, {"is_superuser": True, "is_staff": True}],
                         ids=["staff", "superuser"])
def test_a_minute_out_of_range_is_refused_in_dutch_and_kept(user):
    crontab = CrontabSchedule.objects.create(minute="0", hour="*", timezone="Europe/Amsterdam")
    client = login(UserFactory(**user))
    response = client.post(reverse("admin:django_celery_beat_crontabschedule_change", args=[crontab.pk]),
                           {**FIELDS, "minute": "61"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {"minute": ["“61” kan niet bij ‘minuut’: kies een getal van 0 tot en met 59, of “*” (elke "
                                 "waarde). Ook een lijst (1,3), een reeks (1-5) of een stap (*/15) binnen die grenzen "
                                 "kan."]}
    page = unescape(response.content.decode())
    assert "not in 0-59" not in page and 'value="61"' in page  # what was typed stays in the field
    crontab.refresh_from_db()
    assert crontab.minute == "0"


@pytest.mark.parametrize(("name", "value", "words"), [
    ("hour", "24", "‘uur’: kies een getal van 0 tot en met 23"),
    ("day_of_month", "0", "‘dag van de maand’: kies een getal van 1 tot en met 31"),
    ("month_of_year", "13", "‘maand’: kies een getal van 1 tot en met 12"),
    ("day_of_week", "abc", "‘dag van de week’: kies een getal van 0 tot en met 6"),
])
def test_each_field_names_itself_and_its_range(name, value, words):
    assert f"“{value}” kan niet bij {words}," in admin_beat.cron_field_problem(name, value)


@pytest.mark.parametrize("value", ["*", "0", "*/15", "0,30", "0-30"])
def test_a_right_value_passes(value):
    assert admin_beat.cron_field_problem("minute", value) == ""
