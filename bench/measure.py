"""In-process measurements for bench/run (run with the bench environment: DATABASE_URL etc. set).

    python bench/measure.py sessions        -> JSON {role: cookie header}
    python bench/measure.py paths           -> JSON {placeholder: value}
    python bench/measure.py queries PATH ROLE -> number of SQL queries of one GET
    python bench/measure.py automatch       -> JSON with time, score and greedy score
    python bench/measure.py export          -> JSON with time and peak RSS of streaming the CSV export
    python bench/measure.py copy            -> JSON with time of PostgreSQL COPY of the same rows
    python bench/measure.py report          -> JSON with trajectory report and tranche overview times
    python bench/measure.py beat            -> JSON with time and count of one reminder beat run
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lobmatch.settings.base")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lobmatch.models import Role, Tranche, User  # noqa: E402

ROLE_USERS = {
    "school": lambda: User.objects.filter(groups__name=Role.SCHOOL_CONTACT).order_by("pk").first(),
    "staff": lambda: User.objects.get(email="bench-staff@example.org"),
    "finance": lambda: User.objects.get(email="bench-finance@example.org"),
    "adviser": lambda: User.objects.filter(groups__name=Role.ADVISER).order_by("pk").first(),
}


def session_cookie(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def cmd_sessions():
    print(json.dumps({role: session_cookie(get()) for role, get in ROLE_USERS.items()}))


def cmd_paths():
    from ambassadors.models import GoodPractice

    practice = GoodPractice.objects.filter(status="published").order_by("pk").first()
    print(json.dumps({"practice": practice.slug if practice else ""}))


def cmd_queries(path: str, role: str):
    client = Client()
    if role != "-":
        client.force_login(ROLE_USERS[role]())
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    print(json.dumps({"status": response.status_code, "queries": len(ctx.captured_queries)}))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cmd_automatch():
    from trajectories import matching
    from trajectories.services.matching import build_problem

    tranche = Tranche.objects.get(number=902)
    t0 = time.perf_counter()
    problem = build_problem(tranche)
    build_seconds = time.perf_counter() - t0
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        result = matching.solve(problem)
        times.append(time.perf_counter() - t0)
    greedy = matching.greedy(problem)
    print(json.dumps({
        "seconds": statistics.median(times), "build_seconds": build_seconds, "method": result.method,
        "matched": result.matched, "score": result.score,
        "greedy_matched": greedy.matched, "greedy_score": greedy.score,
        "applications": len(problem.applications),
    }))


def cmd_export():
    import io

    from trajectories.models import ReimbursementClaim
    from trajectories.services.exports import write_claims_csv

    class Sink(io.RawIOBase):
        def __init__(self):
            self.n = 0

        def writable(self):
            return True

        def write(self, b):
            self.n += len(b)
            return len(b)

    qs = ReimbursementClaim.objects.all()
    rss_before = peak_rss_mb()
    sink = io.TextIOWrapper(Sink(), encoding="utf-8", newline="")
    t0 = time.perf_counter()
    write_claims_csv(qs, sink)
    sink.flush()
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "rows": qs.count(), "peak_rss_mb": peak_rss_mb(),
                      "rss_before_mb": rss_before}))


def cmd_copy():
    with connection.cursor() as cur:
        raw = cur.connection
        sql = (
            "COPY (SELECT c.id, s.name, s.brin, c.amount, c.iban, c.account_holder, c.status "
            "FROM trajectories_reimbursementclaim c "
            "JOIN trajectories_trajectory t ON t.id = c.trajectory_id "
            "JOIN partners_partnerapplication a ON a.id = t.application_id "
            "JOIN lobmatch_school s ON s.id = a.school_id) TO STDOUT WITH CSV HEADER"
        )
        t0 = time.perf_counter()
        with open(os.devnull, "w") as devnull:
            raw.cursor().copy_expert(sql, devnull)
        seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds}))


def cmd_report():
    from trajectories.models import Trajectory
    from trajectories.reports import render_trajectory_report, render_tranche_overview

    trajectory = Trajectory.objects.filter(meetings__isnull=False).order_by("pk").first()
    render_trajectory_report(trajectory)  # warm-up: fonts and templates
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        render_trajectory_report(trajectory)
        times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    render_tranche_overview(Tranche.objects.get(number=902))
    overview = time.perf_counter() - t0
    print(json.dumps({"trajectory_report_median": statistics.median(times), "tranche_overview": overview}))


def cmd_beat():
    from trajectories.reminders import run_meeting_reminders

    t0 = time.perf_counter()
    sent = run_meeting_reminders()
    print(json.dumps({"seconds": time.perf_counter() - t0, "enqueued": sent}))


if __name__ == "__main__":
    name, *args = sys.argv[1:]
    globals()[f"cmd_{name}"](*args)
