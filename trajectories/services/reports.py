"""Large reports rendered in the background: the tranche overview and a zip of all trajectory reports of a tranche.

The :class:`~trajectories.models.GeneratedReport` row is the durable record of the request (like the outbox for
mail): it is written in the request's transaction and the task is handed to Celery after commit. If the broker is
away the row stays *pending* and the status page hands it over again (:func:`redispatch_if_stale`). The task claims
the row with one conditional UPDATE, so a repeated or duplicated task renders a report at most once. Without a
broker (the embedded default) Celery runs eagerly and the report is ready when the request returns.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import zipfile

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lobmatch.models import Tranche

from ..models import GeneratedReport, Trajectory

log = logging.getLogger(__name__)

TRANCHE_OVERVIEW = "tranche_overview"
TRAJECTORY_ZIP = "trajectory_zip"
KINDS = {
    TRANCHE_OVERVIEW: _("Overzicht van de tranche (PDF)"),
    TRAJECTORY_ZIP: _("Alle trajectrapporten van de tranche (zip)"),
}
STALE_PENDING = dt.timedelta(minutes=2)
STALE_RUNNING = dt.timedelta(minutes=30)


class ReportError(Exception):
    pass


def request_report(*, kind: str, tranche: Tranche, by) -> GeneratedReport:
    """Record the request and schedule the rendering after commit. An identical request that is still pending or
    running is reused instead of rendering twice."""
    if kind not in KINDS:
        raise ReportError(f"Unknown report kind {kind!r}")
    with transaction.atomic():
        Tranche.objects.select_for_update().filter(pk=tranche.pk).first()  # serialise identical requests
        running = GeneratedReport.objects.filter(
            kind=kind, tranche=tranche, status__in=[GeneratedReport.Status.PENDING, GeneratedReport.Status.RUNNING],
            created_at__gte=timezone.now() - STALE_RUNNING,
        ).first()
        if running is not None:
            return running
        report = GeneratedReport.objects.create(kind=kind, tranche=tranche, requested_by=by)
        transaction.on_commit(lambda: dispatch(report.pk))
    report.refresh_from_db()
    return report


def dispatch(report_id: int) -> None:
    from ..report_tasks import build_report

    try:
        build_report.delay(report_id)
    except Exception:  # noqa: BLE001 - a broker error must not fail the request; the status page retries
        log.warning("Broker unavailable; report %s stays pending", report_id, exc_info=True)


def redispatch_if_stale(report: GeneratedReport) -> bool:
    """Hand a report that waited too long (broker was down, worker died) to Celery again."""
    now = timezone.now()
    stale = (report.status == GeneratedReport.Status.PENDING and report.created_at < now - STALE_PENDING) or (
        report.status == GeneratedReport.Status.RUNNING
        and (report.started_at or report.created_at) < now - STALE_RUNNING)
    if stale:
        dispatch(report.pk)
    return stale


def _claim(report_id: int) -> GeneratedReport | None:
    now = timezone.now()
    # A running report is taken over only when its worker started it long ago (it died): judged by when it was
    # started, not created, or a long report (or one that waited for the broker) would be re-run on every poll.
    stale = Q(started_at__lt=now - STALE_RUNNING) | Q(started_at__isnull=True, created_at__lt=now - STALE_RUNNING)
    claimable = Q(status=GeneratedReport.Status.PENDING) | (Q(status=GeneratedReport.Status.RUNNING) & stale)
    if not GeneratedReport.objects.filter(claimable, pk=report_id).update(
            status=GeneratedReport.Status.RUNNING, progress=1, error="", started_at=now):
        return None
    return GeneratedReport.objects.select_related("tranche").get(pk=report_id)


def set_progress(report: GeneratedReport, percent: int) -> None:
    percent = max(1, min(99, int(percent)))
    if percent != report.progress:
        report.progress = percent
        GeneratedReport.objects.filter(pk=report.pk).update(progress=percent)


def build_report(report_id: int) -> GeneratedReport | None:
    """Render one requested report (the task body). Returns None when another run already has it."""
    report = _claim(report_id)
    if report is None:
        return None
    try:
        name, content = RENDERERS[report.kind](report)
        try:
            report.file.save(name, content, save=False)
        finally:
            content.close()
    except Exception as exc:  # noqa: BLE001 - record the failure on the row; the user can ask again
        log.exception("Report %s failed", report_id)
        GeneratedReport.objects.filter(pk=report.pk).update(
            status=GeneratedReport.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now())
        report.refresh_from_db()
        return report
    report.status, report.progress, report.finished_at = GeneratedReport.Status.DONE, 100, timezone.now()
    report.save(update_fields=["file", "status", "progress", "finished_at"])
    return report


def _overview(report: GeneratedReport):
    from ..reports import render_tranche_overview

    set_progress(report, 10)
    content = render_tranche_overview(report.tranche)
    set_progress(report, 95)
    return f"overzicht-tranche-{report.tranche.number}.pdf", ContentFile(content)


def _zip(report: GeneratedReport):
    from ..reports import trajectory_report_filename, trajectory_reports

    queryset = Trajectory.objects.filter(tranche=report.tranche).exclude(status=Trajectory.Status.CANCELLED)
    total = queryset.count()
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the storage below, closed after saving
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, (trajectory, content) in enumerate(trajectory_reports(queryset), start=1):
            archive.writestr(trajectory_report_filename(trajectory), content)
            set_progress(report, 2 + 96 * done / max(total, 1))
        if not total:
            archive.writestr("LEESMIJ.txt", "Deze tranche heeft nog geen trajecten.\n")
    spool.seek(0)
    return f"trajectrapporten-tranche-{report.tranche.number}.zip", File(spool)


RENDERERS = {TRANCHE_OVERVIEW: _overview, TRAJECTORY_ZIP: _zip}
