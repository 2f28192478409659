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
    gap: int = 0  # points the result may lie below the optimum; 0 = proven optimal

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




@dataclass
class Candidate:
    """One (application, chosen practice) with its eligible advisers, best first (numpy arrays)."""

    app: App
    practice: Practice
    rank: int
    advisers: np.ndarray  # indices into AdviserIndex.items, sorted by value, best first
    values: np.ndarray  # the adviser part of the score, same order

    @property
    def best(self) -> int:
        return int(self.values[0])


@dataclass
class AdviserIndex:
    items: list[AdviserInfo]
    capacity: np.ndarray

    def __getitem__(self, i) -> AdviserInfo:
        return self.items[int(i)]


def adviser_index(problem: Problem) -> AdviserIndex:
    items = [a for a in sorted(problem.advisers.values(), key=lambda a: a.id)
             if problem.adviser_capacity.get(a.id, 0) > 0]
    return AdviserIndex(items, np.array([problem.adviser_capacity[a.id] for a in items], dtype=int))


def candidates(problem: Problem, index: AdviserIndex | None = None) -> list[Candidate]:
    """(application, practice) pairs with a seat left at the ambassador and at least one eligible adviser.

    The adviser part of the score is computed for all advisers at once: a province term per application province
    and an expertise term per practice, both as numpy vectors; ties exclude an adviser for that pair.
    """
    index = index or adviser_index(problem)
    if not index.items:
        return []
    w = problem.weights
    province_term: dict[str, np.ndarray] = {}
    theme_term: dict[int, np.ndarray] = {}
    tied: dict[int, list[int]] = defaultdict(list)
    for i, adviser in enumerate(index.items):
        for school_id in adviser.ties:
            tied[school_id].append(i)
    ids = np.array([a.id for a in index.items])
    out = []
    for app in problem.applications:
        if app.province not in province_term:
            province_term[app.province] = np.array(
                [w.province_adviser if app.province in a.provinces else 0 for a in index.items], dtype=np.int64)
        for practice_id, rank in app.prefs:
            practice = problem.practices.get(practice_id)
            if practice is None or problem.ambassador_capacity.get(practice.ambassador_id, 0) <= 0:
                continue
            if practice.id not in theme_term:
                theme_term[practice.id] = np.array(
                    [w.expertise * len(a.themes & practice.themes) for a in index.items], dtype=np.int64)
            values = province_term[app.province] + theme_term[practice.id]
            excluded = tied.get(app.school_id, []) + tied.get(practice.ambassador_school_id, [])
            order = np.lexsort((ids, -values))  # best value first, then the lowest id: deterministic
            if excluded:
                order = order[~np.isin(order, excluded)]
            if len(order):
                out.append(Candidate(app, practice, rank, order, values[order]))
    return out


def _assignment(problem, app, practice, rank, adviser) -> Assignment:
    parts = score_parts(problem, app, practice, rank, adviser)
    return Assignment(app.id, practice.id, adviser.id, sum(parts.values()), parts)


def solve(problem: Problem) -> Result:
    index = adviser_index(problem)
    cands = candidates(problem, index)
    if not cands:
        return Result([], "empty")
    # Step 1: relaxation over ambassador seats; per (app, ambassador) keep the best practice.
    best: dict[tuple[int, int], tuple[int, Candidate]] = {}
    for cand in cands:
        value = _pair_value(problem, cand.app, cand.practice, cand.rank) + cand.best
        key = (cand.app.id, cand.practice.ambassador_id)
        if key not in best or value > best[key][0] or (value == best[key][0] and cand.rank < best[key][1].rank):
            best[key] = (value, cand)
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
    upper = sum(_pair_value(problem, c.app, c.practice, c.rank) + c.best for c in chosen)
    # Step 2: advisers for the chosen pairs within their capacities (an assignment over adviser seats).
    seat_adviser = np.repeat(np.arange(len(index.items)), index.capacity)
    big2 = float((max((c.best for c in chosen), default=0) + 1) * (len(chosen) + 1))
    cost2 = np.zeros((len(chosen), len(seat_adviser)))
    for i, cand in enumerate(chosen):
        value_of = np.full(len(index.items), -1, dtype=np.int64)
        value_of[cand.advisers] = cand.values
        row_values = value_of[seat_adviser]
        cost2[i] = np.where(row_values >= 0, -(big2 + row_values), 0.0)
    rows2, cols2 = linear_sum_assignment(cost2) if chosen else ([], [])
    assignments = []
    for i, j in zip(rows2, cols2, strict=True):
        if cost2[i, j] < 0:
            cand = chosen[i]
            assignments.append(_assignment(problem, cand.app, cand.practice, cand.rank, index[seat_adviser[j]]))
    if len(assignments) == len(chosen) and sum(a.score for a in assignments) == upper:
        return Result(assignments, "assignment (certified by the relaxation bound)")
    # Step 3: keep only the (application, ambassador) pairs whose LP reduced cost fits in the gap between the
    # relaxation and the best solution at hand: no solution at least as good can use any other pair.
    incumbent = max(Result(assignments, "assignment"), greedy(problem, index, cands),
                    key=lambda r: (r.matched, r.score))
    lower = big * incumbent.matched + incumbent.score
    keep, bound = _pairs_within_gap(best, problem.ambassador_capacity, big, lower)
    reduced = [c for c in cands if (c.app.id, c.practice.ambassador_id) in keep]
    if _triple_count(reduced, index, problem) <= EXACT_ILP_LIMIT:
        result = solve_ilp(problem, reduced, index)
        return max(result, incumbent, key=lambda r: (r.matched, r.score))
    # Too large to prove optimal quickly: an ILP over each ambassador's best candidates and each pair's best
    # advisers, within a time limit. The result says how far it can be from the optimum at most.
    per_amb: dict[int, list[Candidate]] = defaultdict(list)
    for cand in sorted(reduced, key=lambda c: -(_pair_value(problem, c.app, c.practice, c.rank) + c.best)):
        if len(per_amb[cand.practice.ambassador_id]) < 3 * problem.ambassador_capacity[cand.practice.ambassador_id] + 3:
            per_amb[cand.practice.ambassador_id].append(cand)
    short = [c for group in per_amb.values() for c in group]
    result = solve_ilp(problem, short, index, advisers_per_pair=12, time_limit=HEURISTIC_TIME_LIMIT)
    result = max(result, incumbent, key=lambda r: (r.matched, r.score))
    gap = max(0, int(bound - big * result.matched - result.score + 1e-6))
    result.gap = gap
    result.method = ("ILP on the best candidates, proven optimal by the LP bound" if gap == 0 else
                     f"ILP on the best candidates (not proven optimal: at most {gap} points below the optimum)")
    return result


EXACT_ILP_LIMIT = 150_000
HEURISTIC_TIME_LIMIT = 1.0


def _triple_count(cands, index, problem) -> int:
    fillable = min(len(problem.applications), sum(max(0, c) for c in problem.ambassador_capacity.values()),
                   int(index.capacity.sum()))
    total = 0
    for cand in cands:
        room = np.cumsum(index.capacity[cand.advisers])
        total += int(np.searchsorted(room, fillable)) + 1
    return total


def _pairs_within_gap(best, capacity, big, lower) -> tuple[set[tuple[int, int]], float]:
    """Reduced-cost fixing on the LP of the relaxation (HiGHS duals)."""
    from scipy.optimize import linprog

    keys = list(best)
    values = np.array([big + best[k][0] for k in keys])
    apps = {a: i for i, a in enumerate(sorted({k[0] for k in keys}))}
    ambs = {b: len(apps) + i for i, b in enumerate(sorted({k[1] for k in keys}))}
    rows = [apps[a] for a, _b in keys] + [ambs[b] for _a, b in keys]
    cols = list(range(len(keys))) * 2
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(apps) + len(ambs), len(keys)))
    bounds = np.array([1.0] * len(apps) + [float(max(0, capacity.get(b, 0))) for b in sorted(ambs)])
    res = linprog(-values, A_ub=matrix, b_ub=bounds, bounds=(0, None), method="highs")
    if res.status != 0:
        return set(keys), float("inf")
    upper = -res.fun
    duals = -res.ineqlin.marginals  # ≥ 0
    reduced = duals[[apps[a] for a, _b in keys]] + duals[[ambs[b] for _a, b in keys]] - values
    gap = upper - lower + 0.5  # values are whole points
    return {k for k, r in zip(keys, reduced, strict=True) if r <= gap}, upper


def solve_ilp(problem: Problem, cands=None, index: AdviserIndex | None = None, *, advisers_per_pair: int | None = None,
              time_limit: float | None = None) -> Result:
    index = index or adviser_index(problem)
    cands = candidates(problem, index) if cands is None else cands
    fillable = min(len(problem.applications), sum(max(0, c) for c in problem.ambassador_capacity.values()),
                   int(index.capacity.sum()))
    triples = []
    for cand in cands:
        base = _pair_value(problem, cand.app, cand.practice, cand.rank)
        # Best advisers first; stop once they can hold every other match (the exchange argument above).
        room = np.cumsum(index.capacity[cand.advisers])
        keep = int(np.searchsorted(room, fillable)) + 1
        if advisers_per_pair is not None:
            keep = min(keep, advisers_per_pair)
        for i, value in zip(cand.advisers[:keep], cand.values[:keep], strict=True):
            triples.append((cand.app, cand.practice, cand.rank, index[i], base + int(value)))
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
               options={"mip_rel_gap": 0.0, "disp": False, **({"time_limit": time_limit} if time_limit else {})})
    if res.x is None:
        if time_limit:
            return Result([], "ilp (no solution within the time limit)")
        raise RuntimeError(f"matching ILP failed: {res.message}")
    chosen = [triples[j] for j in np.flatnonzero(res.x > 0.5)]
    return Result([_assignment(problem, a, p, rk, v) for a, p, rk, v, _val in chosen], "integer program (HiGHS)")


def greedy(problem: Problem, index: AdviserIndex | None = None, cands=None) -> Result:
    """The obvious baseline: best-scoring triples first, taken while capacities allow."""
    index = index or adviser_index(problem)
    cands = candidates(problem, index) if cands is None else cands
    if not cands:
        return Result([], "greedy")
    totals = np.concatenate([_pair_value(problem, c.app, c.practice, c.rank) + c.values for c in cands])
    owner = np.repeat(np.arange(len(cands)), [len(c.values) for c in cands])
    position = np.concatenate([np.arange(len(c.values)) for c in cands])
    amb, adv, used, out = dict(problem.ambassador_capacity), index.capacity.copy(), set(), []
    seats_left = sum(max(0, v) for v in amb.values())
    for k in np.argsort(-totals, kind="stable"):
        cand = cands[owner[k]]
        i = cand.advisers[position[k]]
        if cand.app.id in used or amb.get(cand.practice.ambassador_id, 0) <= 0 or adv[i] <= 0:
            continue
        used.add(cand.app.id)
        amb[cand.practice.ambassador_id] -= 1
        adv[i] -= 1
        seats_left -= 1
        out.append(_assignment(problem, cand.app, cand.practice, cand.rank, index[i]))
        if seats_left <= 0:
            break
    return Result(out, "greedy")
