"""Defects found in the review of the catalogue and the reports, each held by a test."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ambassadors.services import unique_slug
from partners.selectors import choosable_practices
from tests.factories import GoodPracticeFactory, TrancheFactory, UserFactory
from trajectories.models import GeneratedReport
from trajectories.services import generated_reports

pytestmark = pytest.mark.django_db


def test_a_long_running_report_is_not_taken_over_while_its_worker_is_at_it():
    tranche = TrancheFactory()
    report = GeneratedReport.objects.create(kind="tranche_overview", tranche=tranche,
                                            requested_by=UserFactory(is_staff=True))
    GeneratedReport.objects.filter(pk=report.pk).update(created_at=timezone.now() - dt.timedelta(minutes=40))
    assert generated_reports.start_report(report.pk) is not None  # waited 40 minutes for the broker: a worker takes it
    assert generated_reports.start_report(report.pk) is None  # and nobody else while it runs
    report.refresh_from_db()
    assert generated_reports.build_report(report.pk) is None  # a repeated task renders nothing while it runs
    GeneratedReport.objects.filter(pk=report.pk).update(started_at=timezone.now() - dt.timedelta(hours=2))
    assert generated_reports.start_report(report.pk) is not None  # its worker died long ago: taken over


def test_a_deactivated_ambassador_schools_practice_is_neither_public_nor_choosable():
    TrancheFactory()
    practice = GoodPracticeFactory(title="Loopbaandossier")
    practice.ambassador.active = False
    practice.ambassador.save()
    assert practice not in choosable_practices()
    assert "Loopbaandossier" not in Client().get("/good-practices/").content.decode()
    assert Client().get(reverse("ambassadors:practice_detail", args=[practice.slug])).status_code == 404


def test_one_bad_filter_keeps_the_search():
    TrancheFactory()
    GoodPracticeFactory(title="Ondernemersavond", summary="ondernemersvereniging")
    GoodPracticeFactory(title="Bedrijvenroute")
    body = Client().get("/good-practices/", {"q": "ondernemersavond", "theme": "bestaat-niet"}).content.decode()
    assert "Ondernemersavond" in body and "Bedrijvenroute" not in body


def test_the_ambassador_school_name_is_searchable():
    TrancheFactory()
    practice = GoodPracticeFactory(title="Reflectiegesprekken")
    practice.ambassador.school.name = "Zonnewijzer College"
    practice.ambassador.school.save()
    body = Client().get("/good-practices/", {"q": "Zonnewijzer"}).content.decode()
    assert "Reflectiegesprekken" in body


@pytest.mark.parametrize("title", ["Nieuw", "Mijn", "School", "Materiaal"])
def test_a_title_never_takes_a_path_of_the_catalogue(title):
    slug = unique_slug(title)
    assert slug != title.lower() and slug.startswith(title.lower())
