"""Thin Celery tasks of the trajectories area. The beat runs every reminder through
``lobmatch.tasks.run_reminders``; these run one reminder on its own (e.g. from the admin's periodic tasks)."""

from celery import shared_task

from . import report_tasks  # noqa: F401 - Celery autodiscovers tasks.py only


@shared_task(acks_late=True)
def run_meeting_reminders():
    from .reminders import run_meeting_reminders as run

    return run()


@shared_task(acks_late=True)
def run_unlogged_meeting_reminders():
    from .reminders import run_unlogged_meeting_reminders as run

    return run()


@shared_task(acks_late=True)
def run_claim_reminders():
    from .reminders import run_claim_reminders as run

    return run()


@shared_task(acks_late=True)
def run_finance_digest():
    from .reminders import run_finance_digest as run

    return run()
