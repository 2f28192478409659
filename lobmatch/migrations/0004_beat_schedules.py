"""The periodic tasks of the outbox and the reminders, as django-celery-beat rows (editable in the admin).

Created once: a schedule that staff changed in the admin is left alone by later migrations.
"""

from django.db import migrations
from django.utils import timezone

TASKS = [
    {
        "name": "LOB-match: herinneringen versturen",
        "task": "lobmatch.tasks.run_reminders",
        "crontab": {"minute": "0", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"},
        "expire_seconds": 50 * 60,
        "description": "Elk uur: concept-aanmeldingen (7 en 1 dag voor de deadline), bijeenkomsten (7 en 1 dag "
                       "vooraf), niet vastgelegde bijeenkomsten, declaraties om in te dienen en het wekelijkse "
                       "overzicht voor financiën. Een gemiste run wordt ingehaald; niets gaat twee keer.",
    },
    {
        "name": "LOB-match: wachtende berichten doorsturen",
        "task": "lobmatch.tasks.dispatch_pending",
        "interval": {"every": 1, "period": "minutes"},
        "expire_seconds": 50,
        "description": "Elke minuut: berichten die nog wachten (bijvoorbeeld omdat Redis even weg was) alsnog "
                       "aan de workers geven.",
    },
]


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for spec in TASKS:
        if PeriodicTask.objects.filter(name=spec["name"]).exists():
            continue
        schedule = {}
        if "crontab" in spec:
            schedule["crontab"], _ = CrontabSchedule.objects.get_or_create(timezone="Europe/Amsterdam",
                                                                           **spec["crontab"])
        else:
            schedule["interval"], _ = IntervalSchedule.objects.get_or_create(**spec["interval"])
        PeriodicTask.objects.create(name=spec["name"], task=spec["task"], enabled=True,
                                    expire_seconds=spec["expire_seconds"], description=spec["description"],
                                    **schedule)
    # Tell a running beat (DatabaseScheduler) that the schedule changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[spec["name"] for spec in TASKS]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("lobmatch", "0003_reminders_outbox_dispatched_at"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
