"""Celery tasks of the trajectories area. The reminders run through ``lobmatch.tasks.run_reminders`` (all) and
``lobmatch.tasks.run_reminder`` (one, by name); the report tasks live in ``report_tasks``."""

from . import report_tasks  # noqa: F401 - Celery autodiscovers tasks.py only
