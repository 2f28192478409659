"""The matching solver: partner applications × chosen good practices × advisers, exact and fast.

Objective (lexicographic): first the most applications matched, then the highest total score, within the remaining
capacity of every ambassador school (over all its practices) and every adviser. The score of a triple
(application a, practice p, adviser v) is ``s1(a, p) + s2(a, v) + s3(p, v)`` (see :func:`score_parts`): the rank,
school types and ambassador province; the adviser serving the school's province; the adviser's expertise in the
practice's themes. Both orders are folded into one integer objective ``c_t = BIG + score_t`` with
``BIG > (max score) × (max matches)``, so one more match always beats any score.

The integer program is ``max Σ c_t x_t`` over binary ``x_t`` with one row per application (≤ 1), per ambassador
school (≤ C_b) and per adviser (≤ K_v). It has millions of triples at full scale (10,000 applications × 2 choices
× 200 advisers), so :func:`solve` never writes it down in full:

1. *Column generation.* A restricted LP over a few thousand triples (each ambassador school's most valuable
   pairs and their best advisers) is solved with HiGHS; its duals ``y_b`` (ambassador schools) and ``z_v``
   (advisers) price every other triple in vectorised numpy (the adviser part depends only on the practice and
   the application's province, so one row per (practice, province) covers all applications in it). Triples with
   a positive reduced cost join the master; repeat.
2. *A certificate at every round.* For any ``y, z ≥ 0`` put ``u_a = max(0, max_t∋a (c_t - y_b - z_v))`` over *all*
   triples of a. Then (u, y, z) is dual feasible and ``D = Σ u_a + Σ C_b y_b + Σ K_v z_v`` bounds every integer
   solution from above (weak duality). This holds whether or not the column generation converged.
3. *Incumbent.* The best integer solution over the master columns (the LP solution itself when it is integral,
   otherwise the ILP over those columns). If ``D - incumbent < 1`` it is optimal: all values are whole points.
4. *Reduced-cost fixing.* With ``rc_t = c_t - u_a - y_b - z_v ≤ 0``, every feasible x satisfies
   ``Σ c_t x_t = Σ rc_t x_t + Σ (u_a + y_b + z_v) x_t ≤ D + rc_t`` for each chosen t, because the rows are ≤ 1,
   ≤ C_b, ≤ K_v and u, y, z ≥ 0. So a solution better than the incumbent (≥ incumbent + 1) only uses triples
   with ``D + rc_t ≥ incumbent + 1``. If all of those were already in the master, the incumbent is optimal;
   otherwise the ILP over master ∪ survivors is solved with HiGHS at zero gap, and its optimum is the optimum.

Every answer is therefore proven optimal; only if the last ILP hits its time limit does the result say how far
below the optimum it may be (``Result.gap``, never seen on the benchmark shapes). On the benchmark shape
(10,000 applications, 300 practices of 150 schools, 200 advisers) the LP over the first master is already
integral and certified: about 0.3 s including building the arrays.

``solve_ilp`` is the plain ILP (reference for tests on medium instances) and ``greedy`` the baseline the benchmark
compares with.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
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
    # The practices and advisers of this school's matches that staff ended (services.matching.end_match): never
    # proposed to it again, as if the adviser had a tie with it; another choice or adviser still can be.
    ended_practices: frozenset = frozenset()
    ended_advisers: frozenset = frozenset()


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
    and an expertise term per practice, both as numpy vectors; ties exclude an adviser for that pair, and so do the
    practices and advisers of the application's ended matches (``App.ended_practices``, ``App.ended_advisers``).
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
    position = {a.id: i for i, a in enumerate(index.items)}
    out = []
    for app in problem.applications:
        if app.province not in province_term:
            province_term[app.province] = np.array(
                [w.province_adviser if app.province in a.provinces else 0 for a in index.items], dtype=np.int64)
        ended = [position[v] for v in app.ended_advisers if v in position]
        for practice_id, rank in app.prefs:
            practice = problem.practices.get(practice_id)
            if (practice is None or practice_id in app.ended_practices
                    or problem.ambassador_capacity.get(practice.ambassador_id, 0) <= 0):
                continue
            if practice.id not in theme_term:
                theme_term[practice.id] = np.array(
                    [w.expertise * len(a.themes & practice.themes) for a in index.items], dtype=np.int64)
            values = province_term[app.province] + theme_term[practice.id]
            excluded = tied.get(app.school_id, []) + tied.get(practice.ambassador_school_id, []) + ended
            order = np.lexsort((ids, -values))  # best value first, then the lowest id: deterministic
            if excluded:
                order = order[~np.isin(order, excluded)]
            if len(order):
                out.append(Candidate(app, practice, rank, order, values[order]))
    return out


def _assignment(problem, app, practice, rank, adviser) -> Assignment:
    parts = score_parts(problem, app, practice, rank, adviser)
    return Assignment(app.id, practice.id, adviser.id, sum(parts.values()), parts)


NEG = -np.inf


class _Model:
    """The problem as arrays. A *pair* is (application, one of its chosen practices); a *triple* adds an adviser.

    The value of a triple is ``s1[pair] + vec[group[pair], adviser]``: ``s1`` holds the parts that do not depend on
    the adviser, ``vec`` the adviser parts for all advisers at once, per group (practice, application province):
    those parts only depend on the province and the practice. Ties are ``-inf`` entries: to an ambassador school
    in ``vec`` (all pairs of that practice), to a partner school per pair (``tie_rows``/``tie_cols``). The adviser of
    an application's ended match is excluded per pair the same way; its ended practice makes no pair at all.
    """

    def __init__(self, problem: Problem):
        w = problem.weights
        self.problem = problem
        self.advisers = [a for a in sorted(problem.advisers.values(), key=lambda a: a.id)
                         if problem.adviser_capacity.get(a.id, 0) > 0]
        self.adv_cap = np.array([problem.adviser_capacity[a.id] for a in self.advisers], dtype=float)
        self.amb_ids = sorted(k for k, c in problem.ambassador_capacity.items() if c > 0)
        amb_index = {k: i for i, k in enumerate(self.amb_ids)}
        self.amb_cap = np.array([problem.ambassador_capacity[k] for k in self.amb_ids], dtype=float)
        tied_to: dict[int, list[int]] = defaultdict(list)  # school id -> adviser indices
        adviser_at = {adviser.id: v for v, adviser in enumerate(self.advisers)}
        for v, adviser in enumerate(self.advisers):
            for school_id in adviser.ties:
                tied_to[school_id].append(v)

        provinces: dict[str, int] = {}
        practices: dict[int, int] = {}
        groups: dict[tuple[int, int], int] = {}
        pair_app, pair_prac, pair_amb, pair_s1, pair_rank, pair_group = [], [], [], [], [], []
        tie_pairs, tie_cols = [], []
        for ai, app in enumerate(problem.applications):
            province = provinces.setdefault(app.province, len(provinces))
            excluded = sorted(set(tied_to.get(app.school_id, ()))
                              | {adviser_at[v] for v in app.ended_advisers if v in adviser_at})
            seen = set()
            for practice_id, rank in sorted(app.prefs, key=lambda pr: pr[1]):
                practice = problem.practices.get(practice_id)
                if (practice is None or practice.ambassador_id not in amb_index or practice_id in seen
                        or practice_id in app.ended_practices):
                    continue
                seen.add(practice_id)
                pi = practices.setdefault(practice_id, len(practices))
                k = len(pair_app)
                pair_app.append(ai)
                pair_prac.append(pi)
                pair_amb.append(amb_index[practice.ambassador_id])
                pair_s1.append(_pair_value(problem, app, practice, rank))
                pair_rank.append(rank)
                pair_group.append(groups.setdefault((pi, province), len(groups)))
                for v in excluded:
                    tie_pairs.append(k)
                    tie_cols.append(v)
        self.practice_ids = list(practices)
        n_adv = len(self.advisers)
        served = np.zeros((len(provinces), n_adv))
        for name, i in provinces.items():
            served[i] = [w.province_adviser if name in a.provinces else 0 for a in self.advisers]
        themes = {t: i for i, t in enumerate(sorted({t for pid in practices
                                                     for t in problem.practices[pid].themes}, key=str))}
        practice_themes = np.zeros((len(practices), len(themes)))
        for pid, pi in practices.items():
            practice_themes[pi, [themes[t] for t in problem.practices[pid].themes]] = 1
        adviser_themes = np.zeros((n_adv, len(themes)))
        for v, adviser in enumerate(self.advisers):
            adviser_themes[v, [themes[t] for t in adviser.themes if t in themes]] = 1
        expertise = w.expertise * (practice_themes @ adviser_themes.T)
        for pid, pi in practices.items():
            expertise[pi, tied_to.get(problem.practices[pid].ambassador_school_id, [])] = NEG
        group_keys = np.array(list(groups), dtype=int).reshape(-1, 2)
        self.vec = expertise[group_keys[:, 0]] + served[group_keys[:, 1]] if len(groups) else np.zeros((0, n_adv))

        self.pair_app = np.array(pair_app, dtype=int)
        self.pair_prac = np.array(pair_prac, dtype=int)
        self.pair_amb = np.array(pair_amb, dtype=int)
        self.pair_s1 = np.array(pair_s1, dtype=float)
        self.pair_rank = np.array(pair_rank, dtype=int)
        self.pair_group = np.array(pair_group, dtype=int)
        self._set_ties(np.array(tie_pairs, dtype=int), np.array(tie_cols, dtype=int))
        # Pairs without any eligible adviser can never be matched.
        if n_adv:
            best, _arg = self.best_advisers(np.zeros(n_adv))
            self._keep(np.isfinite(best))
        else:
            self._keep(np.zeros(len(self.pair_app), dtype=bool))

    def _set_ties(self, pairs, cols):
        self.tie_pairs, self.tie_cols = pairs, cols
        self.tied = np.unique(pairs)
        self.tie_row = np.searchsorted(self.tied, pairs)  # row of each tie in a matrix over self.tied

    def _keep(self, mask):
        new_index = np.cumsum(mask) - 1
        for name in ("pair_app", "pair_prac", "pair_amb", "pair_s1", "pair_rank", "pair_group"):
            setattr(self, name, getattr(self, name)[mask])
        keep_tie = mask[self.tie_pairs]
        self._set_ties(new_index[self.tie_pairs[keep_tie]], self.tie_cols[keep_tie])

    @property
    def n_pairs(self) -> int:
        return len(self.pair_app)

    def rows(self, pairs: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Adviser parts minus the adviser prices ``z``, one row per pair (ties are -inf)."""
        out = self.vec[self.pair_group[pairs]] - z
        if len(self.tie_pairs):
            hit = np.isin(self.tie_pairs, pairs)
            if hit.any():
                position = {int(p): i for i, p in enumerate(pairs)}
                out[[position[int(p)] for p in self.tie_pairs[hit]], self.tie_cols[hit]] = NEG
        return out

    def best_advisers(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per pair the largest ``adviser part - z[v]`` over eligible advisers, and that adviser."""
        priced = self.vec - z
        best, arg = priced.max(axis=1)[self.pair_group], priced.argmax(axis=1)[self.pair_group]
        if len(self.tied):
            rows = priced[self.pair_group[self.tied]]
            rows[self.tie_row, self.tie_cols] = NEG
            best[self.tied], arg[self.tied] = rows.max(axis=1), rows.argmax(axis=1)
        return best, arg

    def values(self, pairs, advisers) -> np.ndarray:
        return self.pair_s1[pairs] + self.vec[self.pair_group[pairs], advisers]

    def constraints(self, pairs, advisers):
        """Rows: one per application in use (≤ 1), per ambassador school, per adviser (≤ remaining capacity)."""
        apps, app_row = np.unique(self.pair_app[pairs], return_inverse=True)
        n_apps, n_amb = len(apps), len(self.amb_ids)
        n = len(pairs)
        rows = np.concatenate([app_row, n_apps + self.pair_amb[pairs], n_apps + n_amb + advisers])
        cols = np.tile(np.arange(n), 3)
        matrix = csr_matrix((np.ones(3 * n), (rows, cols)), shape=(n_apps + n_amb + len(self.advisers), n))
        upper = np.concatenate([np.ones(n_apps), self.amb_cap, self.adv_cap])
        return matrix, upper, apps


def _milp(model: _Model, pairs, advisers, big: float, time_limit: float | None = None):
    """The integer program over the given triples. Returns (chosen mask, objective, proven upper bound)."""
    c = big + model.values(pairs, advisers)
    matrix, upper, _apps = model.constraints(pairs, advisers)
    options = {"mip_rel_gap": 0.0, "disp": False}
    if time_limit:
        options["time_limit"] = time_limit
    res = milp(-c, constraints=LinearConstraint(matrix, -np.inf, upper), integrality=np.ones(len(c)),
               bounds=Bounds(0, 1), options=options)
    if res.x is None:
        raise RuntimeError(f"matching ILP failed: {res.message}")
    chosen = res.x > 0.5
    bound = -res.mip_dual_bound if getattr(res, "mip_dual_bound", None) is not None else np.inf
    return chosen, float(c[chosen].sum()), bound if res.status != 0 else float(c[chosen].sum())


MAX_ROUNDS = 60
ADVISERS_PER_NEW_PAIR = 3
ILP_TIME_LIMIT = 60.0


def _top_advisers(model: _Model, pairs: np.ndarray, z: np.ndarray, k: int) -> np.ndarray:
    """Keys (pair × n_advisers + adviser) of the k best eligible advisers of each pair at prices z."""
    if not len(pairs):
        return np.zeros(0, dtype=np.int64)
    rows = model.rows(pairs, z)
    k = min(k, rows.shape[1])
    # Advisers often tie (same province, same expertise): break ties at random (fixed seed) so that the new columns
    # spread over all of them instead of piling onto the lowest ids. Values are whole points, the noise is < 0.01.
    noisy = rows + np.random.default_rng(len(pairs)).random(rows.shape) * 0.01
    top = np.argpartition(-noisy, k - 1, axis=1)[:, :k] if k < rows.shape[1] else np.tile(np.arange(k), (len(pairs), 1))
    ok = np.isfinite(np.take_along_axis(rows, top, axis=1))
    return (np.repeat(pairs, k) * len(model.advisers) + top.ravel())[ok.ravel()].astype(np.int64)


def _per_ambassador(model: _Model, pairs: np.ndarray, score: np.ndarray, limit) -> np.ndarray:
    """Of the given pairs, the ``limit(capacity)`` highest-scoring per ambassador school."""
    if not len(pairs):
        return pairs
    amb = model.pair_amb[pairs]
    order = np.lexsort((-score[pairs], amb))
    starts = np.searchsorted(amb[order], np.arange(len(model.amb_ids)))
    position = np.arange(len(order)) - starts[amb[order]]
    return pairs[order[position < limit(model.amb_cap[amb[order]])]]


def PAIRS_PER_AMBASSADOR_START(capacity):  # noqa: N802 - a tunable
    return 2 * capacity + 2


def PAIRS_PER_AMBASSADOR_ROUND(capacity):  # noqa: N802 - a tunable
    return capacity + 2


def solve(problem: Problem, *, time_limit: float | None = ILP_TIME_LIMIT) -> Result:
    """The lexicographic optimum (most matches, then the highest score). See the module docstring for the proof."""
    model = _Model(problem)
    n_adv, n_amb, n_apps = len(model.advisers), len(model.amb_ids), len(problem.applications)
    if not model.n_pairs:
        return Result([], "empty")
    free = np.zeros(n_adv)
    best0, _arg = model.best_advisers(free)
    fillable = min(len(np.unique(model.pair_app)), int(model.amb_cap.sum()), int(model.adv_cap.sum()))
    big = float((model.pair_s1 + best0).max() + 1) * (fillable + 1)

    # 1. Start the master with each ambassador school's most valuable pairs and their best advisers.
    first = _per_ambassador(model, np.arange(model.n_pairs), model.pair_s1 + best0, PAIRS_PER_AMBASSADOR_START)
    keys = np.unique(_top_advisers(model, first, free, ADVISERS_PER_NEW_PAIR))

    # 2. Column generation on the LP relaxation. Every round yields a valid dual bound (see the docstring).
    certificate = None
    for _round in range(MAX_ROUNDS):
        solved = keys  # the columns of this round's LP (keys may grow below)
        pairs, advisers = keys // n_adv, keys % n_adv
        c = big + model.values(pairs, advisers)
        matrix, upper, apps = model.constraints(pairs, advisers)
        lp = linprog(-c, A_ub=matrix, b_ub=upper, bounds=(0, None), method="highs")
        if lp.status != 0:
            raise RuntimeError(f"matching LP failed: {lp.message}")
        duals = np.maximum(0.0, -lp.ineqlin.marginals)
        u = np.zeros(n_apps)
        u[apps] = duals[:len(apps)]
        y, z = duals[len(apps):len(apps) + n_amb], duals[len(apps) + n_amb:]
        best, _arg = model.best_advisers(z)
        top = big + model.pair_s1 - y[model.pair_amb] + best  # per pair: max over advisers of c - y - z
        u_full = np.zeros(n_apps)
        np.maximum.at(u_full, model.pair_app, top)
        bound = float(u_full.sum() + model.amb_cap @ y + model.adv_cap @ z)
        if certificate is None or bound < certificate[0]:
            certificate = (bound, u_full, y, z)
        violated = _per_ambassador(model, np.flatnonzero(top - u[model.pair_app] > 1e-6),
                                   (top - u[model.pair_app]), PAIRS_PER_AMBASSADOR_ROUND)
        if certificate[0] - (-lp.fun) < 0.5 or not len(violated):
            break
        new = _top_advisers(model, violated, z, ADVISERS_PER_NEW_PAIR)
        new = new[~np.isin(new, keys)]
        if not len(new):
            break
        keys = np.union1d(keys, new)
    rounds = _round + 1
    bound, u_full, y, z = certificate

    # 3. The best solution within the master columns.
    x = lp.x
    if np.all(np.abs(x - np.round(x)) < 1e-6):
        chosen, incumbent = x > 0.5, float(c[x > 0.5].sum())
    else:
        chosen, incumbent, _ub = _milp(model, pairs, advisers, big)
    if bound - incumbent < 1 - 1e-6:
        return _result(model, pairs[chosen], advisers[chosen], f"exact: LP certificate after {rounds} rounds")

    # 4. Reduced-cost fixing: a solution that beats the incumbent uses only triples with D + rc > incumbent.
    best, _arg = model.best_advisers(z)
    base = big + model.pair_s1 - y[model.pair_amb] - u_full[model.pair_app]
    threshold = incumbent + 0.5 - bound
    open_pairs = np.flatnonzero(base + best > threshold)
    rows = model.rows(open_pairs, z) + base[open_pairs, None]
    r, v = np.nonzero(rows > threshold)
    survivors = open_pairs[r].astype(np.int64) * n_adv + v
    if np.isin(survivors, solved).all():
        return _result(model, pairs[chosen], advisers[chosen],
                       f"exact: ILP on {len(solved)} columns, {len(survivors)} triples survive reduced-cost fixing")
    keys = np.union1d(solved, survivors)
    pairs, advisers = keys // n_adv, keys % n_adv
    chosen2, value, upper_bound = _milp(model, pairs, advisers, big, time_limit=time_limit)
    if value >= incumbent:
        chosen, incumbent = chosen2, value
    gap = max(0, int(np.floor(min(bound, upper_bound) - incumbent + 1e-6)))
    method = f"exact: ILP on {len(keys)} triples after reduced-cost fixing" if gap == 0 else (
        f"ILP on {len(keys)} triples stopped at the time limit (at most {gap} points below the optimum)")
    result = _result(model, pairs[chosen], advisers[chosen], method)
    result.gap = gap
    return result


def _result(model: _Model, pairs, advisers, method: str) -> Result:
    problem = model.problem
    out = []
    for k, v in zip(pairs.tolist(), advisers.tolist(), strict=True):
        app = problem.applications[model.pair_app[k]]
        practice = problem.practices[model.practice_ids[model.pair_prac[k]]]
        out.append(_assignment(problem, app, practice, int(model.pair_rank[k]), model.advisers[v]))
    out.sort(key=lambda a: a.application_id)
    return Result(out, method)


def solve_ilp(problem: Problem, cands=None, index: AdviserIndex | None = None, *, advisers_per_pair: int | None = None,
              time_limit: float | None = None) -> Result:
    """The plain ILP over all triples, with one exact reduction; the reference :func:`solve` is tested against.

    Per (application, practice) only the best advisers are kept, best first, until their capacities add up to
    the most matches possible (M). Exchange argument: if an optimal solution uses a dropped adviser for this pair,
    the other M - 1 matches cannot fill all the kept advisers, so one of them has room and is worth at least as
    much; moving the match there keeps feasibility and does not lower the score.
    """
    index = index or adviser_index(problem)
    cands = candidates(problem, index) if cands is None else cands
    fillable = min(len(problem.applications), sum(max(0, c) for c in problem.ambassador_capacity.values()),
                   int(index.capacity.sum()))
    triples = []
    for cand in cands:
        base = _pair_value(problem, cand.app, cand.practice, cand.rank)
        # Best advisers first; stop once they can hold every other match (the exchange argument).
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
        row_of = {}
        for j, t in enumerate(triples):
            key = key_of(t)
            if key not in row_of:
                row_of[key] = r
                upper.append(cap_of(key))
                r += 1
            rows.append(row_of[key])
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
