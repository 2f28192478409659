"""What django-celery-beat says in English that no translation reaches: a crontab's name ("0 * * * * (m/h/dM/MY/d)
Europe/Amsterdam") in the task's choice of crontab, the lists and the page titles; the refusal of a task that does not
exist (its msgid holds the task's name); and its check of one schedule per task (words gettext never sees). The
admin says them in Dutch."""

import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from tests.factories import UserFactory
from tests.security.adminforms import admin_form_data

pytestmark = pytest.mark.django_db

REMINDERS = "lobmatch.tasks.run_reminders"
ABBREVIATIONS = "(m/h/dM/MY/d)"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def staff():
    return login(UserFactory(roles=["staff"]))


def superuser():
    return login(UserFactory(email="root@example.org", is_superuser=True, is_staff=True))


def html(client, url) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def test_a_crontab_is_named_in_words_wherever_staff_see_it():
    task = PeriodicTask.objects.select_related("crontab").get(task=REMINDERS)
    client = staff()
    pages = {name: html(client, url) for name, url in {
        "task": reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]),
        "tasks": reverse("admin:django_celery_beat_periodictask_changelist"),
        "crontab": reverse("admin:django_celery_beat_crontabschedule_change", args=[task.crontab_id]),
        "crontabs": reverse("admin:django_celery_beat_crontabschedule_changelist")}.items()}
    for name, page in pages.items():
        assert ABBREVIATIONS not in page, name
    option = re.search(rf'<select name="crontab"[^>]*>.*?<option value="{task.crontab_id}"[^>]*>(.*?)</option>',
                       pages["task"], re.S)
    assert option and option.group(1) == "Elk uur Europe/Amsterdam"
    assert "<title>LOB-match: herinneringen versturen: Elk uur Europe/Amsterdam | Geplande taak wijzigen" \
           in pages["task"]
    assert "Elk uur Europe/Amsterdam" in pages["tasks"]  # the list's column "planning"
    assert "<h2>Elk uur Europe/Amsterdam</h2>" in pages["crontab"]
    # the list of crontabs: the name in words, then the five fields under their Dutch headers
    headers = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', pages["crontabs"])
    assert headers[-6:] == ["minute", "hour", "day_of_month", "month_of_year", "day_of_week", "timezone"]
    with translation.override("nl"):
        assert str(CrontabSchedule(minute="0", hour="8", day_of_week="1", timezone="Europe/Amsterdam")) \
            .startswith("Om 08:00, alleen op maandag")


def test_running_a_task_that_does_not_exist_is_refused_in_dutch():
    interval = IntervalSchedule.objects.get(every=1, period=IntervalSchedule.MINUTES)
    gone = PeriodicTask.objects.create(name="Oude taak", task="lobmatch.tasks.bestaat_niet", interval=interval)
    changelist = reverse("admin:django_celery_beat_periodictask_changelist")
    response = superuser().post(changelist, {"action": "run_tasks", "_selected_action": [gone.pk], "index": "0"},
                                HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302
    with translation.override("nl"):
        said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["De taak “lobmatch.tasks.bestaat_niet” bestaat niet; er is niets gestart."]


def errors(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", e).strip() for e in re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page,
                                                                   re.S)]


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_a_task_with_two_schedules_or_none_is_refused_in_dutch(who):
    task = PeriodicTask.objects.get(task=REMINDERS)
    interval = IntervalSchedule.objects.get(every=1, period=IntervalSchedule.MINUTES)
    client = staff() if who == "staff" else superuser()
    url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])
    data = admin_form_data(html(client, url))
    for interval_value, expected in ((str(interval.pk), "Kies één soort planning en laat de andere leeg."),
                                     ("", None)):
        data.update(interval=[interval_value], _save=[""])
        if expected is None:  # neither an interval nor a crontab
            data.update(crontab=[""])
            expected = "Kies een planning voor deze taak: een interval of een cronschema."
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 200, who
        page = unescape(response.content.decode())
        assert expected in errors(page), (who, errors(page))
        assert "must be set" not in page and "Only one of" not in page
    assert PeriodicTask.objects.get(pk=task.pk).crontab_id == task.crontab_id
