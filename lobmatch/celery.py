"""The Celery application. Without CELERY_BROKER_URL the settings make every task run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lobmatch.settings.base")

app = Celery("lobmatch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
