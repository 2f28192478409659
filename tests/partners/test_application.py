import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from lobmatch.models import OutboxMessage, Role, end_of_day
from partners import services
from partners.models import DeadlineExtension, PartnerApplication
from tests.factories import (
    GoodPracticeFactory,
    PartnerApplicationFactory,
    SchoolFactory,
    TrancheFactory,
    UserFactory,
    WorkingGroupMemberFactory,
)

pytestmark = pytest.mark.django_db
START = reverse("partners:start")


def form_data(practices, *, members=5, school=None, action="submit", **overrides):
    data = {
        "action": action,
        "brin": school.code if school else "",
        "project_leader_name": "Petra de Vries", "project_leader_email": "petra@example.org",
        "project_leader_position": "decaan", "school_leader_name": "Karel Bos", "school_leader_email": "karel@example.org",
        "lob_situation": "Versnipperd.", "ambition": "Een leerlijn.", "motivation": "Leren van anderen.",
        "commit_project_leader": "on", "commit_working_group": "on", "commit_school_leader": "on",
        "consent_publicity": "on", "consent_privacy": "on",
        "members-TOTAL_FORMS": str(members), "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "8",
    }
    for i, practice in enumerate(practices, start=1):
        data[f"choice_{i}"] = str(practice.pk)
    for i in range(members):
        data[f"members-{i}-name"] = f"Lid {i}"
        data[f"members-{i}-email"] = f"lid{i}@example.org"
        data[f"members-{i}-role"] = "docent"
        if i == 0:
            data[f"members-{i}-is_project_leader"] = "on"
    data.update(overrides)
    return data


@pytest.fixture
def tranche():
    return TrancheFactory()


@pytest.fixture
def contact(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_anonymous_visitor_is_asked_to_log_in_with_the_practice_remembered(client, tranche):
    practice = GoodPracticeFactory()
    response = client.get(START, {"practice": practice.slug})
    assert response.status_code == 200
    assert practice.title in response.content.decode()
    assert "account/signup" in response.content.decode() or "/accounts/signup/" in response.content.decode()


def test_practice_from_the_catalogue_is_preselected(client, tranche, contact):
    practice = GoodPracticeFactory()
    response = client.get(START, {"practice": practice.slug})
    assert response.context["form"].initial["choice_1"] == practice.pk


def test_draft_then_submit_sends_confirmation_and_grants_role(client, tranche, contact, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    practices = [GoodPracticeFactory() for _ in range(2)]
    school = SchoolFactory()
    response = client.post(START, form_data(practices, school=school, action="draft", motivation=""))
    application = PartnerApplication.objects.get()
    assert response.status_code == 302 and application.status == "draft"
    assert contact.groups.filter(name=Role.SCHOOL_CONTACT).exists()
    data = form_data(practices, school=school)
    data.update({"members-INITIAL_FORMS": "5", "members-TOTAL_FORMS": "6"})
    for i, member in enumerate(application.members.all()):
        data[f"members-{i}-id"] = str(member.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partners:edit", args=[application.pk]), data)
    application.refresh_from_db()
    assert application.status == "submitted", response.content.decode()[:2000]
    assert application.members.count() == 5
    assert [p.practice for p in application.preferences.all()] == practices
    assert len(mailoutbox) == 1 and school.name in mailoutbox[0].subject
    assert OutboxMessage.objects.get().status == "sent"
    assert client.get(reverse("partners:status", args=[application.pk])).status_code == 200


def test_submit_with_missing_fields_shows_all_errors_and_keeps_input(client, tranche, contact):
    practice = GoodPracticeFactory()
    data = form_data([practice], school=SchoolFactory(), motivation="", commit_school_leader="",
                     project_leader_name="Typed Name")
    data.pop("commit_school_leader")
    response = client.post(START, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"motivation", "commit_school_leader"}
    assert "Typed Name" in response.content.decode()
    assert "error-summary" in response.content.decode()
    assert not PartnerApplication.objects.exists()


@pytest.mark.parametrize("members, ok", [(2, False), (3, True), (8, True), (9, False)])
def test_working_group_size_boundaries(client, tranche, contact, members, ok):
    response = client.post(START, form_data([GoodPracticeFactory()], school=SchoolFactory(), members=members))
    submitted = PartnerApplication.objects.filter(status="submitted").exists()
    assert submitted is ok, response.content.decode()[:500] if response.status_code == 200 else response


def test_duplicate_preferences_are_refused(client, tranche, contact):
    practice = GoodPracticeFactory()
    data = form_data([practice, practice], school=SchoolFactory())
    response = client.post(START, data)
    assert "al eerder gekozen" in str(response.context["form"].errors["choice_2"])


def test_project_leader_must_be_in_the_group(client, tranche, contact):
    data = form_data([GoodPracticeFactory()], school=SchoolFactory())
    data.pop("members-0-is_project_leader")
    response = client.post(START, data)
    assert "projectleider" in " ".join(response.context["formset"].non_form_errors())


def test_invalid_brin_gets_a_dutch_message(client, tranche, contact):
    response = client.post(START, form_data([GoodPracticeFactory()], brin="12345"))
    assert "geen geldige BRIN-code" in str(response.context["form"].errors["brin"])


def test_new_school_is_created_with_a_validated_brin(client, tranche, contact):
    data = form_data([GoodPracticeFactory()], brin="34xy", school_name="Nieuw Lyceum", school_city="Delft",
                     school_province="ZH")
    client.post(START, data)
    app = PartnerApplication.objects.get()
    assert app.school.brin == "34XY" and app.school.name == "Nieuw Lyceum" and app.status == "submitted"


def test_duplicate_application_for_same_school_and_tranche_refused(client, tranche, contact):
    school = SchoolFactory()
    PartnerApplicationFactory(tranche=tranche, school=school, status="submitted")
    response = client.post(START, form_data([GoodPracticeFactory()], school=school))
    assert response.status_code == 200
    assert "al een aanmelding" in response.content.decode()
    assert PartnerApplication.objects.filter(school=school).count() == 1


def test_other_contacts_application_is_404(client, tranche, contact):
    other = PartnerApplicationFactory(tranche=tranche)
    assert client.get(reverse("partners:status", args=[other.pk])).status_code == 404
    assert client.get(reverse("partners:edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("partners:withdraw", args=[other.pk])).status_code == 404


def test_withdraw_before_matching(client, tranche, contact):
    app = PartnerApplicationFactory(tranche=tranche, created_by=contact, status="submitted")
    client.post(reverse("partners:withdraw", args=[app.pk]), {"reason": "geen tijd"})
    app.refresh_from_db()
    assert app.status == "withdrawn"
    matched = PartnerApplicationFactory(tranche=tranche, created_by=contact, status="matched")
    client.post(reverse("partners:withdraw", args=[matched.pk]))
    matched.refresh_from_db()
    assert matched.status == "matched"


class TestDeadline:
    def make(self, deadline):
        tranche = TrancheFactory(application_opens_at=deadline - dt.timedelta(days=30), application_deadline=deadline,
                                 kickoff_starts_on=(deadline + dt.timedelta(days=30)).date())
        app = PartnerApplicationFactory(tranche=tranche)
        for i in range(5):
            WorkingGroupMemberFactory(application=app, is_project_leader=(i == 0))
        return app

    def test_one_second_before_succeeds_one_second_after_fails(self):
        deadline = end_of_day(dt.date(2014, 3, 17))
        app = self.make(deadline)
        with (time_machine.travel(deadline + dt.timedelta(seconds=1), tick=False),
              pytest.raises(services.ApplicationError, match="deadline")):
            services.submit(app, by=app.created_by)
        with time_machine.travel(deadline - dt.timedelta(seconds=1), tick=False):
            services.submit(app, by=app.created_by)
        app.refresh_from_db()
        assert app.status == "submitted" and not app.submitted_late

    def test_deadline_is_end_of_day_in_amsterdam(self):
        deadline = end_of_day(dt.date(2014, 3, 17))
        # 23:30 in Amsterdam is 22:30 UTC: still on time.
        check = services.deadline_check(self.make(deadline).tranche, None,
                                        at=dt.datetime(2014, 3, 17, 22, 30, tzinfo=dt.UTC))
        assert check.allowed

    @pytest.mark.parametrize("day", [dt.date(2026, 3, 29), dt.date(2026, 10, 25)])
    def test_dst_change_day(self, day):
        deadline = end_of_day(day)
        assert timezone.localtime(deadline).hour == 23
        tranche = self.make(deadline).tranche
        offset = timezone.localtime(deadline).utcoffset()
        last_ok = dt.datetime.combine(day, dt.time(23, 59, 59)) - offset
        assert services.deadline_check(tranche, None, at=last_ok.replace(tzinfo=dt.UTC)).allowed
        assert not services.deadline_check(tranche, None, at=(last_ok + dt.timedelta(seconds=1)).replace(tzinfo=dt.UTC)).allowed

    def test_extension_lets_exactly_one_school_in(self):
        deadline = end_of_day(dt.date(2014, 3, 17))
        lucky, other = self.make(deadline), self.make(deadline)
        other.tranche = lucky.tranche
        other.save()
        DeadlineExtension.objects.create(tranche=lucky.tranche, school=lucky.school, reason="ziekte",
                                         until=deadline + dt.timedelta(days=2))
        with time_machine.travel(deadline + dt.timedelta(days=1), tick=False):
            services.submit(lucky, by=lucky.created_by)
            with pytest.raises(services.ApplicationError):
                services.submit(other, by=other.created_by)
        lucky.refresh_from_db()
        assert lucky.status == "submitted" and lucky.submitted_late
        with time_machine.travel(deadline + dt.timedelta(days=3), tick=False):
            assert not services.deadline_check(lucky.tranche, lucky.school).allowed

    def test_after_the_deadline_the_form_refuses_but_keeps_the_draft(self, client):
        deadline = timezone.now() - dt.timedelta(hours=1)
        app = self.make(deadline)
        client.force_login(app.created_by)
        practice = GoodPracticeFactory()
        data = form_data([practice], school=app.school)
        data.update({"members-TOTAL_FORMS": "5", "members-INITIAL_FORMS": "5"})
        for i, m in enumerate(app.members.all()):
            data[f"members-{i}-id"] = str(m.pk)
        response = client.post(reverse("partners:edit", args=[app.pk]), data, follow=True)
        app.refresh_from_db()
        assert app.status == "draft"
        assert "deadline" in response.content.decode().lower()
        assert app.motivation == "Leren van anderen."


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_for_one_school_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency needs PostgreSQL (CI always has it)")
    tranche = TrancheFactory()
    school = SchoolFactory()
    from django import forms as djforms  # noqa: F401

    apps = [PartnerApplicationFactory(tranche=tranche, school=None) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(app):
        from django.db import IntegrityError, transaction

        try:
            barrier.wait()
            with transaction.atomic():
                PartnerApplication.objects.filter(pk=app.pk).update(school=school)
            outcomes.append("ok")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(a,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert PartnerApplication.objects.filter(school=school).count() == 1


@pytest.mark.parametrize("n", [1, 100])
def test_staff_changelist_constant_queries(client, django_assert_max_num_queries, n):
    tranche = TrancheFactory()
    for _ in range(n):
        PartnerApplicationFactory(tranche=tranche, status="submitted")
    client.force_login(UserFactory(roles=[Role.STAFF]))
    with django_assert_max_num_queries(14):
        assert client.get("/admin/partners/partnerapplication/").status_code == 200


def test_csv_export_neutralises_formulas(client):
    app = PartnerApplicationFactory(status="submitted", project_leader_name="=HYPERLINK(\"http://x\")")
    client.force_login(UserFactory(roles=[Role.STAFF]))
    response = client.post("/admin/partners/partnerapplication/",
                           {"action": "export_csv", "_selected_action": [app.pk], "reason": ""})
    body = response.content.decode()
    assert "'=HYPERLINK" in body or "\"'=HYPERLINK" in body
    assert "\n=HYPERLINK" not in body and ";=HYPERLINK" not in body
