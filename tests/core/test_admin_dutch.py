"""The admin speaks Dutch throughout: every changelist and add page, the app names and the page titles."""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.text import capfirst

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# English names that third-party apps bring along (django-celery-beat, allauth) or a model without verbose_name shows.
ENGLISH = ["Periodic tasks", "Periodic Tasks", "Periodic task", "Clocked", "Crontabs", "Intervals", "Solar events",
           "Solar event", "Pulse responses", "Pulse response", "MFA", "Execution Options", "Add", "Select",
           "Change", "Scheduler", "Interval Schedule", "Crontab Schedule", "Start Datetime", "One-off Task"]


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _pages():
    for model in admin.site._registry:
        opts = model._meta
        for view in ("changelist", "add"):
            try:
                yield model, view, reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
            except NoReverseMatch:
                continue


def test_every_admin_list_and_add_page_is_dutch(client):
    client.force_login(UserFactory(email="root@example.org", is_superuser=True, is_staff=True))
    pages = list(_pages())
    assert len(pages) > 30
    checked = 0
    for model, view, url in [(None, "index", reverse("admin:index")), *pages]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
        if response.status_code == 403:  # e.g. the outbox and the status log are written by the system only
            continue
        assert response.status_code == 200, url
        checked += 1
        text = _visible_text(response.content.decode())
        found = [word for word in ENGLISH if re.search(rf"\b{re.escape(word.strip())}\b", text)]
        assert not found, (url, found, [text[max(0, text.find(w) - 60):text.find(w) + 40] for w in found])
        if model is not None:
            with translation.override("nl"):
                name = str(capfirst(model._meta.verbose_name if view == "add" else model._meta.verbose_name_plural))
            title = re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()
            # sentence case: "Aanmelding partnerschool toevoegen", "Selecteer aanmelding partnerschool om te wijzigen"
            expected = f"{name} toevoegen" if view == "add" else None
            if expected:
                assert title == expected, (url, title)
            assert title[0].isupper() and not re.search(r" [A-Z][a-z]", title.replace(name, "")), (url, title)
    assert checked > 25


def test_a_saved_object_is_named_without_an_article_that_does_not_fit_it(client):
    """Django's Dutch says "De {name} … is met succes gewijzigd" for every model, also for "het LOB-thema" or
    "het traject"; the programme's messages name the object first and its kind after it."""
    from django.contrib.messages import get_messages

    from lobmatch.models import Theme

    client.force_login(UserFactory(email="root@example.org", is_superuser=True, is_staff=True))
    theme = Theme.objects.order_by("order").first()
    url = reverse("admin:lobmatch_theme_change", args=[theme.pk])
    data = {"slug": theme.slug, "name": theme.name, "name_en": theme.name_en, "description": "Nieuw",
            "order": theme.order}
    with translation.override("nl"):
        response = client.post(url, {**data, "_continue": "1"}, HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 302
        said = [re.sub(r"<[^>]+>", "", str(message)) for message in get_messages(response.wsgi_request)]
    assert said == [f"‘{theme.label}’ (LOB-thema) is gewijzigd. Hieronder kunt u verder wijzigen."]


# django-celery-beat's words that are Dutch as well (and the programme's own Dutch label of the task's name).
SAME_IN_DUTCH = {"interval", "ID", "taaknaam"}


def _beat_english() -> set[str]:
    """What django-celery-beat says in English on its pages: its models' labels, help texts and choices (their
    gettext source) and the texts it never hands to gettext."""
    from django.apps import apps

    texts = {"Task Name", "Crontab translation", "Human readable", "Every hour", "every minute"}
    with translation.override(None):
        for model in apps.get_app_config("django_celery_beat").get_models():
            for field in model._meta.get_fields():
                choices = getattr(field, "choices", None) if field.name != "timezone" else None  # (place names)
                texts.update(str(text) for text in (getattr(field, "verbose_name", ""),
                                                    getattr(field, "help_text", ""),
                                                    *(label for _value, label in choices or ())))
    return texts - SAME_IN_DUTCH - {""}


def test_the_scheduled_task_pages_are_dutch(client):
    """django-celery-beat ships no Dutch: the crontab, interval and periodic-task pages, as staff and the superuser
    see them, said "Minute(s)", "Cron Timezone", "Human readable: Every hour", "every minute" and its help texts in
    English."""
    from django.contrib.messages import get_messages
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    task = PeriodicTask.objects.select_related("crontab").get(task="lobmatch.tasks.run_reminders")
    interval = IntervalSchedule.objects.get(every=1, period=IntervalSchedule.MINUTES)
    english = _beat_english()
    assert {"Minute(s)", "Cron Timezone", "Sunrise", "Number of Periods"} <= english  # the list is the package's
    pages = {
        "staff": [reverse("admin:django_celery_beat_periodictask_changelist"),
                  reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]),
                  reverse("admin:django_celery_beat_crontabschedule_changelist"),
                  reverse("admin:django_celery_beat_crontabschedule_change", args=[task.crontab_id]),
                  reverse("admin:django_celery_beat_crontabschedule_add"),
                  reverse("admin:django_celery_beat_intervalschedule_changelist"),
                  reverse("admin:django_celery_beat_intervalschedule_change", args=[interval.pk]),
                  reverse("admin:django_celery_beat_intervalschedule_add"),
                  reverse("admin:django_celery_beat_solarschedule_changelist"),
                  reverse("admin:django_celery_beat_clockedschedule_changelist")],
        "superuser": [reverse("admin:django_celery_beat_periodictask_add"),
                      reverse("admin:django_celery_beat_solarschedule_add"),
                      reverse("admin:django_celery_beat_clockedschedule_add")],
    }
    users = {"staff": UserFactory(roles=["staff"]),
             "superuser": UserFactory(email="root@example.org", is_superuser=True, is_staff=True)}
    for who, urls in pages.items():
        client.force_login(users[who])
        for url in urls:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
            assert response.status_code == 200, (who, url)
            text = unescape(_visible_text(response.content.decode()))
            found = [words for words in english if re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text)]
            assert not found, (who, url, found)
    # the crontab and the interval in words, as the lists and the task's page show them
    client.force_login(users["staff"])
    page = unescape(_visible_text(client.get(pages["staff"][1]).content.decode()))
    assert "In woorden: Elk uur Europe/Amsterdam" in page
    assert "eens per minuut" in unescape(_visible_text(client.get(pages["staff"][0]).content.decode()))
    with translation.override("nl"):
        words = admin.site._registry[CrontabSchedule].in_words(
            CrontabSchedule(minute="0", hour="8", day_of_week="1", month_of_year="2"))
        assert words.startswith("Om 08:00, alleen op maandag, alleen in februari")
        assert str(IntervalSchedule(every=2, period=IntervalSchedule.HOURS)) == "elke 2 uren"
    # the superuser's actions say what they did in Dutch
    client.force_login(users["superuser"])
    changelist = reverse("admin:django_celery_beat_periodictask_changelist")
    response = client.post(changelist, {"action": "disable_tasks", "_selected_action": [task.pk], "index": "0"},
                           HTTP_ACCEPT_LANGUAGE="nl")
    with translation.override("nl"):
        assert [str(m) for m in get_messages(response.wsgi_request)] == ["1 taak uitgezet."]
