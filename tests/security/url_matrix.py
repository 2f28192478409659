"""The URL × role matrix: every URL name of the project with the status each role gets, and the world of objects
those URLs are tried on. The authorisation test and the accessibility checks walk the same matrix."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver

from ambassadors.models import Material
from lobmatch.models import Role
from tests.factories import (
    AdviserFactory,
    GoodPracticeFactory,
    MeetingFactory,
    PartnerApplicationFactory,
    ReimbursementClaimFactory,
    TrajectoryFactory,
    UserFactory,
)
from trajectories.models import (
    CalendarFeed,
    ExportBatch,
    GeneratedReport,
    MeetingPoll,
    PaymentReturn,
    PollParticipant,
    PulseInvitation,
)


# name: (method, kwargs-builder, {role: status})
def test_every_url_has_an_entry():
    missing = sorted(set(url_names()) - set(EXPECTED))
    assert not missing, f"add these URLs to the authorisation matrix: {missing}"

ROLES = ["anonymous", "school", "other_school", "ambassador", "adviser", "other_adviser", "staff", "finance"]


SKIP_PREFIXES = ("admin/", "accounts/")


ALL = dict.fromkeys(ROLES, 200)


LOGIN = {**dict.fromkeys(ROLES, 200), "anonymous": 302}


def another_draft(practice):
    """A draft of the world's ambassador school, for a request that deletes it."""
    return GoodPracticeFactory(ambassador=practice.ambassador, status="draft")


def another_material(material: Material) -> Material:
    """A copy of the world's material on the same practice, for a request that removes it."""
    copy = Material(practice=material.practice, title=material.title, original_name=material.original_name,
                    content_type=material.content_type, size=material.size)
    copy.file.save("x", ContentFile(b"%PDF-1.4 test"), save=True)
    return copy


def only(allowed: dict, default=403):
    return {**dict.fromkeys(ROLES, default), "anonymous": 302, **allowed}


# name: (method, kwargs-builder, {role: status})
EXPECTED = {
    "home": ("get", lambda w: {}, ALL),
    "start": ("get", lambda w: {}, LOGIN),
    "privacy": ("get", lambda w: {}, ALL),
    "healthz": ("get", lambda w: {}, ALL),
    "set_language": ("post", lambda w: {}, dict.fromkeys(ROLES, 302)),
    "javascript-catalog": ("get", lambda w: {}, ALL),
    "ambassadors:practice_list": ("get", lambda w: {}, ALL),
    "ambassadors:my_practices": ("get", lambda w: {}, only({"ambassador": 200, "staff": 200})),
    "ambassadors:practice_create": ("get", lambda w: {}, only({"ambassador": 200})),
    "ambassadors:school_detail": ("get", lambda w: {"pk": w["practice"].ambassador_id}, ALL),
    "ambassadors:material_download": ("get", lambda w: {"pk": w["material"].pk}, ALL),
    # (each role tries a material of its own: one removed by the ambassador is gone for staff)
    "ambassadors:material_remove": ("post", lambda w: {"pk": another_material(w["material"]).pk},
                                    only({"ambassador": 302, "staff": 302})),
    "ambassadors:practice_detail": ("get", lambda w: {"slug": w["practice"].slug}, ALL),
    "ambassadors:practice_edit": ("get", lambda w: {"slug": w["practice"].slug},
                                  only({"ambassador": 200, "staff": 200})),
    "ambassadors:practice_submit": ("post", lambda w: {"slug": w["practice"].slug},
                                    only({"ambassador": 302, "staff": 302})),
    "ambassadors:practice_delete": ("post", lambda w: {"slug": another_draft(w["practice"]).slug},
                                    only({"ambassador": 302, "staff": 302})),
    "ambassadors:material_upload": ("post", lambda w: {"slug": w["practice"].slug},
                                    only({"ambassador": 400, "staff": 400})),
    "partners:start": ("get", lambda w: {}, ALL),
    "partners:my_applications": ("get", lambda w: {}, LOGIN),
    "partners:school_search": ("get", lambda w: {}, ALL),
    "partners:edit": ("get", lambda w: {"pk": w["application"].pk}, only({"school": 302}, default=404)),
    "partners:status": ("get", lambda w: {"pk": w["application"].pk},
                        only({"school": 200, "staff": 200}, default=404)),
    "partners:withdraw": ("post", lambda w: {"pk": w["application"].pk}, only({"school": 302}, default=404)),
    "trajectories:adviser_list": ("get", lambda w: {}, only({"adviser": 200, "other_adviser": 200})),
    "trajectories:trajectory_detail": ("get", lambda w: {"pk": w["trajectory"].pk},
                                       only({"school": 200, "ambassador": 200, "adviser": 200, "staff": 200,
                                             "finance": 200}, default=404)),
    "trajectories:meeting_schedule": ("get", lambda w: {"pk": w["meeting"].pk}, only({"adviser": 200}, default=404)),
    "trajectories:meeting_log": ("get", lambda w: {"pk": w["meeting"].pk}, only({"adviser": 200}, default=404)),
    "trajectories:meeting_ics": ("get", lambda w: {"pk": w["meeting"].pk},
                                 only({"school": 200, "ambassador": 200, "adviser": 200, "staff": 200,
                                       "finance": 200}, default=404)),
    "trajectories:pulse": ("get", lambda w: {"token": w["pulse"].token}, ALL),
    "trajectories:claim_detail": ("get", lambda w: {"pk": w["trajectory"].pk},
                                  only({"school": 200, "finance": 200}, default=404)),
    "trajectories:claim_submit": ("post", lambda w: {"pk": w["trajectory"].pk}, only({"school": 302}, default=404)),  # (its claim is in: back to the claim page)
    "trajectories:claim_csv": ("get", lambda w: {"pk": w["trajectory"].pk},
                               only({"school": 200, "finance": 200}, default=404)),
    "trajectories:trajectory_outcome": ("get", lambda w: {"pk": w["trajectory"].pk},
                                        only({"adviser": 200}, default=404)),
    "trajectories:outcome_plan": ("get", lambda w: {"pk": w["trajectory"].pk},
                                  only({"school": 200, "ambassador": 200, "adviser": 200, "staff": 200,
                                        "finance": 200}, default=404)),
    "trajectories:meeting_correct": ("get", lambda w: {"pk": w["meeting"].pk}, only({"finance": 200})),
    "trajectories:finance_claims": ("get", lambda w: {}, only({"finance": 200})),
    "trajectories:finance_decide": ("post", lambda w: {"pk": w["claim"].pk}, only({"finance": 302})),
    "trajectories:finance_batch_list": ("get", lambda w: {}, only({"finance": 200})),
    "trajectories:finance_batch_download": ("get", lambda w: {"pk": w["batch"].pk, "fmt": "csv"},
                                            only({"finance": 200})),
    # (no payment date: finance gets the batch page back asking for it, 400; nobody else gets that far)
    "trajectories:finance_mark_paid": ("post", lambda w: {"pk": w["batch"].pk}, only({"finance": 400})),
    "trajectories:finance_batch_preview": ("get", lambda w: {}, only({"finance": 200})),
    "trajectories:finance_batch_detail": ("get", lambda w: {"pk": w["batch"].pk}, only({"finance": 200})),
    # (an empty reason: finance gets the page back with the error, 400; nobody else gets that far)
    "trajectories:finance_record_return": ("post", lambda w: {"pk": w["batch"].pk, "claim_pk": w["claim"].pk},
                                           only({"finance": 400})),
    "trajectories:finance_record_repayment": ("post", lambda w: {"pk": w["batch"].pk, "return_pk": w["return"].pk},
                                              only({"finance": 400})),
    "trajectories:dashboard": ("get", lambda w: {}, only({"staff": 200})),
    "trajectories:trajectory_report_pdf": ("get", lambda w: {"pk": w["trajectory"].pk},
                                           only({"school": 200, "ambassador": 200, "adviser": 200, "staff": 200,
                                                 "finance": 200}, default=404)),
    "trajectories:claim_statement_pdf": ("get", lambda w: {"pk": w["trajectory"].pk},
                                         only({"school": 200, "finance": 200}, default=404)),
    "partners:application_pdf": ("get", lambda w: {"pk": w["application"].pk},
                                 only({"school": 200, "staff": 200}, default=404)),
    "trajectories:report_request": ("post", lambda w: {"pk": w["trajectory"].tranche_id, "kind": "tranche_overview"},
                                    only({"staff": 302})),
    "trajectories:report_status": ("get", lambda w: {"pk": w["report"].pk}, only({"staff": 200})),
    "trajectories:report_status_json": ("get", lambda w: {"pk": w["report"].pk}, only({"staff": 200})),
    "trajectories:report_download": ("get", lambda w: {"pk": w["report"].pk}, only({"staff": 200})),
    # planning: the adviser's polls and moves (another's: 404); the personal links open for anyone who has them
    "trajectories:poll_create": ("get", lambda w: {"pk": w["meeting"].pk}, only({"adviser": 302}, default=404)),
    "trajectories:poll_detail": ("get", lambda w: {"pk": w["poll"].pk}, only({"adviser": 200}, default=404)),
    "trajectories:poll_choose": ("post", lambda w: {"pk": w["poll"].pk}, only({"adviser": 302}, default=404)),
    "trajectories:poll_stop": ("post", lambda w: {"pk": w["poll"].pk}, only({"adviser": 302}, default=404)),
    "trajectories:meeting_cancel": ("post", lambda w: {"pk": w["meeting"].pk}, only({"adviser": 302}, default=404)),
    "trajectories:poll_answer": ("get", lambda w: {"token": w["participant"].token}, ALL),
    "trajectories:my_feed": ("get", lambda w: {}, LOGIN),
    "trajectories:feed": ("get", lambda w: {"token": w["feed"].token}, ALL),
}


def url_names(resolver=None, namespace=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            path = prefix + str(pattern.pattern)
            if path.startswith(SKIP_PREFIXES):
                continue
            yield from url_names(pattern, pattern.namespace or namespace, path)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    users = {
        "school": UserFactory(roles=[Role.SCHOOL_CONTACT]), "other_school": UserFactory(roles=[Role.SCHOOL_CONTACT]),
        "ambassador": UserFactory(roles=[Role.AMBASSADOR]), "staff": UserFactory(roles=[Role.STAFF]),
        "finance": UserFactory(roles=[Role.FINANCE]),
    }
    adviser, other_adviser = AdviserFactory(), AdviserFactory()
    users["adviser"], users["other_adviser"] = adviser.user, other_adviser.user
    practice = GoodPracticeFactory()
    practice.ambassador.contacts.add(users["ambassador"])
    application = PartnerApplicationFactory(created_by=users["school"], status="matched")
    trajectory = TrajectoryFactory(application=application, practice=practice, adviser=adviser,
                                   tranche=application.tranche)
    other = TrajectoryFactory(application=PartnerApplicationFactory(created_by=users["other_school"],
                                                                    status="matched"), adviser=other_adviser)
    trajectory.outcome_plan.save("plan.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    meeting = MeetingFactory(trajectory=trajectory)
    MeetingFactory(trajectory=other)
    claim = ReimbursementClaimFactory(trajectory=trajectory, status="submitted", amount=Decimal("100"))
    ReimbursementClaimFactory(trajectory=other, status="submitted", amount=Decimal("50"))
    material = Material(practice=practice, title="Plan", original_name="plan.pdf", content_type="application/pdf",
                        size=10)
    material.file.save("x", ContentFile(b"%PDF-1.4 test"), save=True)
    batch = ExportBatch.objects.create(reference="LOB-TEST", created_by=users["finance"])
    batch.csv_file.save("b.csv", ContentFile(b"declaratie;school\n"), save=True)
    # The batch page shows a transfer row (with its return form) and a recorded return, for axe to check.
    ReimbursementClaimFactory(status="exported", batch=batch, amount=Decimal("80"))
    returned = ReimbursementClaimFactory(status="returned", amount=Decimal("40"), decision_reason="AC04")
    payment_return = PaymentReturn.objects.create(claim=returned, batch=batch, amount=returned.amount, reason="AC04",
                                                  iban=returned.iban, recorded_by=users["finance"])
    pulse = PulseInvitation.objects.create(meeting=meeting, email="lid@example.org")
    report = GeneratedReport.objects.create(kind="tranche_overview", tranche=trajectory.tranche, status="done",
                                            requested_by=users["staff"])
    report.file.save("overzicht.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    poll = MeetingPoll.objects.create(meeting=meeting, created_by=users["adviser"])
    participant = PollParticipant.objects.create(poll=poll, role="project_leader", name="Petra",
                                                 email="petra@example.org", required=True)
    feed = CalendarFeed.objects.create(user=users["adviser"], email=users["adviser"].email)
    return {"users": users, "practice": practice, "application": application, "trajectory": trajectory,
            "meeting": meeting, "claim": claim, "material": material, "batch": batch, "pulse": pulse,
            "report": report, "return": payment_return, "poll": poll, "participant": participant, "feed": feed}
