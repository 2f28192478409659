"""The solver against brute force on random small instances, and its capacity guarantees."""

import itertools
import random
from collections import Counter

import pytest

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


def random_problem(rng: random.Random) -> Problem:
    n_amb = rng.randint(1, 3)
    practices = {}
    for pid in range(1, rng.randint(2, 4) + 1):
        amb = rng.randint(1, n_amb)
        practices[pid] = Practice(pid, amb, 1000 + amb, rng.choice(PROVINCES), frozenset(rng.sample(TYPES, 2)),
                                  frozenset(rng.sample(THEMES, 2)))
    apps = []
    for aid in range(1, rng.randint(1, 5) + 1):
        prefs = rng.sample(sorted(practices), rng.randint(1, min(3, len(practices))))
        apps.append(App(aid, 2000 + aid, rng.choice(PROVINCES), frozenset(rng.sample(TYPES, 1)),
                        tuple((p, r) for r, p in enumerate(prefs, 1))))
    advisers = {}
    for vid in range(1, rng.randint(1, 3) + 1):
        ties = frozenset(rng.sample([2000 + a.id for a in apps] + [1001, 1002], rng.randint(0, 1)))
        advisers[vid] = AdviserInfo(vid, frozenset(rng.sample(PROVINCES, rng.randint(0, 2))),
                                    frozenset(rng.sample(THEMES, rng.randint(0, 3))), ties)
    return Problem(apps, practices, {amb: rng.randint(0, 2) for amb in range(1, n_amb + 1)}, advisers,
                   {v: rng.randint(0, 2) for v in advisers}, Weights())


def brute_force(problem: Problem) -> tuple[int, int]:
    options = {}
    index = adviser_index(problem)
    for cand in candidates(problem, index):
        for i in cand.advisers:
            parts = score_parts(problem, cand.app, cand.practice, cand.rank, index[i])
            options.setdefault(cand.app.id, []).append((cand.practice.ambassador_id, index[i].id,
                                                        sum(parts.values())))
    best = (0, 0)
    app_ids = sorted(options)
    for choice in itertools.product(*[[None, *options[a]] for a in app_ids]):
        amb, adv = Counter(), Counter()
        count = score = 0
        ok = True
        for option in choice:
            if option is None:
                continue
            amb[option[0]] += 1
            adv[option[1]] += 1
            count += 1
            score += option[2]
        for key, n in amb.items():
            ok &= n <= problem.ambassador_capacity[key]
        for key, n in adv.items():
            ok &= n <= problem.adviser_capacity[key]
        if ok:
            best = max(best, (count, score))
    return best


def check_capacities(problem, result):
    amb = Counter(problem.practices[a.practice_id].ambassador_id for a in result.assignments)
    adv = Counter(a.adviser_id for a in result.assignments)
    assert all(n <= problem.ambassador_capacity[k] for k, n in amb.items())
    assert all(n <= problem.adviser_capacity[k] for k, n in adv.items())
    assert len({a.application_id for a in result.assignments}) == len(result.assignments)


@pytest.mark.parametrize("seed", range(300))
def test_solve_equals_brute_force(seed):
    problem = random_problem(random.Random(seed))
    result = solve(problem)
    check_capacities(problem, result)
    assert (result.matched, result.score) == brute_force(problem), result.method


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


def test_ties_exclude_an_adviser():
    practices = {1: Practice(1, 1, 1001, "UT")}
    apps = [App(1, 2001, "UT", prefs=((1, 1),))]
    advisers = {1: AdviserInfo(1, frozenset({"UT"}), ties=frozenset({2001})), 2: AdviserInfo(2)}
    result = solve(Problem(apps, practices, {1: 1}, advisers, {1: 1, 2: 1}))
    assert [a.adviser_id for a in result.assignments] == [2]


def test_score_parts_explain_the_score():
    practices = {1: Practice(1, 1, 1001, "UT", frozenset({"havo"}), frozenset({"a", "b"}))}
    apps = [App(1, 2001, "UT", frozenset({"havo", "vwo"}), ((1, 2),))]
    advisers = {1: AdviserInfo(1, frozenset({"UT"}), frozenset({"a"}))}
    result = solve(Problem(apps, practices, {1: 1}, advisers, {1: 1}))
    parts = result.assignments[0].parts
    assert parts == {"rank": 300, "school_types": 10, "province_ambassador": 40, "province_adviser": 30,
                     "expertise": 15}
    assert result.score == 395
