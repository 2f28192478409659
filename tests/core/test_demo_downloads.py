"""After ``manage.py demo_data`` every download of every demo object answers: 200 with the right type and a real
body for each role that may see it, 403/404 for the others and the login page for visitors.

The list of downloads is built from the demo's own objects (applications, trajectories, meetings, claims,
materials, payment batches, tranches), never from hand-picked ids; who may see what is written out here from the
role table (README, DESIGN), apart from the selectors the views use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ambassadors.models import Material
from demo.load import content as demo_content
from lobmatch.models import Role, Tranche, User
from lobmatch.roles import has_role
from partners.models import PartnerApplication
from trajectories.models import ExportBatch, GeneratedReport, Meeting, ReimbursementClaim, Trajectory
from trajectories.reimbursement import from_logs
from trajectories.services.claims import money

pytestmark = pytest.mark.django_db

# kind: (content type the response must start with, test of the body)
KINDS = {
    "pdf": ("application/pdf", lambda body: body.startswith(b"%PDF-") and b"%%EOF" in body[-1024:]),
    "csv": ("text/csv", lambda body: body.count(b"\n") >= 2 and b";" in body),
    "ics": ("text/calendar", lambda body: body.startswith(b"BEGIN:VCALENDAR") and b"DTSTART:" in body),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", lambda body: body[:2] == b"PK"),
    "sepa": ("application/xml", lambda body: b"pain.001" in body and b"<CdtTrfTxInf>" in body),
    "zip": ("application/zip", lambda body: body[:2] == b"PK"),
}


@dataclass
class Download:
    label: str
    url: str
    kind: str
    may: object  # user (None: a visitor) -> bool
    owners: list = field(default_factory=list)  # users beyond the demo logins who may see it


def is_staff(user) -> bool:
    return user is not None and has_role(user, Role.STAFF)


def is_finance(user) -> bool:
    return user is not None and has_role(user, Role.FINANCE)


def trajectory_readers(trajectory: Trajectory) -> list[User]:
    return [trajectory.application.created_by, trajectory.adviser.user,
            *trajectory.practice.ambassador.contacts.all()]


def reads_trajectory(trajectory: Trajectory):
    """School contact, adviser, ambassador of the practice, staff and finance (README: roles)."""
    readers = trajectory_readers(trajectory)
    return lambda user: is_staff(user) or is_finance(user) or user in readers


def demo_downloads(staff_client: Client, django_capture_on_commit_callbacks) -> list[Download]:
    items = []
    for application in PartnerApplication.objects.select_related("created_by").order_by("pk"):
        items.append(Download(
            f"bevestiging aanmelding {application}", reverse("partners:application_pdf", args=[application.pk]),
            "pdf", lambda user, a=application: is_staff(user) or user == a.created_by, [application.created_by]))
    trajectories = Trajectory.objects.select_related(
        "application__created_by", "adviser__user", "practice__ambassador").order_by("pk")
    for trajectory in trajectories:
        readers = trajectory_readers(trajectory)
        may_read = reads_trajectory(trajectory)
        school = trajectory.application.created_by
        items.append(Download(f"rapport {trajectory}", reverse("trajectories:trajectory_report_pdf",
                                                                args=[trajectory.pk]), "pdf", may_read, readers))
        if trajectory.outcome_plan:
            items.append(Download(f"implementatieplan {trajectory}",
                                  reverse("trajectories:outcome_plan", args=[trajectory.pk]), "pdf", may_read, readers))
        for meeting in trajectory.meetings.exclude(planned_start=None).order_by("pk"):
            items.append(Download(f"agenda {meeting} {trajectory}", reverse("trajectories:meeting_ics",
                                                                            args=[meeting.pk]), "ics", may_read,
                                  readers))
        if ReimbursementClaim.objects.filter(trajectory=trajectory).exists():
            def may_claim(user, s=school):  # finance, and the school's own contact (README: roles)
                return is_finance(user) or user == s

            items.append(Download(f"declaratie {trajectory} (pdf)", reverse("trajectories:claim_statement_pdf",
                                                                             args=[trajectory.pk]), "pdf", may_claim,
                                  [school]))
            items.append(Download(f"declaratie {trajectory} (csv)", reverse("trajectories:claim_csv",
                                                                             args=[trajectory.pk]), "csv", may_claim,
                                  [school]))
    for material in Material.objects.order_by("pk"):
        items.append(Download(f"materiaal {material.title}", reverse("ambassadors:material_download",
                                                                      args=[material.pk]), "pdf", lambda user: True))
    for batch in ExportBatch.objects.order_by("pk"):
        for fmt in ("csv", "xlsx", "sepa"):
            items.append(Download(f"betaalbestand {batch.reference} ({fmt})",
                                  reverse("trajectories:finance_batch_download", args=[batch.pk, fmt]), fmt,
                                  is_finance))
    # The tranche reports are rendered on request (in a task after commit; eager here), then downloaded.
    for tranche in Tranche.objects.order_by("number"):
        for kind, file_kind in (("tranche_overview", "pdf"), ("trajectory_zip", "zip")):
            with django_capture_on_commit_callbacks(execute=True):
                response = staff_client.post(reverse("trajectories:report_request", args=[tranche.pk, kind]))
            assert response.status_code == 302, (kind, tranche, response.status_code)
            report = GeneratedReport.objects.filter(tranche=tranche, kind=kind).latest("pk")
            assert report.status == GeneratedReport.Status.DONE, (kind, tranche, report.status, report.error)
            items.append(Download(f"{kind} {tranche}", reverse("trajectories:report_download", args=[report.pk]),
                                  file_kind, is_staff))
    return items


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_demo_download_answers_each_role(django_capture_on_commit_callbacks):
    call_command("demo_data", verbosity=0)
    logins = {key: User.objects.get(email=login["email"]) for key, login in demo_content()["logins"].items()}
    clients: dict[int | None, Client] = {None: Client()}

    def client_for(user) -> Client:
        key = None if user is None else user.pk
        if key not in clients:
            clients[key] = Client()
            clients[key].force_login(user)
        return clients[key]

    downloads = demo_downloads(client_for(logins["staff"]), django_capture_on_commit_callbacks)
    failures, allowed_per_kind = [], {}
    for item in downloads:
        people = {u.pk: u for u in [*logins.values(), *item.owners]}
        for user in [None, *people.values()]:
            response = client_for(user).get(item.url)
            who = user.email if user else "bezoeker"
            if item.may(user):
                mime, looks_right = KINDS[item.kind]
                content = body_of(response)
                if response.status_code != 200 or not response["Content-Type"].startswith(mime) \
                        or not looks_right(content):
                    failures.append(f"{item.label} {item.url} als {who}: {response.status_code} "
                                    f"{response.get('Content-Type')} {content[:60]!r}")
                allowed_per_kind[item.kind] = allowed_per_kind.get(item.kind, 0) + 1
            elif user is None:
                if response.status_code != 302 or "/accounts/login/" not in response["Location"]:
                    failures.append(f"{item.label} {item.url} als bezoeker: {response.status_code}, verwacht login")
            elif response.status_code not in (403, 404):
                failures.append(f"{item.label} {item.url} als {who}: {response.status_code}, verwacht 403/404")
    assert not failures, "\n".join(failures)
    # The walk covers every kind of download, with the objects the demo is meant to have.
    labels = " ".join(item.label for item in downloads)
    for expected in ("bevestiging aanmelding", "rapport", "implementatieplan", "agenda", "declaratie",
                     "materiaal", "betaalbestand", "tranche_overview", "trajectory_zip"):
        assert expected in labels, expected
    assert set(allowed_per_kind) == set(KINDS)
    assert PartnerApplication.objects.count() == 21 and Trajectory.objects.count() == len(demo_content()["past_trajectories"])


def test_demo_claims_are_the_services_calculation():
    """Every demo claim holds what the reimbursement service computes from the demo's logs (the shape the CSV and
    PDF read), and the claims run through every status up to paid."""
    call_command("demo_data", verbosity=0)
    claims = ReimbursementClaim.objects.select_related("trajectory__tranche").order_by("pk")
    assert {c.status for c in claims} >= {"draft", "submitted", "approved", "paid"}
    for claim in claims:
        _rules, calc = from_logs(claim.trajectory)
        _rules, shown = money(claim)  # frozen once approved, computed from the logs before
        assert [line.as_dict() for line in shown.lines] == [line.as_dict() for line in calc.lines], claim
        assert (shown.amount, shown.counted_hours) == (calc.amount, calc.counted_hours), claim
        assert Decimal("0") < shown.amount <= claim.cap_amount, claim
    paid = claims.get(status=ReimbursementClaim.Status.PAID)
    assert paid.batch is not None and paid.batch.claims.count() == 1
    # A meeting was logged after it took place (planned in the past, then logged).
    for meeting in Meeting.objects.exclude(status=Meeting.Status.PLANNED):
        assert meeting.planned_start < meeting.logged_at, meeting
