"""Thin Celery tasks of the reports area (imported by trajectories/tasks.py, which Celery autodiscovers)."""

from celery import shared_task


@shared_task(acks_late=True)
def build_report(report_id: int):
    """Render one requested report; failures are recorded on the report row, so the task itself does not retry."""
    from .services.reports import build_report as run

    report = run(report_id)
    return report.status if report is not None else None
