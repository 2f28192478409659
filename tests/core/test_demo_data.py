"""``manage.py demo_data``: a complete, idempotent fictional programme with one login per role."""

import datetime as dt
import io
import os
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ambassadors.models import AmbassadorSchool, GoodPractice
from demo.load import after_holidays, content
from lobmatch.models import OutboxMessage, Role, School, Theme, Tranche, User
from lobmatch.roles import has_role
from lobmatch.validators import normalize_brin
from partners.models import PartnerApplication
from trajectories.holidays import holiday_on
from trajectories.models import Adviser, Meeting, PulseResponse, ReimbursementClaim, Trajectory
from trajectories.services.claims import money

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.django_db


def run_demo():
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows of every model of the project, including history tables and the status log."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"lobmatch", "ambassadors", "partners", "trajectories", "account", "auth"}
    }


@pytest.fixture
def demo_data():
    return run_demo()


def test_second_run_changes_nothing(demo_data):
    before = row_counts()
    fields = list(GoodPractice.objects.order_by("pk").values())
    claims = list(ReimbursementClaim.objects.order_by("pk").values())

    output = run_demo()

    assert row_counts() == before
    assert list(GoodPractice.objects.order_by("pk").values()) == fields
    assert list(ReimbursementClaim.objects.order_by("pk").values()) == claims
    assert "school@example.org" in output


def test_programme_shape(demo_data):
    assert AmbassadorSchool.objects.count() == 11
    assert Adviser.objects.count() == 6
    assert all(has_role(a.user, Role.ADVISER) and a.expertise.exists() and a.provinces
               for a in Adviser.objects.select_related("user"))
    for ambassador in AmbassadorSchool.objects.all():
        published = ambassador.practices.filter(status=GoodPractice.Status.PUBLISHED)
        assert 1 <= published.count() <= 2
        normalize_brin(ambassador.school.code)
        assert ambassador.contacts.exists()
    current = Tranche.objects.get(number=2)
    applications = PartnerApplication.objects.filter(tranche=current)
    assert applications.filter(status=PartnerApplication.Status.SUBMITTED).count() == 12
    assert applications.filter(status=PartnerApplication.Status.DRAFT).count() == 4
    for application in applications.filter(status=PartnerApplication.Status.SUBMITTED):
        assert application.members.count() == 5
        assert application.members.filter(is_project_leader=True).count() == 1
        assert 1 <= application.preferences.count() <= 3
        assert application.commit_working_group and application.consent_privacy
        assert current.application_opens_at <= application.submitted_at <= timezone.now()
    assert len(content()["partners"]) == 20


def test_all_twelve_themes_are_covered_by_published_practices(demo_data):
    covered = Theme.objects.filter(practices__status=GoodPractice.Status.PUBLISHED).distinct()
    assert covered.count() == Theme.objects.count() == 12
    practice = GoodPractice.objects.get(slug="een-loopbaandossier-dat-meegaat-naar-het-mbo")
    assert len(practice.principle_list) == 5 and practice.tip_list
    assert practice.contact_email == "ambassadeur@example.org"


def test_current_tranche_is_open_and_valid(demo_data):
    current = Tranche.objects.get(number=2)
    current.full_clean()
    assert current.name == "Tranche 2"
    assert current.is_open()
    Tranche.objects.get(number=1).full_clean()


def test_each_demo_login_works(demo_data):
    roles = {"school": Role.SCHOOL_CONTACT, "ambassador": Role.AMBASSADOR, "adviser": Role.ADVISER,
             "staff": Role.STAFF, "finance": Role.FINANCE, "admin": Role.STAFF}
    assert set(roles) == set(content()["logins"])
    for key, role in roles.items():
        email = content()["logins"][key]["email"]
        assert Client().login(email=email, password=content()["password"]), email
        user = User.objects.get(email=email)
        assert has_role(user, role), email
        assert user.emailaddress_set.get(email=email).verified
    assert not Client().login(email="school@example.org", password="wrong-password")


def test_role_users_have_something_to_see(demo_data):
    ambassador = User.objects.get(email="ambassadeur@example.org")
    first = AmbassadorSchool.objects.get(school__brin=normalize_brin(content()["ambassadors"][0]["brin"]))
    assert ambassador in first.contacts.all()
    assert User.objects.get(email="staf@example.org").is_staff
    assert User.objects.get(email="admin@example.org").is_superuser
    adviser_trajectories = Trajectory.objects.filter(adviser__user__email="adviseur@example.org")
    assert adviser_trajectories.filter(status=Trajectory.Status.PUBLISHED).exists()
    assert Meeting.objects.filter(trajectory__in=adviser_trajectories, status=Meeting.Status.PLANNED).exists()
    school = User.objects.get(email="school@example.org")
    assert PartnerApplication.objects.filter(created_by=school, status=PartnerApplication.Status.DRAFT).exists()
    assert ReimbursementClaim.objects.filter(status=ReimbursementClaim.Status.SUBMITTED).exists()


def test_claims_follow_the_reimbursement_rule(demo_data):
    for claim in ReimbursementClaim.objects.select_related("trajectory__tranche"):
        tranche = claim.trajectory.tranche
        expected = Decimal("0")
        for meeting in claim.trajectory.meetings.filter(kind=Meeting.Kind.SESSION, status=Meeting.Status.HELD):
            hours = sorted((min(a.hours_present, tranche.max_hours_per_session) for a in meeting.attendances.all()),
                           reverse=True)[: tranche.max_members_reimbursed]
            expected += sum(hours, Decimal("0"))
        shown = money(claim)[1]  # frozen once approved, computed from the logs before
        assert shown.counted_hours == expected
        assert shown.amount == (expected * tranche.hourly_rate).quantize(Decimal("0.01"))
        assert shown.amount <= claim.cap_amount == tranche.max_claim_amount


def test_no_comment_or_meeting_log_is_repeated_word_for_word(demo_data):
    """Each session has its own texts in demo/content.toml: the survey comments of the working groups and the
    adviser's notes and agreed actions differ everywhere, as they would in a real programme."""
    comments = list(PulseResponse.objects.exclude(comment="").values_list("comment", flat=True))
    assert len(comments) > 20 and len(set(comments)) == len(comments)
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    for field in ("notes", "agreed_actions"):
        texts = list(held.values_list(field, flat=True))
        assert len(texts) > 10 and "" not in texts and len(set(texts)) == len(texts), field


def test_the_services_mails_are_recorded_not_sent(django_capture_on_commit_callbacks):
    """The demo's services write their mails to the outbox as always, but about fictional people in a fictional
    past: recorded as not sent, nothing handed over after the commit (no flood of mails over the printed logins)."""
    with django_capture_on_commit_callbacks() as callbacks:
        run_demo()
    messages = OutboxMessage.objects.all()
    templates = set(messages.values_list("payload__template", flat=True))
    assert {"application_confirmation", "trajectory_introduction", "pulse_invitation", "claim_decided"} <= templates
    assert set(messages.values_list("status", flat=True)) == {OutboxMessage.Status.SKIPPED}
    assert all(m.last_error.startswith("Demogegevens") for m in messages)
    assert not [c for c in callbacks if "_save_and_dispatch" in c.__qualname__]


def test_prints_logins_and_mfa_note(settings):
    settings.LOBMATCH_REQUIRE_MFA = False
    output = run_demo()
    for login in content()["logins"].values():
        assert login["email"] in output
    assert content()["password"] in output
    assert "LOBMATCH_REQUIRE_MFA=0" in output


@pytest.mark.django_db(databases=[])
def test_manage_py_demo_data_is_fast_and_idempotent_on_sqlite(tmp_path):
    """The real command, twice, on a fresh SQLite file with the default settings (production password hasher):
    each run well under 30 s, and the second leaves the database byte for byte the same."""
    database = tmp_path / "demo.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "lobmatch.settings.base",
           "LOBMATCH_REQUIRE_MFA": "0", "CELERY_BROKER_URL": "", "REDIS_URL": ""}

    def manage(*args):
        started = time.monotonic()
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return time.monotonic() - started, result.stdout

    def dump():
        with sqlite3.connect(database) as connection:
            return list(connection.iterdump())

    manage("migrate", "--verbosity", "0")
    first, output = manage("demo_data")
    snapshot = dump()
    second, _ = manage("demo_data")

    assert first < 30 and second < 30
    assert "admin@example.org" in output and "uitgeschakeld" in output
    assert dump() == snapshot


@pytest.mark.django_db
def test_the_demos_coming_meetings_lie_outside_the_schools_holidays():
    """Two demo meetings were planned on Christmas Day: a future meeting moves to the first weekday after the
    school's holiday (past ones, already held, stay as logged)."""
    school = School(name="Demo", province="UT", city="Utrecht")
    christmas = dt.date(2026, 12, 25)
    assert holiday_on(christmas, "UT", "Utrecht")
    moved = after_holidays(christmas, school)
    assert moved == dt.date(2027, 1, 4) and moved.weekday() == 0  # the Monday after the Christmas holiday
    assert after_holidays(dt.date(2027, 1, 12), school) == dt.date(2027, 1, 12)  # a school day stays


@pytest.mark.django_db
def test_no_adviser_is_booked_twice_at_once_in_the_demo():
    """The demo's meetings still to come never overlap another meeting of the same adviser (which the planning
    pages warn about): a reviewer walking the demo met a double booking."""
    call_command("demo_data", verbosity=0)
    coming = list(Meeting.objects.filter(status="planned", planned_start__gt=timezone.now())
                  .select_related("trajectory__adviser").order_by("planned_start"))
    assert coming
    for a in coming:
        for b in coming:
            if a.pk < b.pk and a.trajectory.adviser_id == b.trajectory.adviser_id:
                a_end = a.planned_start + dt.timedelta(minutes=a.duration_minutes)
                b_end = b.planned_start + dt.timedelta(minutes=b.duration_minutes)
                assert a_end <= b.planned_start or b_end <= a.planned_start, (a, b)
