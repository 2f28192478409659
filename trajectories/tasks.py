"""Celery tasks of the trajectories area. The reminders run through ``lobmatch.tasks.run_reminders`` (all) and
``lobmatch.tasks.run_reminder`` (one, by name)."""

from celery import shared_task

from .services import generated_reports


@shared_task(acks_late=True)
def build_report(report_id: int):
    """Render one requested report (handed over by the outbox, see :mod:`trajectories.services.generated_reports`);
    failures are recorded on the report row, so the task itself does not retry."""
    report = generated_reports.build_report(report_id, resume=True)
    return report.status if report is not None else None
