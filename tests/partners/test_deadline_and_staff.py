"""The deadline (time-machine, DST, extensions), one live application per school under concurrency, and staff review:
constant queries on the changelist, a CSV export safe from formulas, a Dutch message for a bad BRIN."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from lobmatch.models import Role, end_of_day
from partners import services
from partners.models import DeadlineExtension, PartnerApplication
from tests.concurrency import race
from tests.factories import GoodPracticeFactory, PartnerApplicationFactory, SchoolFactory, TrancheFactory, UserFactory
from tests.partners.helpers import complete_draft, form_data

pytestmark = pytest.mark.django_db
SECOND = dt.timedelta(seconds=1)


def tranche_with_deadline(deadline: dt.datetime):
    day = timezone.localtime(deadline).date()
    return TrancheFactory(application_opens_at=deadline - dt.timedelta(days=30), application_deadline=deadline,
                          kickoff_starts_on=day + dt.timedelta(days=30), kickoff_ends_on=day + dt.timedelta(days=60),
                          sessions_start_on=day + dt.timedelta(days=70), sessions_end_on=day + dt.timedelta(days=200))


class TestDeadline:
    def test_one_second_before_succeeds_one_second_after_fails(self):
        deadline = end_of_day(dt.date(2027, 3, 17))
        late = complete_draft(tranche=tranche_with_deadline(deadline))
        on_time = complete_draft(tranche=late.tranche)
        with time_machine.travel(deadline + SECOND, tick=False), \
                pytest.raises(services.ApplicationError, match="deadline"):
            services.submit(late, by=late.created_by)
        with time_machine.travel(deadline - SECOND, tick=False):
            services.submit(on_time, by=on_time.created_by)
        late.refresh_from_db()
        on_time.refresh_from_db()
        assert late.status == "draft"
        assert on_time.status == "submitted" and not on_time.submitted_late

    def test_the_deadline_is_the_end_of_the_day_in_amsterdam(self):
        tranche = tranche_with_deadline(end_of_day(dt.date(2027, 3, 17)))
        # 23:30 in Amsterdam (winter) is 22:30 UTC: still on time; 00:00:01 the next day is not.
        assert services.deadline_check(tranche, None, at=dt.datetime(2027, 3, 17, 22, 30, tzinfo=dt.UTC)).allowed
        assert not services.deadline_check(tranche, None, at=dt.datetime(2027, 3, 17, 23, 0, 1, tzinfo=dt.UTC)).allowed

    @pytest.mark.parametrize(("day", "utc_offset_hours"), [(dt.date(2026, 3, 29), 2), (dt.date(2026, 10, 25), 1)])
    def test_a_deadline_on_a_dst_change_day(self, day, utc_offset_hours):
        deadline = end_of_day(day)
        assert timezone.localtime(deadline).utcoffset() == dt.timedelta(hours=utc_offset_hours)
        tranche = tranche_with_deadline(deadline)
        last_second = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC) - \
            dt.timedelta(hours=utc_offset_hours)
        assert services.deadline_check(tranche, None, at=last_second).allowed
        assert not services.deadline_check(tranche, None, at=last_second + SECOND).allowed

    def test_an_extension_lets_exactly_that_school_in(self, client):
        deadline = end_of_day(dt.date(2027, 3, 17))
        lucky = complete_draft(tranche=tranche_with_deadline(deadline))
        other = complete_draft(tranche=lucky.tranche)
        DeadlineExtension.objects.create(tranche=lucky.tranche, school=lucky.school, reason="ziekte",
                                         until=deadline + dt.timedelta(days=2))
        with time_machine.travel(deadline + dt.timedelta(days=1), tick=False):
            services.submit(lucky, by=lucky.created_by)
            with pytest.raises(services.ApplicationError, match="deadline"):
                services.submit(other, by=other.created_by)
        lucky.refresh_from_db()
        assert lucky.status == "submitted" and lucky.submitted_late
        # staff see it in the list in words (the admin's yes/no icons say "True"/"False" in every language)
        client.force_login(UserFactory(roles=[Role.STAFF]))
        changelist = client.get(reverse("admin:partners_partnerapplication_changelist")).content.decode()
        assert changelist.count('<td class="field-submitted_late">ja</td>') == 1
        assert changelist.count('<td class="field-submitted_late">nee</td>') == 1  # the other school's draft
        assert 'alt="True"' not in changelist and 'alt="False"' not in changelist
        with time_machine.travel(deadline + dt.timedelta(days=2) + SECOND, tick=False):
            assert not services.deadline_check(lucky.tranche, lucky.school).allowed

    def test_after_the_deadline_the_form_refuses_but_keeps_the_draft(self, client):
        app = complete_draft(tranche=tranche_with_deadline(timezone.now() - dt.timedelta(hours=1)))
        client.force_login(app.created_by)
        data = form_data([GoodPracticeFactory()], school=app.school, existing=list(app.members.order_by("order")),
                         motivation="Nog net op tijd, dachten wij.")
        response = client.post(reverse("partners:edit", args=[app.pk]), data, follow=True)
        app.refresh_from_db()
        assert app.status == "draft"
        assert "deadline" in response.content.decode().lower()
        assert client.get(reverse("partners:status", args=[app.pk])).status_code == 200  # still readable


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_for_one_school_one_wins_one_is_told_why():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI always has it)")
    tranche = TrancheFactory()
    school = SchoolFactory()
    entry = {"brin": school.code, "name": school.name, "city": school.city, "province": school.province}
    drafts = [complete_draft(tranche=tranche, school=None, school_entry=entry) for _ in range(2)]
    outcomes = race(lambda app: services.submit(app, by=app.created_by), drafts,
                    refusals=(services.ApplicationError,))
    outcomes = [str(o) if isinstance(o, services.ApplicationError) else "submitted" for o in outcomes]
    assert sorted(outcomes)[-1] == "submitted" and "al een aanmelding" in sorted(outcomes)[0]
    assert PartnerApplication.objects.filter(school=school, status="submitted").count() == 1


@pytest.mark.parametrize("n", [1, 100])
def test_staff_changelist_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    tranche = TrancheFactory()
    for _ in range(n):
        PartnerApplicationFactory(tranche=tranche, status="submitted")
    client.force_login(UserFactory(roles=[Role.STAFF]))
    with django_assert_max_num_queries(14):
        response = client.get("/admin/partners/partnerapplication/")
    assert response.status_code == 200 and response.context["cl"].result_count == n


def test_csv_export_neutralises_formulas(client):
    app = PartnerApplicationFactory(status="submitted", project_leader_name='=HYPERLINK("http://x")')
    client.force_login(UserFactory(roles=[Role.STAFF]))
    response = client.post("/admin/partners/partnerapplication/",
                           {"action": "export_csv", "_selected_action": [app.pk], "reason": ""})
    body = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body
    assert "\n=HYPERLINK" not in body and ";=HYPERLINK" not in body


def test_a_bad_brin_gets_a_dutch_message(client):
    TrancheFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("partners:start"), form_data([GoodPracticeFactory()], brin="12345"))
    assert "geen geldige BRIN-code" in str(response.context["form"].errors["brin"])
