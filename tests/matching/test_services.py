
import pytest
from django.db import connection

from lobmatch.models import Role
from partners.models import PartnerApplication
from tests.concurrency import race
from tests.factories import (
    AdviserFactory,
    AmbassadorSchoolFactory,
    GoodPracticeFactory,
    PartnerApplicationFactory,
    PreferenceFactory,
    SchoolFactory,
    TrancheFactory,
    UserFactory,
)
from trajectories.models import Trajectory
from trajectories.services import matching as service

pytestmark = pytest.mark.django_db


def applicant(tranche, *practices, name=None):
    school = SchoolFactory(name=name) if name else SchoolFactory()
    app = PartnerApplicationFactory(tranche=tranche, school=school, status="submitted")
    for rank, practice in enumerate(practices, start=1):
        PreferenceFactory(application=app, practice=practice, rank=rank)
    return app


@pytest.fixture
def world():
    tranche = TrancheFactory(ambassador_capacity=2, adviser_capacity=5)
    full_amb, other_amb = AmbassadorSchoolFactory(), AmbassadorSchoolFactory()
    popular = GoodPracticeFactory(ambassador=full_amb, title="Populair")
    spare = GoodPracticeFactory(ambassador=other_amb, title="Reserve")
    AdviserFactory()
    staff = UserFactory(roles=[Role.STAFF])
    return tranche, popular, spare, staff


def test_auto_match_fills_capacity_and_explains_the_blocking_schools(world):
    tranche, popular, spare, staff = world
    apps = [applicant(tranche, popular, spare, name=f"School {c}") for c in "ABC"]
    outcome = service.run_auto_match(tranche, by=staff)
    assert outcome["proposed"] == 3
    got_popular = Trajectory.objects.filter(practice=popular, status="proposed")
    assert got_popular.count() == 2
    loser = Trajectory.objects.get(practice=spare)
    holders = sorted(t.application.school.name for t in got_popular)
    assert f"capaciteit 2, bezet door {holders[0]} en {holders[1]}" in loser.explanation
    assert loser.score_details["choice"] == 2 and set(loser.score_details) >= {"rank", "expertise"}
    assert {a.pk for a in apps} == set(Trajectory.objects.values_list("application_id", flat=True))


def test_confirmed_matches_survive_a_rerun(world):
    tranche, popular, spare, staff = world
    for c in "AB":
        applicant(tranche, popular, name=f"School {c}")
    service.run_auto_match(tranche, by=staff)
    first = Trajectory.objects.filter(status="proposed").first()
    service.confirm(first, by=staff)
    assert PartnerApplication.objects.get(pk=first.application_id).status == "matched"
    service.run_auto_match(tranche, by=staff)
    first.refresh_from_db()
    assert first.status == "confirmed"
    assert Trajectory.objects.filter(status="proposed").count() == 1
    assert Trajectory.objects.filter(application=first.application).exclude(status="cancelled").count() == 1


def test_confirm_refuses_beyond_capacity(world):
    tranche, popular, spare, staff = world
    apps = [applicant(tranche, popular) for _ in range(3)]
    adviser = AdviserFactory()
    proposals = [Trajectory.objects.create(tranche=tranche, application=a, practice=popular, adviser=adviser)
                 for a in apps]
    service.confirm(proposals[0], by=staff)
    service.confirm(proposals[1], by=staff)
    with pytest.raises(service.MatchingError, match="vol"):
        service.confirm(proposals[2], by=staff)


def test_change_requires_a_reason_and_a_valid_alternative(world):
    tranche, popular, spare, staff = world
    applicant(tranche, popular, spare)
    service.run_auto_match(tranche, by=staff)
    proposal = Trajectory.objects.get(status="proposed")
    options = service.alternatives(proposal)
    other = next(o for o in options if o["practice_id"] != proposal.practice_id)
    with pytest.raises(service.MatchingError, match="reden"):
        service.change(proposal, practice_id=other["practice_id"], adviser_id=other["adviser_id"], reason="",
                       by=staff)
    service.change(proposal, practice_id=other["practice_id"], adviser_id=other["adviser_id"],
                   reason="school wil liever dichtbij", by=staff)
    proposal.refresh_from_db()
    assert proposal.practice_id == other["practice_id"] and "dichtbij" in proposal.explanation
    with pytest.raises(service.MatchingError):
        service.change(proposal, practice_id=GoodPracticeFactory().pk, adviser_id=other["adviser_id"],
                       reason="x", by=staff)


def test_publish_mails_the_pair_and_creates_meetings(world, mailoutbox, django_capture_on_commit_callbacks):
    tranche, popular, spare, staff = world
    applicant(tranche, popular)
    service.run_auto_match(tranche, by=staff)
    proposal = Trajectory.objects.get()
    service.confirm(proposal, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        service.publish(proposal, by=staff)
    assert proposal.meetings.count() == 5
    assert len(mailoutbox) == 1 and proposal.adviser.user.email in mailoutbox[0].to


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_confirmations_for_the_last_seat():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI always has it)")
    tranche = TrancheFactory(ambassador_capacity=1)
    practice = GoodPracticeFactory()
    staff = UserFactory(roles=[Role.STAFF])
    proposals = [Trajectory.objects.create(tranche=tranche, application=applicant(tranche, practice),
                                           practice=practice, adviser=AdviserFactory()) for _ in range(2)]
    outcomes = race(lambda trajectory: service.confirm(trajectory, by=staff), proposals,
                    refusals=(service.MatchingError,))
    outcomes = [str(o) if isinstance(o, service.MatchingError) else "ok" for o in outcomes]
    assert outcomes.count("ok") == 1 and any("vol" in o for o in outcomes)
    assert Trajectory.objects.filter(status="confirmed").count() == 1


@pytest.mark.parametrize("n", [1, 30])
def test_matching_page_and_changelist_constant_queries(client, django_assert_max_num_queries, world, n):
    tranche, popular, spare, staff = world
    for _ in range(n):
        applicant(tranche, popular, spare)
    service.run_auto_match(tranche, by=staff)
    client.force_login(staff)
    with django_assert_max_num_queries(16):
        assert client.get(f"/admin/trajectories/trajectory/koppelen/{tranche.pk}/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/admin/trajectories/trajectory/").status_code == 200


def test_matching_page_is_staff_only(client, world):
    tranche, *_rest = world
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    response = client.get(f"/admin/trajectories/trajectory/koppelen/{tranche.pk}/")
    assert response.status_code in (302, 403)
