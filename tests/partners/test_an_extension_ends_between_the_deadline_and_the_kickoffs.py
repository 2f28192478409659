"""A deadline extension ends after the tranche's deadline (else it gives nothing) and before the kickoffs begin
(matching is done by then), whichever path grants it: the admin's form says it, the service refuses it."""

import datetime as dt

import pytest
from django.utils import timezone

from lobmatch.models import Role
from partners import services
from tests.factories import SchoolFactory, TrancheFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tranche():
    return TrancheFactory(kickoff_starts_on=timezone.localdate() + dt.timedelta(days=60),
                          kickoff_ends_on=timezone.localdate() + dt.timedelta(days=80),
                          sessions_start_on=timezone.localdate() + dt.timedelta(days=81),
                          sessions_end_on=timezone.localdate() + dt.timedelta(days=200))


def at_day(day, hour=12):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_the_window_of_an_extension(tranche):
    staff, school = UserFactory(roles=[Role.STAFF]), SchoolFactory()
    kickoffs = tranche.kickoff_starts_on
    for until, says in ((tranche.application_deadline, "na de deadline van de tranche"),
                        (at_day(kickoffs), "vóór de startgesprekken"),
                        (at_day(kickoffs + dt.timedelta(days=3)), "vóór de startgesprekken")):
        with pytest.raises(services.ApplicationError, match=says):
            services.grant_extension(tranche=tranche, school=school, until=until, reason="ziek", by=staff)
    last_day = at_day(kickoffs - dt.timedelta(days=1), 23)
    assert services.grant_extension(tranche=tranche, school=school, until=last_day, reason="ziek", by=staff).pk


def test_the_admin_form_says_it(client, tranche):
    client.force_login(UserFactory(roles=[Role.STAFF]))
    day = tranche.kickoff_starts_on + dt.timedelta(days=1)
    response = client.post("/admin/partners/deadlineextension/add/", {
        "tranche": tranche.pk, "school": SchoolFactory().pk, "until_0": day.strftime("%d-%m-%Y"),
        "until_1": "12:00", "reason": "ziek"})
    assert response.status_code == 200
    assert "Kies een moment vóór de startgesprekken" in response.content.decode()


def test_a_second_extension_for_a_school_points_to_the_first(client, tranche):
    staff, school = UserFactory(roles=[Role.STAFF]), SchoolFactory(name="Het Baken")
    first = services.grant_extension(tranche=tranche, school=school, reason="ziek", by=staff,
                                     until=at_day(tranche.kickoff_starts_on - dt.timedelta(days=5)))
    client.force_login(staff)
    day = tranche.kickoff_starts_on - dt.timedelta(days=2)
    response = client.post("/admin/partners/deadlineextension/add/", {
        "tranche": tranche.pk, "school": school.pk, "until_0": day.strftime("%d-%m-%Y"), "until_1": "12:00",
        "reason": "nog een week"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"{school} heeft in {tranche} al een verlenging, tot" in body
    assert f'href="/admin/partners/deadlineextension/{first.pk}/change/"' in body
    assert "bestaat al" not in body and "nog een week" in body  # the typed reason stays
    first.refresh_from_db()
    assert first.reason == "ziek"
