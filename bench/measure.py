"""In-process measurements for bench/run (run with the bench environment: DATABASE_URL etc. set).

    python bench/measure.py setup           -> JSON {placeholders, cookies}: the bench's draft, batch, sessions
    python bench/measure.py fresh [ROUNDS]  -> JSON: median fresh render and queries of every page of bench/pages.py
    python bench/measure.py plan [SCHOOLS]  -> JSON: the writers of the mixed load (bench/load.py)
    python bench/measure.py verify SAVED    -> JSON: writes the database does not hold as the client last saved
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


def placeholders() -> dict:
    """The values of bench/pages.py's placeholders (made once: the bench school's draft and a payment batch)."""
    from ambassadors.models import GoodPractice
    from trajectories.models import ExportBatch, Meeting, Trajectory
    from trajectories.services.exports import create_batch, preview_batch

    school, adviser = ROLE_USERS["school"](), ROLE_USERS["adviser"]()
    batch = ExportBatch.objects.order_by("pk").first()
    if batch is None:  # finance confirms what the preview shows, as the preview page does
        preview = preview_batch()
        batch = create_batch(by=ROLE_USERS["finance"](), claim_ids=preview.claim_ids, total=preview.total)
    with_meetings = Trajectory.objects.filter(meetings__kind=Meeting.Kind.SESSION).order_by("pk")
    return {
        "practice": GoodPractice.objects.filter(status="published").order_by("pk").first().slug,
        "draft": bench_draft(school).pk,
        "tranche": Tranche.objects.get(number=902).pk,
        "adviser_trajectory": with_meetings.filter(adviser__user=adviser).values_list("pk", flat=True)[0],
        "school_trajectory": with_meetings.filter(application__created_by=school, claim__isnull=False)
        .values_list("pk", flat=True)[0],
        "batch": batch.pk,
        **planning_placeholders(adviser),
    }


def planning_placeholders(adviser) -> dict:
    """The bench adviser's open availability poll (made once through the planning service, answered by everyone
    but one), a personal link to it and the adviser's calendar feed."""
    import datetime as dt

    from django.utils import timezone

    from lobmatch.outbox import recorded_not_sent
    from trajectories.models import Meeting, MeetingPoll
    from trajectories.services import planning

    poll = MeetingPoll.objects.filter(meeting__trajectory__adviser__user=adviser,
                                      status=MeetingPoll.Status.OPEN).order_by("pk").first()
    if poll is None:
        meeting = Meeting.objects.filter(trajectory__adviser__user=adviser, status=Meeting.Status.PLANNED,
                                         kind=Meeting.Kind.CLOSING).order_by("pk").first()
        day = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) + dt.timedelta(days=30)
        with recorded_not_sent("Bench: niet verstuurd."):
            poll, _warnings = planning.propose_slots(meeting, [day + dt.timedelta(days=n) for n in range(6)],
                                                     duration_minutes=90, location="Aula", by=adviser)
            slots = list(poll.slots.all())
            for n, participant in enumerate(poll.participants.exclude(role="adviser").order_by("pk")[1:]):
                planning.answer(participant.token, {s.pk: ("yes", "maybe", "no")[(n + i) % 3]
                                                    for i, s in enumerate(slots)})
    link = poll.participants.exclude(role="adviser").order_by("pk").first()
    return {"poll": poll.pk, "poll_link": link.token, "feed": planning.live_feed(user=adviser).token}


def cmd_setup():
    values = placeholders()
    print(json.dumps({"placeholders": values,
                      "cookies": {role: session_cookie(get()) for role, get in ROLE_USERS.items()}}))


COMMITMENTS = ("commit_project_leader", "commit_working_group", "commit_school_leader", "consent_publicity",
               "consent_privacy")


def cmd_plan(schools: str = "4", letter: str = "Y"):
    """What bench/load.py needs beside the pages: per writing school (school contacts other than the reading one,
    each with a draft of a new school of its own, BRIN ``NN<letter>Z``: a school that submitted applies once) the
    save and submit bodies, and the adviser's session log."""
    from urllib.parse import urlencode

    from django.middleware.csrf import _get_new_csrf_string
    from django.urls import reverse

    from trajectories.models import Meeting

    writers = []
    contacts = User.objects.filter(groups__name=Role.SCHOOL_CONTACT).order_by("pk")[1:1 + int(schools)]
    for n, user in enumerate(contacts):
        path = reverse("partners:edit", args=[bench_draft(user, brin=f"{n:02d}{letter}Z").pk])
        client = Client()
        client.force_login(user)
        csrf = _get_new_csrf_string()
        fields = [(k, "Bench ronde {round}" if k == "motivation" else v) for k, v in form_fields(client, path)
                  if k not in COMMITMENTS]
        writers.append({
            "path": path, "cookie": f"{session_cookie(user)}; {settings.CSRF_COOKIE_NAME}={csrf}", "csrf": csrf,
            "body": urlencode([("csrfmiddlewaretoken", csrf), *fields, ("action", "draft")], safe="{}"),
            "submit_body": urlencode([("csrfmiddlewaretoken", csrf), *fields, *((k, "on") for k in COMMITMENTS),
                                      ("action", "submit")], safe="{}"),
        })
    adviser = ROLE_USERS["adviser"]()
    meeting = Meeting.objects.filter(trajectory__adviser__user=adviser, kind=Meeting.Kind.SESSION,
                                     status=Meeting.Status.HELD).order_by("-trajectory_id", "number").first()
    path = reverse("trajectories:meeting_log", args=[meeting.pk])
    client = Client()
    client.force_login(adviser)
    parser = _FormFields(None)
    parser.feed(client.get(path).content.decode())
    csrf = _get_new_csrf_string()
    fields = [(k, "Verslag ronde {round}" if k == "notes" else v) for k, v in parser.fields
              if k != "csrfmiddlewaretoken"]
    print(json.dumps({"schools": writers, "adviser": {
        "path": path, "cookie": f"{session_cookie(adviser)}; {settings.CSRF_COOKIE_NAME}={csrf}", "csrf": csrf,
        "body": urlencode([("csrfmiddlewaretoken", csrf), *fields], safe="{}")}}))


def cmd_verify(saved_json: str):
    """Nothing lost: each writer's last accepted save is what the database holds. Prints the writes that differ."""
    from django.urls import resolve

    from partners.models import PartnerApplication
    from trajectories.models import Meeting

    lost = []
    for path, allowed in json.loads(Path(saved_json).read_text()).items():
        # allowed: the last accepted save (None: none) and any sent after it without an answer
        match = resolve(path)
        if match.url_name == "edit":
            app = PartnerApplication.objects.get(pk=match.kwargs["pk"])
            have = app.motivation.removeprefix("Bench ronde ") + (" submitted" if app.status != "draft" else "")
            if app.motivation == "Leren " * 30:  # the draft as made, never saved by the load
                have = None
        else:
            meeting = Meeting.objects.get(pk=match.kwargs["pk"])
            have = meeting.notes.removeprefix("Verslag ronde ") if meeting.notes.startswith("Verslag ronde ") else None
        if have not in allowed:
            lost.append(f"{path}: last accepted {allowed[0]!r} (then unanswered: {allowed[1:]}), database {have!r}")
    print(json.dumps({"checked": len(json.loads(Path(saved_json).read_text())), "lost": lost}))


def _timed(client, method: str, path: str, body: str | None) -> tuple[float, int]:
    t0 = time.perf_counter()
    if method == "POST":
        response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
    else:
        response = client.get(path)
    return time.perf_counter() - t0, response.status_code


def cmd_fresh(rounds: str = "15"):
    """Every page rendered fresh, in-process with the test client (the whole middleware stack, a real session):
    the median of ``rounds`` renders after two warm-ups, the queries of one render, and /healthz/ beside them."""
    from bench.pages import PAGES, PERSONAL_LINKS, TRIVIAL

    rounds = int(rounds)
    values = placeholders()
    post = form_post(values["draft"])
    clients = {}
    for role, get in ROLE_USERS.items():
        clients[role] = Client()
        clients[role].force_login(get())
    # An anonymous visitor with a session cookie: no page cache (lobmatch/pagecache.py) for a returning visitor.
    anonymous = Client()
    anonymous.cookies[settings.SESSION_COOKIE_NAME] = "bench-no-such-session"
    entries = [(*TRIVIAL, "GET", None), *((label, role, path.format(**values), "GET", None)
                                          for label, role, path in PAGES),
               ("application form (POST, save draft)", "school", post["path"], "POST", post["body"])]
    results = []
    for label, role, path, method, body in entries:
        client = clients[role] if role else anonymous
        _timed(client, method, path, body)
        with CaptureQueriesContext(connection) as ctx:
            seconds, status = _timed(client, method, path, body)
        # /healthz/ many times; a page that takes seconds (far over any budget) a few times only
        n = rounds * 20 if path == "/healthz/" else (3 if seconds > 1 else rounds)
        queries = len(ctx.captured_queries)  # now: the next request empties the log it is a view of
        times = [_timed(client, method, path, body)[0] for _ in range(n)]
        result = {"label": label, "role": role, "path": path, "method": method, "status": status,
                  "queries": queries, "median_ms": statistics.median(times) * 1000}
        if role is None and path != "/healthz/" and not path.startswith(PERSONAL_LINKS):  # from the public page cache
            cached = Client()
            cached.get(path)
            result["cached_ms"] = statistics.median(_timed(cached, "GET", path, None)[0] for _ in range(n)) * 1000
        results.append(result)
    print(json.dumps(results))


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
            "COPY (SELECT c.id, left(b.reference || '-' || c.id, 35), s.name, s.brin || s.location_code, "
            "tr.number, c.account_holder, c.iban, c.bic, c.amount, c.counted_hours "
            "FROM trajectories_reimbursementclaim c "
            "JOIN trajectories_trajectory t ON t.id = c.trajectory_id "
            "JOIN lobmatch_tranche tr ON tr.id = t.tranche_id "
            "JOIN partners_partnerapplication a ON a.id = t.application_id "
            "JOIN lobmatch_school s ON s.id = a.school_id "
            "LEFT JOIN trajectories_exportbatch b ON b.id = c.batch_id ORDER BY c.id) TO STDOUT WITH (FORMAT csv, HEADER, "
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
    from trajectories.documents import render_trajectory_report, render_tranche_overview
    from trajectories.models import Trajectory

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

    def __init__(self, form_id: str | None):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if self.form_id is None:  # the page's own form: the first that posts to its own address
                self.inside = not self.fields and a.get("method", "").lower() == "post" and not a.get("action")
            else:
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


def bench_draft(user, brin: str = "99ZZ"):
    """The complete draft of ``user`` in the current tranche (a new school with BRIN ``brin``, five members, three
    choices)."""
    from ambassadors.models import GoodPractice
    from lobmatch.models import SchoolType
    from partners.models import PartnerApplication, Preference, WorkingGroupMember

    tranche = Tranche.objects.get(number=902)
    app = PartnerApplication.objects.filter(created_by=user, tranche=tranche, status="draft").first()
    if app is None:
        app = PartnerApplication.objects.create(
            tranche=tranche, created_by=user, status="draft",
            school_entry={"brin": brin, "name": f"Benchcollege {brin}", "city": "Utrecht", "province": "UT",
                          "school_types": [SchoolType.objects.order_by("pk").values_list("pk", flat=True)[0]]},
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
    return app


def form_fields(client, path: str) -> list[tuple[str, str]]:
    """The fields a browser posts from the application form at ``path`` (without the CSRF token and the button)."""
    parser = _FormFields("application-form")
    parser.feed(client.get(path).content.decode())
    # (not the fields of the <template> of a new member row: a browser does not post those)
    return [(k, v) for k, v in parser.fields if k not in ("action", "csrfmiddlewaretoken") and "__prefix__" not in k]


def form_post(draft_pk: int) -> dict:
    """The body a browser posts when the bench school saves its draft again (with a CSRF token of its own): what
    the fresh-render table times in-process and the mixed load replays."""
    from urllib.parse import urlencode

    from django.middleware.csrf import _get_new_csrf_string
    from django.urls import reverse

    path = reverse("partners:edit", args=[draft_pk])
    client = Client()
    client.force_login(ROLE_USERS["school"]())
    csrf = _get_new_csrf_string()
    body = urlencode([("csrfmiddlewaretoken", csrf), *form_fields(client, path), ("action", "draft")])
    check = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
    if check.status_code != 302:
        raise RuntimeError(f"saving the bench draft answered {check.status_code}")
    return {"path": path, "body": body, "csrf": csrf}


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
