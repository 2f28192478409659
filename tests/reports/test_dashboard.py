"""The staff dashboard and the background reports: same figures as the overview, constant queries, progress."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from lobmatch.charts import Series, bar_chart, line_chart
from lobmatch.models import Role, Theme
from tests.factories import (
    GoodPracticeFactory,
    MeetingFactory,
    PartnerApplicationFactory,
    PreferenceFactory,
    ReimbursementClaimFactory,
    SchoolFactory,
    TrajectoryFactory,
    TrancheFactory,
    UserFactory,
)
from trajectories import documents
from trajectories.models import GeneratedReport, Meeting
from trajectories.services import generated_reports

from .conftest import make_trajectory

pytestmark = pytest.mark.django_db


def add_trajectories(tranche, n):
    for i in range(n):
        application = PartnerApplicationFactory(tranche=tranche, status="matched")
        trajectory = TrajectoryFactory(application=application, tranche=tranche)
        PreferenceFactory(application=application, practice=trajectory.practice, rank=1)
        MeetingFactory(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=1, status="held", progress=3)
        ReimbursementClaimFactory(trajectory=trajectory, status="paid" if i % 2 else "approved",
                                  amount=Decimal("100.00"))


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(roles=[Role.STAFF]))
    return client


def test_dashboard_shows_each_chart_with_its_numbers(staff_client):
    trajectory = make_trajectory()
    add_trajectories(trajectory.tranche, 3)
    response = staff_client.get(reverse("trajectories:dashboard"), {"tranche": trajectory.tranche_id})
    assert response.status_code == 200
    html = response.content.decode()
    figures = documents.tranche_figures(trajectory.tranche)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == len(figures.figures) == 5
    assert html.count("<caption>") == 5 and html.count('<th scope="row">') >= 5 + 12
    for figure in figures.figures:
        assert f'id="dash-{figure.key}-title"' in html and figure.title in html
    assert "€\u00a0300,00" in html  # three paid claims of € 100,00 (make_trajectory's claim is a draft)
    assert "75%" in html  # three of the four trajectories got their first choice


def test_dashboard_queries_do_not_grow_with_the_tranche(staff_client, django_assert_max_num_queries):
    trajectory = make_trajectory()
    url = reverse("trajectories:dashboard") + f"?tranche={trajectory.tranche_id}"
    with CaptureQueriesContext(connection) as one:
        assert staff_client.get(url).status_code == 200
    add_trajectories(trajectory.tranche, 25)
    with django_assert_max_num_queries(len(one)):
        assert staff_client.get(url).status_code == 200
    assert len(one) <= 16


def test_tranche_figures_in_eight_queries(django_assert_num_queries):
    trajectory = make_trajectory()
    with django_assert_num_queries(8):
        documents.tranche_figures(trajectory.tranche)
    add_trajectories(trajectory.tranche, 20)
    with django_assert_num_queries(8):
        figures = documents.tranche_figures(trajectory.tranche)
    assert figures.live_applications == 21 and figures.first_choice == 20


def test_trajectory_reports_gather_in_constant_queries(django_assert_num_queries):
    first = make_trajectory()
    with django_assert_num_queries(7):
        documents.trajectory_report_data(documents.report_queryset().filter(pk=first.pk))
    for _ in range(3):
        make_trajectory(application=PartnerApplicationFactory(tranche=first.tranche, status="matched"))
    with django_assert_num_queries(7):
        data = documents.trajectory_report_data(documents.report_queryset().filter(tranche=first.tranche))
    assert len(data) == 4 and all(len(r.meetings) == 5 and len(r.members) == 7 for r in data)


def test_dashboard_without_tranches(staff_client):
    response = staff_client.get(reverse("trajectories:dashboard"))
    assert response.status_code == 200 and "Er is nog geen tranche" in response.content.decode()


def test_tranche_overview_in_the_background_with_progress(staff_client, django_capture_on_commit_callbacks):
    trajectory = make_trajectory()
    url = reverse("trajectories:report_request", args=[trajectory.tranche_id, "tranche_overview"])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url)
    report = GeneratedReport.objects.get()
    assert response["Location"] == reverse("trajectories:report_status", args=[report.pk])
    assert report.status == "done" and report.progress == 100  # Celery is eager without a broker
    status = staff_client.get(reverse("trajectories:report_status_json", args=[report.pk])).json()
    assert status["status"] == "done" and status["download_url"] == reverse("trajectories:report_download",
                                                                            args=[report.pk])
    page = staff_client.get(response["Location"]).content.decode()
    assert "Download het rapport" in page and "report_progress.js" in page
    download = staff_client.get(status["download_url"])
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF-") and download["Content-Type"] == "application/pdf"
    assert f"overzicht-tranche-{trajectory.tranche.number}.pdf" in download["Content-Disposition"]


def test_zip_of_all_trajectory_reports(staff_client, django_capture_on_commit_callbacks):
    first = make_trajectory()
    make_trajectory(application=PartnerApplicationFactory(tranche=first.tranche, status="matched"))
    TrajectoryFactory(application=PartnerApplicationFactory(tranche=first.tranche, status="matched"),
                      tranche=first.tranche, status="cancelled")
    url = reverse("trajectories:report_request", args=[first.tranche_id, "trajectory_zip"])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url)
    report = GeneratedReport.objects.get()
    assert report.status == "done"
    download = staff_client.get(reverse("trajectories:report_download", args=[report.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert len(names) == 2 and all(n.endswith(".pdf") for n in names)
    assert len(PdfReader(io.BytesIO(archive.read(names[0]))).pages) == 3


def test_a_pending_report_shows_progress_and_a_refresh_link(staff_client):
    trajectory = make_trajectory()
    report = GeneratedReport.objects.create(kind="tranche_overview", tranche=trajectory.tranche,
                                            requested_by=UserFactory(roles=[Role.STAFF]), progress=40,
                                            status="running")
    page = staff_client.get(reverse("trajectories:report_status", args=[report.pk])).content.decode()
    assert 'value="40"' in page and "Vernieuw deze pagina" in page and "Download het rapport" in page
    assert staff_client.get(reverse("trajectories:report_download", args=[report.pk])).status_code == 404
    assert staff_client.get(reverse("trajectories:report_status_json", args=[report.pk])).json()["progress"] == 40


def test_broker_down_keeps_the_report_pending_then_the_outbox_sweep_hands_it_over(
        monkeypatch, django_capture_on_commit_callbacks):
    from celery.app.task import Task

    from lobmatch import mailing
    from lobmatch.models import OutboxMessage

    trajectory = make_trajectory()
    staff = UserFactory(roles=[Role.STAFF])

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is away")

    monkeypatch.setattr(Task, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):  # no exception reaches the user
        report = generated_reports.request_report(kind="tranche_overview", tranche=trajectory.tranche, by=staff)
    report.refresh_from_db()
    assert report.status == "pending"
    # Recorded in the outbox like a mail, not in a queue of its own.
    message = OutboxMessage.objects.get(dedupe_key=f"report:{report.pk}")
    assert (message.kind, message.status, message.payload["task"]) == ("task", "pending", generated_reports.BUILD_TASK)
    # The same request while it waits reuses it.
    assert generated_reports.request_report(kind="tranche_overview", tranche=trajectory.tranche, by=staff) == report
    monkeypatch.undo()
    assert mailing.dispatch_pending() == 1  # the sweep (every minute), once the broker is back
    report.refresh_from_db()
    assert report.status == "done"
    message.refresh_from_db()
    assert message.status == "sent"


def test_a_report_left_running_by_a_dead_worker_is_resumed_when_the_outbox_delivers_it_again():
    trajectory = make_trajectory()
    report = GeneratedReport.objects.create(kind="tranche_overview", tranche=trajectory.tranche,
                                            requested_by=UserFactory(roles=[Role.STAFF]))
    assert generated_reports.start_report(report.pk) is not None  # a worker starts it, then dies
    assert generated_reports.build_report(report.pk) is None  # a stray duplicate does not take it over
    assert generated_reports.build_report(report.pk, resume=True).status == "done"  # the outbox's redelivery does


def test_a_report_is_rendered_once_even_when_the_task_runs_twice():
    trajectory = make_trajectory()
    report = GeneratedReport.objects.create(kind="tranche_overview", tranche=trajectory.tranche,
                                            requested_by=UserFactory(roles=[Role.STAFF]))
    assert generated_reports.build_report(report.pk).status == "done"
    assert generated_reports.build_report(report.pk) is None


def test_a_failing_report_is_recorded_not_raised(monkeypatch):
    trajectory = make_trajectory()
    report = GeneratedReport.objects.create(kind="tranche_overview", tranche=trajectory.tranche,
                                            requested_by=UserFactory(roles=[Role.STAFF]))

    def boom(tranche):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(documents, "render_tranche_overview", boom)
    done = generated_reports.build_report(report.pk)
    assert done.status == "failed" and "no fonts" in done.error


def test_charts_are_labelled_and_escaped():
    svg = bar_chart(["<b>Zuid-Holland</b>", "Utrecht"], Series("aanmeldingen", [3, 0]), title="Per <provincie>",
                    desc="Twee & meer", chart_id="c1")
    assert 'role="img" aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Per &lt;provincie&gt;</title>' in svg and "Twee &amp; meer" in svg
    assert "&lt;b&gt;Zuid-Holland&lt;/b&gt;" in svg and "<b>" not in svg and "style=" not in svg
    line = line_chart(["1", "2", "3"], [Series("a", [2, None, 4]), Series("b", [1, 2, 3])], title="t", desc="d",
                      chart_id="c2", y_min=1, y_max=5)
    assert line.count("<circle") == 5 and line.count("<polyline") == 2


def test_dashboard_counts_only_decided_matches_and_shows_the_denominator(staff_client):
    """A proposal is not a result: the first-choice figure counts confirmed and published trajectories only,
    and says of how many ("2 van 3"); open proposals are shown as such."""
    first = make_trajectory()  # published, got its first choice
    PreferenceFactory(application=first.application, practice=first.practice, rank=1)
    tranche = first.tranche
    for status, rank in [("confirmed", 1), ("published", 2), ("proposed", 1)]:
        application = PartnerApplicationFactory(tranche=tranche, status="submitted")
        trajectory = TrajectoryFactory(application=application, tranche=tranche, status=status)
        PreferenceFactory(application=application, practice=trajectory.practice, rank=rank)
    figures = dict(documents.tranche_figures(tranche).kpis)
    assert figures["eerste keuze gehonoreerd"] == "2 van 3 (67%)"
    assert figures["trajecten (bevestigd of gepubliceerd)"] == "3"
    assert figures["voorstellen, nog niet bevestigd"] == "1"
    html = staff_client.get(reverse("trajectories:dashboard"), {"tranche": tranche.pk}).content.decode()
    assert "2 van 3 (67%)" in html and "75%" not in html


def test_province_and_theme_figures_count_live_applications_and_first_choices():
    """Applications per province (and of those matched) and first choices per theme: drafts and withdrawn ones do
    not count, a practice with two themes counts for both, a second choice counts for none."""
    tranche = TrancheFactory()
    careers = GoodPracticeFactory(theme_slugs=["externe-partijen"])
    both = GoodPracticeFactory(theme_slugs=["externe-partijen", "ouders-en-verzorgers"])
    for province, status, first in [("UT", "submitted", careers), ("UT", "matched", both), ("ZH", "matched", both),
                                    ("ZH", "draft", careers), ("GR", "withdrawn", both), ("", "submitted", careers)]:
        application = PartnerApplicationFactory(tranche=tranche, status=status, school=SchoolFactory(province=province))
        PreferenceFactory(application=application, practice=first, rank=1)
        PreferenceFactory(application=application, practice=both if first == careers else careers, rank=2)

    figures = {f.key: dict(f.rows) for f in documents.tranche_figures(tranche).figures}

    assert figures["provinces"] == {"Utrecht": [2, 1], "Zuid-Holland": [1, 1], "onbekend": [1, 0]}
    themes = {label: values for label, values in figures["themes"].items() if values != [0]}
    assert themes == {Theme.objects.get(slug="externe-partijen").label: [4],
                      Theme.objects.get(slug="ouders-en-verzorgers").label: [2]}
