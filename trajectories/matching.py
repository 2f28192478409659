"""The matching solver: partner applications × chosen good practices × advisers, exact and fast.

Objective (lexicographic): first the most applications matched, then the highest total score, within the
remaining capacity of every ambassador school and every adviser. Score of one match =
``s1(application, practice) + s2(application, adviser) + s3(practice, adviser)`` (see :func:`score_parts`).

Exact method, in two steps with a certificate, and an exact ILP fallback:

1. *Relaxation.* Give every (application, practice) its best eligible adviser and ignore adviser capacities. What
   is left is a b-matching of applications to ambassador seats, solved exactly as a rectangular assignment problem
   (``scipy.optimize.linear_sum_assignment`` over seats) with cost ``-(BIG + value)``. Its optimum is an upper
   bound for the real problem in the lexicographic order.
2. *Advisers.* For the chosen pairs, assign advisers within their capacities, again as an exact assignment over
   adviser seats. If every chosen pair gets an adviser worth its best value, the upper bound is reached, so the
   result is optimal.
3. Otherwise (adviser capacity binds) solve the full model as an integer program with HiGHS
   (``scipy.optimize.milp``, zero gap). Candidate advisers per pair are reduced to the best ones whose capacities
   add up to the number of seats that can be filled: an exchange argument shows an optimal solution exists within
   that set (a match outside it can move to a better-or-equal candidate adviser with room, because the candidates
   together have more room than there are other matches).

``greedy`` is the baseline the benchmark compares with.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import csr_matrix


@dataclass(frozen=True)
class Weights:
    rank: tuple[int, int, int] = (1000, 300, 100)
    school_type: int = 10
    province_ambassador: int = 40
    province_adviser: int = 30
    expertise: int = 15

    @classmethod
    def of(cls, tranche) -> Weights:
        return cls((tranche.weight_rank_1, tranche.weight_rank_2, tranche.weight_rank_3), tranche.weight_school_type,
                   tranche.weight_same_province_ambassador, tranche.weight_same_province_adviser,
                   tranche.weight_expertise)


@dataclass(frozen=True)
class App:
    id: int
    school_id: int
    province: str
    types: frozenset = frozenset()
    prefs: tuple[tuple[int, int], ...] = ()  # (practice id, rank)


@dataclass(frozen=True)
class Practice:
    id: int
    ambassador_id: int
    ambassador_school_id: int
    province: str
    types: frozenset = frozenset()
    themes: frozenset = frozenset()


@dataclass(frozen=True)
class AdviserInfo:
    id: int
    provinces: frozenset = frozenset()
    themes: frozenset = frozenset()
    ties: frozenset = frozenset()  # school ids


@dataclass
class Problem:
    applications: list[App]
    practices: dict[int, Practice]
    ambassador_capacity: dict[int, int]  # remaining seats per ambassador school
    advisers: dict[int, AdviserInfo]
    adviser_capacity: dict[int, int]  # remaining seats per adviser
    weights: Weights = field(default_factory=Weights)


@dataclass(frozen=True)
class Assignment:
    application_id: int
    practice_id: int
    adviser_id: int
    score: int
    parts: dict


@dataclass
class Result:
    assignments: list[Assignment]
    method: str = ""

    @property
    def matched(self) -> int:
        return len(self.assignments)

    @property
    def score(self) -> int:
        return sum(a.score for a in self.assignments)


def score_parts(problem: Problem, app: App, practice: Practice, rank: int, adviser: AdviserInfo) -> dict:
    w = problem.weights
    return {
        "rank": w.rank[rank - 1] if 1 <= rank <= len(w.rank) else 0,
        "school_types": w.school_type * len(app.types & practice.types),
        "province_ambassador": w.province_ambassador if app.province == practice.province else 0,
        "province_adviser": w.province_adviser if app.province in adviser.provinces else 0,
        "expertise": w.expertise * len(adviser.themes & practice.themes),
    }


def _pair_value(problem, app, practice, rank) -> int:
    w = problem.weights
    return ((w.rank[rank - 1] if 1 <= rank <= len(w.rank) else 0) + w.school_type * len(app.types & practice.types)
            + (w.province_ambassador if app.province == practice.province else 0))


def _adviser_value(problem, app, practice, adviser) -> int:
    w = problem.weights
    return ((w.province_adviser if app.province in adviser.provinces else 0)
            + w.expertise * len(adviser.themes & practice.themes))


def _eligible(app, practice, adviser) -> bool:
    return app.school_id not in adviser.ties and practice.ambassador_school_id not in adviser.ties


def candidates(problem: Problem):
    """(app, practice, rank) pairs with a seat left at the ambassador and at least one eligible adviser."""
    advisers = [a for a in problem.advisers.values() if problem.adviser_capacity.get(a.id, 0) > 0]
    out = []
    for app in problem.applications:
        for practice_id, rank in app.prefs:
            practice = problem.practices.get(practice_id)
            if practice is None or problem.ambassador_capacity.get(practice.ambassador_id, 0) <= 0:
                continue
            ranked = sorted(((_adviser_value(problem, app, practice, v), -v.id, v) for v in advisers
                             if _eligible(app, practice, v)), reverse=True)
            if ranked:
                out.append((app, practice, rank, ranked))
    return out


def _assignment(problem, app, practice, rank, adviser) -> Assignment:
    parts = score_parts(problem, app, practice, rank, adviser)
    return Assignment(app.id, practice.id, adviser.id, sum(parts.values()), parts)


def solve(problem: Problem) -> Result:
    cands = candidates(problem)
    if not cands:
        return Result([], "empty")
    # Step 1: relaxation over ambassador seats; per (app, ambassador) keep the best practice.
    best: dict[tuple[int, int], tuple[int, tuple]] = {}
    for app, practice, rank, ranked in cands:
        value = _pair_value(problem, app, practice, rank) + ranked[0][0]
        key = (app.id, practice.ambassador_id)
        if key not in best or value > best[key][0] or (value == best[key][0] and rank < best[key][1][2]):
            best[key] = (value, (app, practice, rank, ranked))
    seats = [amb for amb, cap in sorted(problem.ambassador_capacity.items()) for _ in range(max(0, cap))]
    app_ids = sorted({app_id for app_id, _ in best})
    row = {app_id: i for i, app_id in enumerate(app_ids)}
    seat_cols = defaultdict(list)
    for j, amb in enumerate(seats):
        seat_cols[amb].append(j)
    max_value = max(v for v, _ in best.values())
    big = float((max_value + 1) * (min(len(app_ids), len(seats)) + 1))
    cost = np.zeros((len(app_ids), len(seats)))
    for (app_id, amb), (value, _c) in best.items():
        cost[row[app_id], seat_cols[amb]] = -(big + value)
    rows, cols = linear_sum_assignment(cost)
    chosen = [best[(app_ids[r], seats[c])][1] for r, c in zip(rows, cols, strict=True) if cost[r, c] < 0]
    upper = sum(_pair_value(problem, a, p, rk) + ranked[0][0] for a, p, rk, ranked in chosen)
    # Step 2: advisers for the chosen pairs within their capacities.
    adviser_seats = [v for v, cap in sorted(problem.adviser_capacity.items()) for _ in range(max(0, cap))
                     if v in problem.advisers]
    adv_cols = defaultdict(list)
    for j, v in enumerate(adviser_seats):
        adv_cols[v].append(j)
    max_adv = max((ranked[0][0] for *_x, ranked in chosen), default=0)
    big2 = float((max_adv + 1) * (len(chosen) + 1))
    cost2 = np.zeros((len(chosen), len(adviser_seats)))
    for i, (_app, _practice, _rank, ranked) in enumerate(chosen):
        for value, _neg, adviser in ranked:
            cost2[i, adv_cols[adviser.id]] = -(big2 + value)
    rows2, cols2 = linear_sum_assignment(cost2) if chosen else ([], [])
    assignments = []
    for i, j in zip(rows2, cols2, strict=True):
        if cost2[i, j] < 0:
            app, practice, rank, _ranked = chosen[i]
            assignments.append(_assignment(problem, app, practice, rank, problem.advisers[adviser_seats[j]]))
    if len(assignments) == len(chosen) and sum(a.score for a in assignments) == upper:
        return Result(assignments, "assignment (certified by the relaxation bound)")
    return solve_ilp(problem, cands)


def solve_ilp(problem: Problem, cands=None) -> Result:
    cands = candidates(problem) if cands is None else cands
    fillable = min(len(problem.applications), sum(max(0, c) for c in problem.ambassador_capacity.values()),
                   sum(max(0, c) for c in problem.adviser_capacity.values()))
    triples = []
    for app, practice, rank, ranked in cands:
        room = 0
        for value, _neg, adviser in ranked:  # best first; stop once these advisers can hold every other match
            triples.append((app, practice, rank, adviser, _pair_value(problem, app, practice, rank) + value))
            room += problem.adviser_capacity.get(adviser.id, 0)
            if room >= fillable:
                break
    if not triples:
        return Result([], "ilp")
    values = np.array([t[4] for t in triples], dtype=float)
    big = float((values.max() + 1) * (fillable + 1))
    rows, cols, upper = [], [], []
    groups = [("app", lambda t: t[0].id, lambda key: 1),
              ("amb", lambda t: t[1].ambassador_id, lambda key: problem.ambassador_capacity[key]),
              ("adv", lambda t: t[3].id, lambda key: problem.adviser_capacity[key])]
    r = 0
    for _name, key_of, cap_of in groups:
        index = {}
        for j, t in enumerate(triples):
            key = key_of(t)
            if key not in index:
                index[key] = r
                upper.append(cap_of(key))
                r += 1
            rows.append(index[key])
            cols.append(j)
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(r, len(triples)))
    res = milp(-(big + values), constraints=LinearConstraint(matrix, -np.inf, np.array(upper, dtype=float)),
               integrality=np.ones(len(triples)), bounds=Bounds(0, 1),
               options={"mip_rel_gap": 0.0, "disp": False})
    if res.x is None:
        raise RuntimeError(f"matching ILP failed: {res.message}")
    chosen = [triples[j] for j in np.flatnonzero(res.x > 0.5)]
    return Result([_assignment(problem, a, p, rk, v) for a, p, rk, v, _val in chosen], "integer program (HiGHS)")


def greedy(problem: Problem) -> Result:
    """The obvious baseline: best-scoring triples first, taken while capacities allow."""
    triples = []
    for app, practice, rank, ranked in candidates(problem):
        for value, _neg, adviser in ranked:
            triples.append((_pair_value(problem, app, practice, rank) + value, app, practice, rank, adviser))
    triples.sort(key=lambda t: (-t[0], t[1].id, t[2].id, t[4].id))
    amb, adv, used, out = dict(problem.ambassador_capacity), dict(problem.adviser_capacity), set(), []
    for _value, app, practice, rank, adviser in triples:
        if app.id in used or amb.get(practice.ambassador_id, 0) <= 0 or adv.get(adviser.id, 0) <= 0:
            continue
        used.add(app.id)
        amb[practice.ambassador_id] -= 1
        adv[adviser.id] -= 1
        out.append(_assignment(problem, app, practice, rank, adviser))
    return Result(out, "greedy")
