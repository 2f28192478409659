import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.utils import timezone, translation

from lobmatch.models import School, Theme, end_of_day
from lobmatch.templatetags.lobmatch import format_money
from lobmatch.validators import normalize_brin, validate_quarter_hours
from tests.factories import TrancheFactory


class TestBrin:
    @pytest.mark.parametrize("value, expected", [("12AB", "12AB"), ("12ab", "12AB"), (" 12ab ", "12AB"),
                                                 ("00aa00", "00AA00"), ("12 AB 01", "12AB01")])
    def test_valid_and_normalised(self, value, expected):
        assert normalize_brin(value) == expected

    @pytest.mark.parametrize("value", ["", "1234", "AB12", "12A", "12ABC", "12AB1", "12AB0X", "1ZAB"])
    def test_invalid_shapes_are_refused_in_dutch(self, value):
        with pytest.raises(ValidationError) as exc:
            normalize_brin(value)
        assert "geen geldige BRIN-code" in str(exc.value)

    @pytest.mark.django_db
    def test_school_clean_normalises_brin_and_location(self):
        school = School(brin="12ab", location_code="01", name="X", city="Y", province="UT")
        school.clean()
        assert (school.brin, school.location_code) == ("12AB", "01")


class TestQuarterHours:
    @pytest.mark.parametrize("value", ["0", "0.25", "3.75", "4", "12.5"])
    def test_quarters_pass(self, value):
        validate_quarter_hours(Decimal(value))

    @pytest.mark.parametrize("value", ["0.1", "3.8", "-0.25", "1.33"])
    def test_other_values_fail(self, value):
        with pytest.raises(ValidationError):
            validate_quarter_hours(Decimal(value))


@pytest.mark.django_db
class TestTranche:
    def test_valid_factory_tranche_cleans(self):
        TrancheFactory().full_clean()

    def test_deadline_must_follow_opening(self):
        t = TrancheFactory.build(number=1)
        t.application_deadline = t.application_opens_at
        with pytest.raises(ValidationError) as exc:
            t.full_clean()
        assert "application_deadline" in exc.value.message_dict

    def test_deadline_one_microsecond_after_opening_is_fine(self):
        t = TrancheFactory.build(number=2)
        t.application_deadline = t.application_opens_at + dt.timedelta(microseconds=1)
        t.kickoff_starts_on = timezone.localdate(t.application_deadline) + dt.timedelta(days=1)
        t.full_clean()

    def test_kickoff_on_deadline_day_refused_day_after_allowed(self):
        t = TrancheFactory.build(number=3)
        t.kickoff_starts_on = timezone.localdate(t.application_deadline)
        with pytest.raises(ValidationError) as exc:
            t.full_clean()
        assert "kickoff_starts_on" in exc.value.message_dict
        t.kickoff_starts_on = timezone.localdate(t.application_deadline) + dt.timedelta(days=1)
        t.full_clean()

    def test_sessions_cannot_start_before_kickoff(self):
        t = TrancheFactory.build(number=4)
        t.sessions_start_on = t.kickoff_starts_on - dt.timedelta(days=1)
        with pytest.raises(ValidationError) as exc:
            t.full_clean()
        assert "sessions_start_on" in exc.value.message_dict

    def test_window_order_is_also_a_database_constraint(self):
        t = TrancheFactory()
        t.application_deadline = t.application_opens_at - dt.timedelta(seconds=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            t.save()

    def test_seed_cap_is_3960(self):
        assert TrancheFactory().max_claim_amount == Decimal("3960.00")

    def test_is_open_boundaries(self):
        t = TrancheFactory()
        assert t.is_open(t.application_deadline)
        assert not t.is_open(t.application_deadline + dt.timedelta(microseconds=1))
        assert t.is_open(t.application_opens_at)
        assert not t.is_open(t.application_opens_at - dt.timedelta(microseconds=1))

    def test_end_of_day_is_amsterdam(self):
        deadline = end_of_day(dt.date(2014, 3, 17))
        assert deadline.astimezone(dt.UTC) == dt.datetime(2014, 3, 17, 22, 59, 59, 999999, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_twelve_themes_and_roles_come_from_migrations():
    from django.contrib.auth.models import Group

    assert Theme.objects.count() == 12
    assert Theme.objects.first().name == "Externe partijen"
    assert Theme.objects.last().name == "Visie op en doel(en) van LOB"
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "school_contact", "ambassador", "adviser", "staff", "finance"}
    assert Group.objects.get(name="staff").permissions.filter(codename="change_tranche").exists()
    assert not Group.objects.get(name="staff").permissions.filter(codename="change_reimbursementclaim").exists()


class TestMoney:
    @pytest.mark.parametrize("value, expected", [
        (Decimal("1234.56"), "€\u00a01.234,56"), (Decimal("3960"), "€\u00a03.960,00"), (0, "€\u00a00,00"),
        (Decimal("0.005"), "€\u00a00,01"), (Decimal("-12.5"), "-€\u00a012,50"), (None, ""),
    ])
    def test_dutch_money(self, value, expected):
        with translation.override("nl"):
            assert format_money(value) == expected

    def test_filter_in_template(self):
        with translation.override("nl"):
            out = Template("{% load lobmatch %}{{ v|money }}").render(Context({"v": Decimal("1234567.8")}))
        assert out == "€\u00a01.234.567,80"
