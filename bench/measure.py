"""In-process measurements for bench/run (run with the bench environment: DATABASE_URL etc. set).

    python bench/measure.py sessions        -> JSON {role: cookie header}
    python bench/measure.py paths           -> JSON {placeholder: value}
    python bench/measure.py queries PATH ROLE -> number of SQL queries of one GET
    python bench/measure.py automatch       -> JSON with time, score and greedy score
    python bench/measure.py export          -> JSON with time and peak RSS of streaming the CSV export
    python bench/measure.py copy            -> JSON with time of PostgreSQL COPY of the same rows
    python bench/measure.py report          -> JSON with trajectory report and tranche overview times
    python bench/measure.py beat            -> JSON with time and count of one reminder beat run
    python bench/measure.py form_post       -> JSON with the path, body and cookies of a draft save (for wrk)
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from html.parser import HTMLParser
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
    times, rows = [], 0
    for _ in range(3):
        sink = io.TextIOWrapper(Sink(), encoding="utf-8", newline="")
        t0 = time.perf_counter()
        rows = write_claims_csv(qs, sink)
        sink.flush()
        times.append(time.perf_counter() - t0)
    print(json.dumps({"seconds": statistics.median(times), "rows": rows, "peak_rss_mb": peak_rss_mb(),
                      "rss_before_mb": rss_before}))


def cmd_copy():
    with connection.cursor() as cur:
        raw = cur.connection
        # The same rows and columns as the CSV export (trajectories.services.exports.CSV_VALUES).
        sql = (
            "COPY (SELECT c.id, s.name, s.brin || s.location_code, tr.number, c.account_holder, c.iban, c.bic, "
            "c.amount, c.counted_hours, c.status "
            "FROM trajectories_reimbursementclaim c "
            "JOIN trajectories_trajectory t ON t.id = c.trajectory_id "
            "JOIN lobmatch_tranche tr ON tr.id = t.tranche_id "
            "JOIN partners_partnerapplication a ON a.id = t.application_id "
            "JOIN lobmatch_school s ON s.id = a.school_id ORDER BY c.id) TO STDOUT WITH (FORMAT csv, HEADER, "
            "DELIMITER ';')"
        )
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            with open(os.devnull, "w") as devnull:
                raw.cursor().copy_expert(sql, devnull)
            times.append(time.perf_counter() - t0)
    print(json.dumps({"seconds": statistics.median(times)}))


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


class _FormFields(HTMLParser):
    """The successful controls of one form, as a browser would post them (checked boxes, selected options)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or tag not in ("input", "select", "option", "textarea") or "disabled" in a:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None


def cmd_form_post():
    """A complete draft of the bench school contact (new school, five members, three choices) and the body a
    browser posts when it saves that draft again: what wrk replays for the form's POST latency."""
    from urllib.parse import urlencode

    from django.middleware.csrf import _get_new_csrf_string
    from django.urls import reverse

    from ambassadors.models import GoodPractice
    from partners.models import PartnerApplication, Preference, WorkingGroupMember

    user = ROLE_USERS["school"]()
    tranche = Tranche.objects.get(number=902)
    app = PartnerApplication.objects.filter(created_by=user, tranche=tranche, status="draft").first()
    if app is None:
        app = PartnerApplication.objects.create(
            tranche=tranche, created_by=user, status="draft",
            school_entry={"brin": "99ZZ", "name": "Benchcollege", "city": "Utrecht", "province": "utrecht",
                          "school_types": []},
            project_leader_name="Lid 0", project_leader_email="lid0@bench.example.org",
            school_leader_name="Schoolleider", school_leader_email="sl@bench.example.org",
            lob_situation="Versnipperd " * 20, ambition="Een leerlijn " * 20, motivation="Leren " * 30,
            availability_kickoff="dinsdagmiddag", availability_sessions="donderdag",
        )
        WorkingGroupMember.objects.bulk_create([
            WorkingGroupMember(application=app, name=f"Lid {j}", role="docent", email=f"lid{j}@bench.example.org",
                               is_project_leader=(j == 0), order=j) for j in range(5)])
        for rank, practice in enumerate(GoodPractice.objects.filter(status="published").order_by("pk")[:3], 1):
            Preference.objects.create(application=app, practice=practice, rank=rank)
    path = reverse("partners:edit", args=[app.pk])
    client = Client()
    client.force_login(user)
    parser = _FormFields("application-form")
    parser.feed(client.get(path).content.decode())
    fields = [(k, v) for k, v in parser.fields if k != "action"] + [("action", "draft")]
    csrf = _get_new_csrf_string()
    fields = [(k, csrf if k == "csrfmiddlewaretoken" else v) for k, v in fields]
    body = urlencode(fields)
    check = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
    print(json.dumps({"path": path, "body": body, "csrf": csrf, "cookie": session_cookie(user),
                      "status": check.status_code, "fields": len(fields)}))


def expected_meeting_reminders(now) -> tuple[int, int]:
    """(planned meetings of live trajectories, reminders due at ``now``), counted apart from the reminder code:
    the 7-day reminder of a meeting on local day d is due once 09:00 on d-7 has passed and until the 1-day
    reminder takes over (09:00 on d-1); the 1-day one until the meeting starts. One message per recipient."""
    import datetime as dt

    from django.utils import timezone

    from ambassadors.models import AmbassadorSchool
    from partners.models import WorkingGroupMember
    from trajectories.models import Meeting, Trajectory

    here = timezone.localtime(now)
    ref = here.date() if here.time() >= dt.time(9) else here.date() - dt.timedelta(days=1)
    live = Meeting.objects.filter(status="planned", trajectory__status__in=[Trajectory.Status.CONFIRMED,
                                                                            Trajectory.Status.PUBLISHED])
    members, contacts = {}, {}
    for app_id, email in WorkingGroupMember.objects.exclude(email="").values_list("application_id", "email"):
        members.setdefault(app_id, set()).add(email.lower())
    for amb_id, email in AmbassadorSchool.contacts.through.objects.values_list("ambassadorschool_id", "user__email"):
        contacts.setdefault(amb_id, set()).add(email.lower())
    planned = due = 0
    for start, app_id, amb_id, adviser in live.values_list("planned_start", "trajectory__application_id",
                                                           "trajectory__practice__ambassador_id",
                                                           "trajectory__adviser__user__email").iterator():
        planned += 1
        day = timezone.localtime(start).date()
        if start > now and (ref + dt.timedelta(days=2) <= day <= ref + dt.timedelta(days=7) or
                            day <= ref + dt.timedelta(days=1)):
            due += len(members.get(app_id, set()) | contacts.get(amb_id, set()) | ({adviser.lower()} if adviser
                                                                                   else set()))
    return planned, due


def cmd_beat():
    from django.utils import timezone

    from lobmatch.models import OutboxMessage
    from lobmatch.reminders import run_all

    now = timezone.now()
    planned, expected = expected_meeting_reminders(now)
    OutboxMessage.objects.filter(dedupe_key__startswith="reminder:").delete()  # an earlier run here
    before = OutboxMessage.objects.count()
    t0 = time.perf_counter()
    counts = run_all(now=now)
    seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = run_all(now=now)  # the beat firing twice: nothing new
    second = time.perf_counter() - t0
    from trajectories.models import Meeting

    print(json.dumps({"seconds": seconds, "second_run_seconds": second, "meetings": Meeting.objects.count(),
                      "planned": planned, "enqueued": counts.get("meetings_ahead", 0), "expected": expected,
                      "all_reminders": counts, "second_run_new": sum(again.values()),
                      "outbox_rows_added": OutboxMessage.objects.count() - before}))


if __name__ == "__main__":
    name, *args = sys.argv[1:]
    globals()[f"cmd_{name}"](*args)
