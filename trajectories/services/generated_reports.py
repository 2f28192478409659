"""Large reports rendered in the background: the tranche overview and a zip of all trajectory reports of a tranche.

The :class:`~trajectories.models.GeneratedReport` row records the request, its progress and its file. The rendering
goes through the outbox like every mail (:func:`lobmatch.outbox.enqueue_task`, in the request's transaction): handed
to Celery after commit, again by the sweep when the broker was away or the worker died. The task starts the row
with one conditional UPDATE (:func:`start_report`), so a repeated or duplicated task renders a report at most once.
Without a broker (the embedded default) Celery runs eagerly and the report is ready when the request returns.
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
from lobmatch.outbox import enqueue_task

from .. import documents
from ..models import GeneratedReport, Trajectory

log = logging.getLogger(__name__)

TRANCHE_OVERVIEW = "tranche_overview"
TRAJECTORY_ZIP = "trajectory_zip"
KINDS = {
    TRANCHE_OVERVIEW: _("Overzicht van de tranche (PDF)"),
    TRAJECTORY_ZIP: _("Alle trajectrapporten van de tranche (zip)"),
}
BUILD_TASK = "trajectories.tasks.build_report"
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
        enqueue_task(BUILD_TASK, args=[report.pk], dedupe_key=f"report:{report.pk}")
    report.refresh_from_db()
    return report


def start_report(report_id: int, *, resume: bool = False) -> GeneratedReport | None:
    """Mark the report running for this worker; None when another worker has it (or it is done).

    A running report is taken over when its worker started it long ago (judged by when it was started, not
    created: a long report, or one that waited for the broker, is not run twice), or with ``resume``: the outbox
    delivers the report's one message to one worker at a time and again only after that worker is gone, so a
    report still running when its message is delivered again was left by a dead worker."""
    now = timezone.now()
    stale = Q(started_at__lt=now - STALE_RUNNING) | Q(started_at__isnull=True, created_at__lt=now - STALE_RUNNING)
    running = Q(status=GeneratedReport.Status.RUNNING) if resume else Q(status=GeneratedReport.Status.RUNNING) & stale
    claimable = Q(status=GeneratedReport.Status.PENDING) | running
    if not GeneratedReport.objects.filter(claimable, pk=report_id).update(
            status=GeneratedReport.Status.RUNNING, progress=1, error="", started_at=now):
        return None
    return GeneratedReport.objects.select_related("tranche").get(pk=report_id)


def set_progress(report: GeneratedReport, percent: int) -> None:
    percent = max(1, min(99, int(percent)))
    if percent != report.progress:
        report.progress = percent
        GeneratedReport.objects.filter(pk=report.pk).update(progress=percent)


def build_report(report_id: int, *, resume: bool = False) -> GeneratedReport | None:
    """Render one requested report (the task's body; the task resumes, see :func:`start_report`). Returns None
    when another run already has it."""
    report = start_report(report_id, resume=resume)
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
    set_progress(report, 10)
    content = documents.render_tranche_overview(report.tranche)
    set_progress(report, 95)
    return f"overzicht-tranche-{report.tranche.number}.pdf", ContentFile(content)


def _zip(report: GeneratedReport):
    queryset = Trajectory.objects.filter(tranche=report.tranche).exclude(status=Trajectory.Status.CANCELLED)
    total = queryset.count()
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the storage below, closed after saving
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, (trajectory, content) in enumerate(documents.trajectory_reports(queryset), start=1):
            archive.writestr(documents.trajectory_report_filename(trajectory), content)
            set_progress(report, 2 + 96 * done / max(total, 1))
        if not total:
            archive.writestr("LEESMIJ.txt", "Deze tranche heeft nog geen trajecten.\n")
    spool.seek(0)
    return f"trajectrapporten-tranche-{report.tranche.number}.zip", File(spool)


RENDERERS = {TRANCHE_OVERVIEW: _overview, TRAJECTORY_ZIP: _zip}
