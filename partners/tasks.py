"""Thin Celery tasks of the applications area (the beat runs them all through ``lobmatch.tasks.run_reminders``)."""

from celery import shared_task


@shared_task(acks_late=True)
def run_draft_reminders():
    from .reminders import run_draft_reminders as run

    return run()
