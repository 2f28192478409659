"""Every admin list's rows, written by lobmatch.admin_rows, are byte for byte the rows Django's own
``items_for_result`` writes: the same cells, classes, links with the list's filters, checkboxes, dates in both
languages, empty values and yes/no words. The lists are those of the demo programme, each with a filter kept."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.core.management import call_command
from django.test import Client
from django.urls import resolve, reverse
from django.utils import formats, timezone, translation

from lobmatch import admin_rows
from lobmatch.models import User

pytestmark = pytest.mark.django_db


def djangos_rows(cl) -> list[list[str]]:
    return [list(row) for row in admin_list.results(cl)]


def our_rows(cl) -> list[list[str]]:
    return [list(row) for row in admin_rows.rows(cl)]


def changelist(model_admin, rf, user, query=""):
    path = reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")
    request = rf.get(f"{path}?{query}")
    request.resolver_match = resolve(path)  # the admin keeps a list's filters only on its own page
    request.user = user
    cl = model_admin.get_changelist_instance(request)
    cl.formset = None  # as changelist_view sets it for a list without editable fields
    return cl


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_list_of_the_demo_programme_has_djangos_rows(rf, language):
    call_command("demo_data", verbosity=0)
    superuser = User.objects.filter(is_superuser=True).first()
    compared = 0
    with translation.override(language):
        for model, model_admin in admin.site._registry.items():
            for query in ("", "o=-1", "q=a&o=1"):
                cl = changelist(model_admin, rf, superuser, query)
                if not cl.result_list:
                    continue
                assert our_rows(cl) == djangos_rows(cl), (model.__name__, query)
                compared += len(cl.result_list)
    assert compared > 300  # the demo programme fills the lists


def test_a_filtered_list_keeps_its_filters_in_every_row_link(rf):
    call_command("demo_data", verbosity=0)
    superuser = User.objects.filter(is_superuser=True).first()
    from partners.models import PartnerApplication
    model_admin = admin.site._registry[PartnerApplication]
    cl = changelist(model_admin, rf, superuser, "status__exact=submitted&o=-6")
    rows = our_rows(cl)
    assert rows and rows == djangos_rows(cl)
    assert all("_changelist_filters=status__exact%3Dsubmitted%26o%3D-6" in row[1] for row in rows)


@pytest.mark.parametrize("language,expected", [("nl", "31 maart 2024 03:30"), ("en", "31 March 2024 03:30")])
def test_a_moment_is_written_as_django_writes_it(language, expected):
    # 01:30 UTC on the night the clocks go forward in Amsterdam
    moment = dt.datetime(2024, 3, 31, 1, 30, tzinfo=dt.UTC)
    with translation.override(language), timezone.override(ZoneInfo("Europe/Amsterdam")):
        write = admin_rows.date_formatter("DATETIME_FORMAT")
        assert write(moment) == formats.localize(timezone.template_localtime(moment)) == expected
        for day in range(0, 400, 7):
            value = moment + dt.timedelta(days=day, minutes=day * 37)
            assert write(value) == formats.localize(timezone.template_localtime(value))
            assert admin_rows.date_formatter("DATE_FORMAT")(value.date()) == formats.localize(value.date())
            assert admin_rows.date_formatter("TIME_FORMAT")(value.time()) == formats.localize(value.time())


def test_a_format_with_other_characters_is_left_to_django(settings):
    with translation.override("nl"):
        admin_rows._compiled.cache_clear()
        assert admin_rows._compiled("D j M Y", "nl") is None
        assert admin_rows._compiled("j F Y \\o\\m H:i", "nl") is None
        assert admin_rows._compiled("j F Y H:i", "nl") is not None


def test_the_applications_list_page_shows_the_rows(client: Client):
    call_command("demo_data", verbosity=0)
    client.force_login(User.objects.filter(is_superuser=True).first())
    response = client.get(reverse("admin:partners_partnerapplication_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="action-select"') == len(response.context["cl"].result_list) > 0
    assert 'class="field-school nowrap"' in html  # the school link column, as Django writes it
