"""The admin's history pages say what changed as the screens say it: a status by its label, a moment in Amsterdam
time, nothing as "—", a list in full, and the page's own words in Dutch."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from lobmatch.models import Role, SchoolType
from tests.factories import GoodPracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_practice_history_reads_as_words(client):
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        practice = GoodPracticeFactory(status="draft", published_at=None)
        practice.status, practice.published_at = "published", dt.datetime.now(dt.UTC)
        practice.save()
        practice.school_types.set(SchoolType.objects.order_by("pk")[:4])
    client.force_login(UserFactory(roles=[Role.STAFF]))
    body = client.get(reverse("admin:ambassadors_goodpractice_history", args=[practice.pk])).content.decode()
    assert "Geschiedenis: " in body and "View history" not in body
    for header in ("Soort wijziging", "Gewijzigd door", "Reden", "Wijzigingen"):
        assert header in body, header
    assert "Aangemaakt" in body and "Gewijzigd" in body
    assert "concept" in body and "gepubliceerd" in body and "&rarr;" in body
    assert "7 december 2026 09:00" in body  # Amsterdam time, as the screens write it
    assert "—" in body  # published_at was empty
    names = [str(t) for t in SchoolType.objects.order_by("pk")[:4]]
    assert ", ".join(names) in body  # the whole list, not "[… [53 chars] …]"
    for raw in ("None", "+00:00", "chars]", "draft", "published"):
        assert raw not in body.split("<table", 1)[1], raw
