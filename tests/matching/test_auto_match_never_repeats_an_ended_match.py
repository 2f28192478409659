"""A match staff ended (end_match, with a reason) is not proposed again by auto-match: neither the same good practice
nor the same adviser for that school. The school can still get another of its choices or another adviser. Staff may
still propose such a pair by hand; the admin then warns with the reason, as the matching page does. The ended pairs
are read in one query for the whole tranche (services.matching.ended_matches), whatever the number of schools."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lobmatch.models import Role
from tests.factories import AdviserFactory, GoodPracticeFactory, UserFactory
from tests.matching.test_services import applicant, closed_tranche
from tests.matching.test_solver import brute_force, check_capacities, random_problem
from trajectories.matching import AdviserInfo, App, Practice, Problem, greedy, solve, solve_ilp
from trajectories.models import Trajectory
from trajectories.services import matching as service

REASON = "De adviseur is langdurig ziek."
ADD = "/admin/trajectories/trajectory/add/"


def _avoids_the_ended(problem, result):
    apps = {a.id: a for a in problem.applications}
    for a in result.assignments:
        assert a.practice_id not in apps[a.application_id].ended_practices
        assert a.adviser_id not in apps[a.application_id].ended_advisers


def test_the_solver_takes_another_choice_and_another_adviser():
    practices = {1: Practice(1, 1, 1001, "UT"), 2: Practice(2, 2, 1002, "UT")}
    # the ended pair is the better one by every measure: first choice, the adviser from the region
    apps = [App(1, 2001, "UT", prefs=((1, 1), (2, 2)), ended_practices=frozenset({1}),
                ended_advisers=frozenset({1}))]
    advisers = {1: AdviserInfo(1, frozenset({"UT"})), 2: AdviserInfo(2)}
    problem = Problem(apps, practices, {1: 1, 2: 1}, advisers, {1: 1, 2: 1})
    for result in (solve(problem), solve_ilp(problem), greedy(problem)):
        assert [(a.practice_id, a.adviser_id) for a in result.assignments] == [(2, 2)], result.method


def test_the_solver_leaves_a_school_unmatched_rather_than_repeat_its_ended_match():
    problem = Problem([App(1, 2001, "UT", prefs=((1, 1),), ended_practices=frozenset({1}))],
                      {1: Practice(1, 1, 1001, "UT")}, {1: 1}, {1: AdviserInfo(1)}, {1: 1})
    assert solve(problem).assignments == [] and solve_ilp(problem).assignments == []


@pytest.mark.parametrize("seed", range(80))
def test_the_solver_stays_optimal_without_the_ended_pairs(seed):
    rng = random.Random(90_000 + seed)
    problem = random_problem(rng)
    problem.applications = [
        App(a.id, a.school_id, a.province, a.types, a.prefs,
            ended_practices=frozenset(p for p, _r in a.prefs if rng.random() < 0.3),
            ended_advisers=frozenset(v for v in problem.advisers if rng.random() < 0.3))
        for a in problem.applications]
    result = solve(problem)
    check_capacities(problem, result)
    _avoids_the_ended(problem, result)
    _avoids_the_ended(problem, solve_ilp(problem))
    assert (result.matched, result.score) == brute_force(problem), result.method


@pytest.fixture
def ended(db):
    """A published match of a school, ended by staff; the school chose two practices, two advisers are free."""
    tranche = closed_tranche(ambassador_capacity=2, adviser_capacity=2)
    first, second = GoodPracticeFactory(title="Loopbaangesprekken"), GoodPracticeFactory(title="Ouders betrekken")
    adviser, other = AdviserFactory(), AdviserFactory(provinces=[])
    staff = UserFactory(roles=[Role.STAFF])
    application = applicant(tranche, first, second)
    trajectory = service.propose(application, practice_id=first.pk, adviser_id=adviser.pk, by=staff)
    service.confirm(trajectory, by=staff)
    service.publish(trajectory, by=staff)
    service.end_match(trajectory, by=staff, reason=REASON)
    return trajectory, second, other, staff


@pytest.mark.django_db
def test_auto_match_gives_the_school_another_practice_and_adviser(ended):
    trajectory, second, other, staff = ended
    outcome = service.run_auto_match(trajectory.tranche, by=staff)
    assert outcome["proposed"] == 1
    again = Trajectory.objects.get(application=trajectory.application, status=Trajectory.Status.PROPOSED)
    assert (again.practice, again.adviser) == (second, other)
    # the matching page says why the first choice was not proposed
    assert again.explanation == ("Eerste keuze niet voorgesteld – een eerdere koppeling van deze school met deze good "
                                 f"practice is beëindigd: {REASON}")


@pytest.mark.django_db
def test_a_school_whose_only_choice_ended_is_left_for_staff(ended):
    trajectory, second, _other, staff = ended
    trajectory.application.preferences.filter(practice=second).delete()
    outcome = service.run_auto_match(trajectory.tranche, by=staff)
    assert outcome["proposed"] == 0
    assert [(app.pk, why) for app, why in outcome["unmatched"]] == [(
        trajectory.application_id, "Eerste keuze niet voorgesteld – een eerdere koppeling van deze school met deze "
        f"good practice is beëindigd: {REASON}")]


@pytest.mark.django_db
def test_staff_may_propose_the_ended_pair_by_hand_and_are_warned(ended, client):
    trajectory, _second, _other, staff = ended
    client.force_login(staff)
    response = client.post(ADD, {"application": trajectory.application_id, "practice": trajectory.practice_id,
                                 "adviser": trajectory.adviser_id}, follow=True)
    again = Trajectory.objects.get(application=trajectory.application, status=Trajectory.Status.PROPOSED)
    assert (again.practice_id, again.adviser_id) == (trajectory.practice_id, trajectory.adviser_id)
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == ["Let op: een eerdere koppeling van deze school met dezelfde good practice en dezelfde "
                        f"adviseur is beëindigd: {REASON}"]
    # the page to change the proposal marks every option that repeats the ended practice or adviser, and lists
    # the ones that do not first
    options = service.alternatives(again, limit=0)
    marked = {(o["practice_id"], o["adviser_id"]): o["ended"] for o in options}
    assert marked[(trajectory.practice_id, trajectory.adviser_id)].endswith(REASON)
    assert all(bool(words) == (p == trajectory.practice_id or a == trajectory.adviser_id)
               for (p, a), words in marked.items())
    shortlist = service.shortlist(options)
    assert not shortlist[0]["ended"]
    page = client.get(f"/admin/trajectories/trajectory/koppelen/voorstel/{again.pk}/wijzigen/").content.decode()
    assert "dezelfde adviseur is beëindigd: De adviseur is langdurig ziek." in page


@pytest.mark.django_db
def test_the_ended_pairs_of_a_tranche_are_read_in_one_query():
    tranche = closed_tranche(ambassador_capacity=20, adviser_capacity=20)
    practices = [GoodPracticeFactory() for _ in range(2)]
    adviser = AdviserFactory()
    staff = UserFactory(roles=[Role.STAFF])

    def end_one():
        application = applicant(tranche, *practices)
        trajectory = service.propose(application, practice_id=practices[0].pk, adviser_id=adviser.pk, by=staff)
        service.confirm(trajectory, by=staff)
        service.end_match(trajectory, by=staff, reason=REASON)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            problem = service.build_problem(tranche)
        assert all(a.ended_practices == {practices[0].pk} for a in problem.applications)
        return len(ctx.captured_queries)

    end_one()
    one = queries()
    for _ in range(4):
        end_one()
    assert queries() == one
