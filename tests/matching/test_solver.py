"""The solver against brute force and against the plain ILP on random instances, and its capacity guarantees.

``solve`` must return the lexicographic optimum (most matches, then the highest score) on every instance, also
when its column generation is cut short on purpose: then the certificate and the reduced-cost fixing have to do
the work, which is the path that is rare on friendly data.
"""

import random
from collections import Counter

import pytest

from trajectories import matching
from trajectories.matching import (
    AdviserInfo,
    App,
    Practice,
    Problem,
    Weights,
    adviser_index,
    candidates,
    greedy,
    score_parts,
    solve,
    solve_ilp,
)

PROVINCES = ["UT", "NB", "ZH"]
TYPES = ["havo", "vwo", "vmbo-t"]
THEMES = ["a", "b", "c", "d"]


def random_weights(rng: random.Random) -> Weights:
    if rng.random() < 0.5:
        return Weights()
    return Weights(tuple(sorted(rng.sample(range(0, 120), 3), reverse=True)), rng.randint(0, 40), rng.randint(0, 60),
                   rng.randint(0, 60), rng.randint(0, 60))


def random_problem(rng: random.Random) -> Problem:
    n_amb = rng.randint(1, 3)
    practices = {}
    for pid in range(1, rng.randint(2, 4) + 1):
        amb = rng.randint(1, n_amb)
        practices[pid] = Practice(pid, amb, 1000 + amb, rng.choice(PROVINCES), frozenset(rng.sample(TYPES, 2)),
                                  frozenset(rng.sample(THEMES, 2)))
    apps = []
    for aid in range(1, rng.randint(2, 5) + 1):
        prefs = rng.sample(sorted(practices), rng.randint(1, min(3, len(practices))))
        apps.append(App(aid, 2000 + aid, rng.choice(PROVINCES), frozenset(rng.sample(TYPES, 1)),
                        tuple((p, r) for r, p in enumerate(prefs, 1))))
    advisers = {}
    for vid in range(1, rng.randint(1, 3) + 1):
        ties = frozenset(rng.sample([2000 + a.id for a in apps] + [1001, 1002], rng.randint(0, 1)))
        advisers[vid] = AdviserInfo(vid, frozenset(rng.sample(PROVINCES, rng.randint(0, 2))),
                                    frozenset(rng.sample(THEMES, rng.randint(0, 3))), ties)
    return Problem(apps, practices, {amb: rng.choice([0, 1, 2, 2, 3]) for amb in range(1, n_amb + 1)}, advisers,
                   {v: rng.choice([0, 1, 2, 2]) for v in advisers}, random_weights(rng))


def medium_problem(rng: random.Random) -> Problem:
    """40 applications, 10 practices of 5 schools, 8 advisers, ties and tight capacities: too big to enumerate."""
    provinces, types, themes = ["UT", "NB", "ZH", "GE"], ["havo", "vwo", "vmbo-t", "pro"], list("abcdef")
    practices = {pid: Practice(pid, (amb := rng.randint(1, 5)), 1000 + amb, rng.choice(provinces),
                               frozenset(rng.sample(types, 2)), frozenset(rng.sample(themes, 2)))
                 for pid in range(1, 11)}
    apps = []
    for aid in range(1, 41):
        prefs = rng.sample(sorted(practices), rng.randint(1, 3))
        apps.append(App(aid, 2000 + aid, rng.choice(provinces), frozenset(rng.sample(types, 1)),
                        tuple((p, r) for r, p in enumerate(prefs, 1))))
    advisers = {v: AdviserInfo(v, frozenset(rng.sample(provinces, rng.randint(0, 2))),
                               frozenset(rng.sample(themes, rng.randint(0, 3))),
                               frozenset(rng.sample([2000 + a.id for a in apps] + [1001, 1002, 1003],
                                                    rng.randint(0, 3))))
                for v in range(1, 9)}
    return Problem(apps, practices, {a: rng.randint(0, 4) for a in range(1, 6)}, advisers,
                   {v: rng.randint(0, 3) for v in advisers}, random_weights(rng))


def brute_force(problem: Problem) -> tuple[int, int]:
    """Every combination of options (or none) per application, within the capacities: the best (count, score)."""
    index = adviser_index(problem)
    options: dict[int, list] = {}
    for cand in candidates(problem, index):
        for i in cand.advisers:
            parts = score_parts(problem, cand.app, cand.practice, cand.rank, index[i])
            options.setdefault(cand.app.id, []).append((cand.practice.ambassador_id, index[i].id,
                                                        sum(parts.values())))
    app_ids = sorted(options)
    amb, adv = Counter(), Counter()

    def best_from(k: int) -> tuple[int, int]:
        if k == len(app_ids):
            return (0, 0)
        best = best_from(k + 1)  # this application unmatched
        for amb_id, adv_id, score in options[app_ids[k]]:
            if amb[amb_id] < problem.ambassador_capacity[amb_id] and adv[adv_id] < problem.adviser_capacity[adv_id]:
                amb[amb_id] += 1
                adv[adv_id] += 1
                count, total = best_from(k + 1)
                amb[amb_id] -= 1
                adv[adv_id] -= 1
                best = max(best, (count + 1, total + score))
        return best

    return best_from(0)


def check_capacities(problem, result):
    amb = Counter(problem.practices[a.practice_id].ambassador_id for a in result.assignments)
    adv = Counter(a.adviser_id for a in result.assignments)
    assert all(n <= problem.ambassador_capacity[k] for k, n in amb.items())
    assert all(n <= problem.adviser_capacity[k] for k, n in adv.items())
    assert len({a.application_id for a in result.assignments}) == len(result.assignments)
    for a in result.assignments:
        adviser = problem.advisers[a.adviser_id]
        app = next(x for x in problem.applications if x.id == a.application_id)
        assert a.practice_id in dict(app.prefs)
        assert app.school_id not in adviser.ties
        assert problem.practices[a.practice_id].ambassador_school_id not in adviser.ties
        assert a.score == sum(a.parts.values())


@pytest.fixture
def cut_short(monkeypatch):
    """Column generation stops after one round from a tiny master: the certificate and fixing must finish."""
    monkeypatch.setattr(matching, "MAX_ROUNDS", 1)
    monkeypatch.setattr(matching, "PAIRS_PER_AMBASSADOR_START", lambda capacity: 1)
    monkeypatch.setattr(matching, "ADVISERS_PER_NEW_PAIR", 1)


@pytest.mark.parametrize("seed", range(300))
def test_solve_equals_brute_force(seed):
    problem = random_problem(random.Random(seed))
    result = solve(problem)
    check_capacities(problem, result)
    assert (result.matched, result.score) == brute_force(problem), result.method
    assert result.gap == 0


@pytest.mark.parametrize("seed", range(200))
def test_solve_cut_short_still_equals_brute_force(seed, cut_short):
    problem = random_problem(random.Random(50_000 + seed))
    result = solve(problem)
    check_capacities(problem, result)
    assert (result.matched, result.score) == brute_force(problem), result.method


@pytest.mark.parametrize("seed", range(60))
def test_solve_equals_the_plain_ilp_on_medium_instances(seed):
    problem = medium_problem(random.Random(seed))
    result, reference = solve(problem), solve_ilp(problem)
    check_capacities(problem, result)
    assert (result.matched, result.score) == (reference.matched, reference.score), result.method


@pytest.mark.parametrize("seed", range(60))
def test_solve_cut_short_equals_the_plain_ilp_on_medium_instances(seed, cut_short):
    problem = medium_problem(random.Random(70_000 + seed))
    result, reference = solve(problem), solve_ilp(problem)
    check_capacities(problem, result)
    assert (result.matched, result.score) == (reference.matched, reference.score), result.method


def test_cut_short_runs_take_the_reduced_cost_path(cut_short):
    """The seeded loops above must exercise every branch of the proof, not just the happy certificate."""
    methods = Counter()
    for seed in range(40):
        method = solve(medium_problem(random.Random(70_000 + seed))).method
        methods["fixing + ILP" if "after reduced-cost fixing" in method else method.split(" ")[1]] += 1
    assert methods["fixing + ILP"] >= 10, methods


@pytest.mark.parametrize("seed", range(100))
def test_ilp_alone_equals_brute_force(seed):
    problem = random_problem(random.Random(10_000 + seed))
    result = solve_ilp(problem)
    check_capacities(problem, result)
    assert (result.matched, result.score) == brute_force(problem)


def test_greedy_is_not_optimal_where_solve_is():
    # A takes the shared seat greedily (higher score) and B is left out; the optimum matches both.
    practices = {1: Practice(1, 1, 1001, "UT"), 2: Practice(2, 2, 1002, "UT")}
    apps = [App(1, 2001, "UT", prefs=((1, 1), (2, 2))), App(2, 2002, "NB", prefs=((1, 1),))]
    advisers = {1: AdviserInfo(1, frozenset({"UT", "NB"}))}
    problem = Problem(apps, practices, {1: 1, 2: 1}, advisers, {1: 2})
    assert greedy(problem).matched == 1
    assert solve(problem).matched == 2


def test_more_matches_beat_a_higher_score():
    # Giving the expert adviser to A scores more, but only the other way round can both schools be matched.
    practices = {1: Practice(1, 1, 1001, "UT", themes=frozenset({"a"})), 2: Practice(2, 2, 1002, "UT")}
    apps = [App(1, 2001, "UT", prefs=((1, 1),)), App(2, 2002, "UT", prefs=((2, 1),))]
    advisers = {1: AdviserInfo(1, themes=frozenset({"a"}), ties=frozenset({2002})), 2: AdviserInfo(2)}
    problem = Problem(apps, practices, {1: 1, 2: 1}, advisers, {1: 1, 2: 1}, Weights(expertise=5000))
    result = solve(problem)
    assert result.matched == 2
    assert {(a.application_id, a.adviser_id) for a in result.assignments} == {(1, 1), (2, 2)}


def test_ties_exclude_an_adviser():
    practices = {1: Practice(1, 1, 1001, "UT")}
    apps = [App(1, 2001, "UT", prefs=((1, 1),))]
    advisers = {1: AdviserInfo(1, frozenset({"UT"}), ties=frozenset({2001})), 2: AdviserInfo(2)}
    result = solve(Problem(apps, practices, {1: 1}, advisers, {1: 1, 2: 1}))
    assert [a.adviser_id for a in result.assignments] == [2]


def test_a_tie_to_the_ambassador_school_excludes_the_adviser_too():
    practices = {1: Practice(1, 1, 1001, "UT")}
    apps = [App(1, 2001, "UT", prefs=((1, 1),))]
    advisers = {1: AdviserInfo(1, frozenset({"UT"}), ties=frozenset({1001})), 2: AdviserInfo(2)}
    result = solve(Problem(apps, practices, {1: 1}, advisers, {1: 1, 2: 1}))
    assert [a.adviser_id for a in result.assignments] == [2]


def test_capacity_is_per_ambassador_school_across_its_practices():
    practices = {1: Practice(1, 1, 1001, "UT"), 2: Practice(2, 1, 1001, "UT")}
    apps = [App(i, 2000 + i, "UT", prefs=((1 + i % 2, 1),)) for i in range(1, 5)]
    advisers = {1: AdviserInfo(1)}
    result = solve(Problem(apps, practices, {1: 2}, advisers, {1: 10}))
    assert result.matched == 2


def test_nothing_to_match():
    problem = Problem([App(1, 2001, "UT", prefs=((1, 1),))], {1: Practice(1, 1, 1001, "UT")}, {1: 0},
                      {1: AdviserInfo(1)}, {1: 1})
    assert solve(problem).assignments == [] and greedy(problem).assignments == []


def test_score_parts_explain_the_score():
    practices = {1: Practice(1, 1, 1001, "UT", frozenset({"havo"}), frozenset({"a", "b"}))}
    apps = [App(1, 2001, "UT", frozenset({"havo", "vwo"}), ((1, 2),))]
    advisers = {1: AdviserInfo(1, frozenset({"UT"}), frozenset({"a"}))}
    result = solve(Problem(apps, practices, {1: 1}, advisers, {1: 1}))
    parts = result.assignments[0].parts
    assert parts == {"rank": 300, "school_types": 10, "province_ambassador": 40, "province_adviser": 30,
                     "expertise": 15}
    assert result.score == 395
