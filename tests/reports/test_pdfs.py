"""Each PDF renders, has the expected number of pages and says what it must (text extracted with pypdf)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from lobmatch.mailing import ATTACHMENT_RENDERERS, render_message
from lobmatch.templatetags.lobmatch import format_money
from partners.pdf import render_application_confirmation
from tests.factories import (
    AttendanceFactory,
    GoodPracticeFactory,
    PartnerApplicationFactory,
    PreferenceFactory,
    SchoolFactory,
    WorkingGroupMemberFactory,
)
from trajectories import documents
from trajectories.models import Meeting, ReimbursementClaim
from trajectories.reimbursement import from_logs
from trajectories.services import claims as claim_service

from .conftest import make_trajectory

pytestmark = pytest.mark.django_db


def read(pdf: bytes) -> tuple[int, str]:
    """(page count, text of all pages with whitespace collapsed to single spaces)."""
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def pages_text(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text().replace("\u00a0", " ")) for p in PdfReader(io.BytesIO(pdf)).pages]


def euro(amount) -> str:
    return format_money(amount).replace("\u00a0", " ")


def submitted_application():
    application = PartnerApplicationFactory(status="submitted", school=SchoolFactory(name="Het Baken", city="Almere"),
                                            submitted_at=timezone.make_aware(dt.datetime(2014, 3, 17, 16, 5)))
    for rank, title in enumerate(["Loopbaandossier naar het mbo", "Driegesprekken met ouders"], start=1):
        PreferenceFactory(application=application, rank=rank, practice=GoodPracticeFactory(title=title))
    for i in range(5):
        WorkingGroupMemberFactory(application=application, name=f"Collega {i}", is_project_leader=(i == 0))
    return application


def test_application_confirmation():
    application = submitted_application()
    pages, text = read(render_application_confirmation(application))
    for expected in ["Op 17 maart 2014 om 16:05 ontvingen wij de aanmelding van Het Baken", "LOB Ambassadeurs", application.tranche.name, "Bevestiging aanmelding partnerschool",
                     "Het Baken", "Loopbaandossier naar het mbo", "Driegesprekken met ouders", "Collega 4",
                     f"pagina 1 van {pages}", f"LOB-{application.tranche.number}-{application.pk}"]:
        assert expected in text, expected


def test_application_confirmation_is_attached_to_the_mail():
    application = submitted_application()
    assert "application_pdf" in ATTACHMENT_RENDERERS
    message = render_message({"to": ["school@example.org"], "template": "application_confirmation",
                              "context": {"school": "Het Baken", "tranche": "Tranche 2", "preferences": [],
                                          "members": [], "status_url": "/"},
                              "attachments": [{"kind": "application_pdf", "application": application.pk}]})
    [(filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and filename.endswith(".pdf") and "het-baken" in filename
    assert "Het Baken" in read(content)[1]


def test_submitting_mails_the_confirmation_with_the_pdf(mailoutbox, django_capture_on_commit_callbacks):
    from partners import services

    application = submitted_application()
    application.status = "draft"
    application.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, by=application.created_by)
    [message] = [m for m in mail.outbox if "Het Baken" in m.body]
    assert [a[2] for a in message.attachments] == ["application/pdf"]


def test_trajectory_report():
    trajectory = make_trajectory()
    pdf = documents.render_trajectory_report(trajectory)
    pages, text = read(pdf)
    assert pages == 3
    first = pages_text(pdf)[0]
    assert "LOB Ambassadeurs" in first and trajectory.tranche.name in first and "pagina 1 van 3" in first
    for expected in ["Trajectrapport", trajectory.application.school.name, trajectory.practice.title,
                     trajectory.practice.ambassador.school.name, str(trajectory.adviser), "Startgesprek",
                     "Bijeenkomst 3", "Adviesgesprek", "Aanwezigheid werkgroep", "Lid 7", "Voortgang over de tijd",
                     "10 juni 2014", "Peiling onder de werkgroep", "Verslagen", "Resultaat",
                     "van 1 (net begonnen) tot 5"]:  # the progress column's "3/5" explained
        assert expected in text, expected
    # the status in the school's words, as its trajectory page says it (not the programme office's "gepubliceerd")
    assert f"Status traject {trajectory.participant_status}" in " ".join(text.split())
    assert "gepubliceerd" not in text
    # Pulse: sessions 1 and 2 have three answers (shown), session 3 only two (hidden).
    assert text.count("zichtbaar vanaf 3 antwoorden") == 1
    assert "3,0" in text and "4,0" in text


def test_trajectory_report_shows_the_outcome():
    trajectory = make_trajectory()
    trajectory.outcome_kind, trajectory.outcome_summary = "implemented", "Het loopbaandossier draait in leerjaar 3."
    trajectory.save()
    text = read(documents.render_trajectory_report(trajectory))[1]
    assert "good practice geïmplementeerd" in text and "Het loopbaandossier draait in leerjaar 3." in text


def test_trajectory_report_without_meetings_still_renders():
    trajectory = make_trajectory()
    trajectory.meetings.all().delete()
    pages, text = read(documents.render_trajectory_report(trajectory))
    assert pages == 1
    assert "nog geen bijeenkomsten gepland" in text and "Nog geen voortgang vastgelegd" in text


def test_claim_statement_money_equals_the_claim():
    trajectory = make_trajectory()
    claim = claim_service.ensure_claim(trajectory)
    claim = claim_service.submit_claim(claim, iban="NL91 ABNA 0417 1643 00", account_holder="Stichting Het Baken",
                                       by=trajectory.application.created_by)
    # 3 sessions × the six members with most hours (4 + 3.75 + 3.5 + 3.25 + 3 + 2.75 = 20.25 h) × € 55.
    assert claim.amount == Decimal("3341.25")
    pages, text = read(documents.render_claim_statement(claim))
    assert pages == 1
    assert f"Totaal 60,75 {euro(claim.amount)}" in text
    assert f"60,75 vergoede uren × € 55,00 = {euro(claim.amount)}" in text
    assert "NL91ABNA0417164300" not in text and "ABNA" not in text and "0417" not in text
    assert "•• •••• •••• •••• 4300" in text
    assert "Stichting Het Baken" in text
    # The status once ("nummer 1 · ingediend · ingediend op …" said it twice), then the day it was submitted.
    day = date_format(timezone.localtime(claim.submitted_at), "j F Y")
    assert f"Status nummer {claim.pk} · ingediend · indiening {day}" in text
    assert len(re.findall(r"\bingediend\b", text, re.I)) == 1
    assert "niet vergoed: max. 6 leden per bijeenkomst" in text and "max. 4 uur per bijeenkomst" in text
    # The lines on the statement add up to the claim: nothing to round.
    data = documents.claim_statement_data(claim)
    assert sum(s["amount"] for s in data["sessions"]) == claim.amount and data["rounding"] == 0
    assert text.count("Subtotaal 20,25 € 1.113,75") == 3


def test_claim_statement_of_a_paid_claim_says_its_status_once_and_each_days_step():
    trajectory = make_trajectory()
    claim = claim_service.ensure_claim(trajectory)
    ReimbursementClaim.objects.filter(pk=claim.pk).update(
        status="paid", submitted_at=timezone.make_aware(dt.datetime(2026, 11, 2, 10)),
        decided_at=timezone.make_aware(dt.datetime(2026, 11, 4, 10)), paid_on=dt.date(2026, 11, 9))
    claim.refresh_from_db()
    text = read(documents.render_claim_statement(claim))[1]
    assert (f"Status nummer {claim.pk} · betaald · indiening 2 november 2026 · besluit 4 november 2026 · betaling "
            "9 november 2026") in text
    assert len(re.findall(r"\bbetaald\b", text, re.I)) == 1


def test_claim_statement_of_a_draft_is_computed_from_the_logs_without_saving():
    trajectory = make_trajectory()
    claim = ReimbursementClaim.objects.create(trajectory=trajectory, cap_amount=Decimal("3960"),
                                              hourly_rate=Decimal("55"))
    text = read(documents.render_claim_statement(claim))[1]
    assert euro(Decimal("3341.25")) in text and "concept" in text
    claim.refresh_from_db()
    assert claim.amount == 0 and claim.lines == []


def test_claim_statement_shows_a_rounding_line_when_lines_do_not_add_up():
    trajectory = make_trajectory()
    claim = claim_service.ensure_claim(trajectory)
    calc = from_logs(trajectory)[1]
    claim.hourly_rate, claim.amount = Decimal("55.55"), Decimal("3374.66")  # 60.75 × 55.55 = 3374.6625
    claim.counted_hours = calc.counted_hours
    claim.lines = [{**line.as_dict(), "amount": str((line.counted * Decimal("55.55")).quantize(Decimal("0.01")))}
                   for line in calc.lines]
    claim.status = "approved"  # the statement prints the lines frozen at approval
    claim.save()
    data = documents.claim_statement_data(claim)
    assert sum(s["amount"] for s in data["sessions"]) + data["rounding"] == claim.amount
    text = read(documents.render_claim_statement(claim))[1]
    assert f"Totaal 60,75 {euro(claim.amount)}" in text


def test_mask_iban():
    assert documents.mask_iban("NL91ABNA0417164300") == "•• •••• •••• •••• 4300"
    assert documents.mask_iban("nl91 abna 0417 1643 00") == "•• •••• •••• •••• 4300"
    assert documents.mask_iban("") == ""


def test_tranche_overview(django_assert_max_num_queries):
    trajectory = make_trajectory()
    def frozen(trajectory, status):  # as approval freezes it
        calc = from_logs(trajectory)[1]
        ReimbursementClaim.objects.filter(trajectory=trajectory).update(status=status, amount=calc.amount,
                                                                        counted_hours=calc.counted_hours)

    claim_service.ensure_claim(trajectory)
    frozen(trajectory, "paid")
    for _ in range(3):
        other = make_trajectory(application=PartnerApplicationFactory(tranche=trajectory.tranche, status="matched"))
        claim_service.ensure_claim(other)
    frozen(other, "approved")
    PartnerApplicationFactory(tranche=trajectory.tranche, status="waitlisted")
    pdf = documents.render_tranche_overview(trajectory.tranche)
    pages, text = read(pdf)
    assert pages == 3
    first = pages_text(pdf)[0]
    assert "LOB Ambassadeurs" in first and f"Overzicht {trajectory.tranche.name}" in first
    assert "pagina 1 van 3" in first
    for expected in ["Resultaat van de matching", "Bijeenkomsten", "Declaraties verletkosten",
                     "Aanmeldingen per provincie", "Aanmeldingen per LOB-thema", "Utrecht", "Externe partijen",
                     "aanmelding op de wachtlijst", "eerste keuze gehonoreerd"]:
        assert expected in text, expected
    # Approved in all (approved, exported and paid), of which paid and still to pay, as on the claims.
    assert f"{euro(Decimal('6682.50'))} goedgekeurd in totaal" in text
    assert f"{euro(Decimal('3341.25'))} waarvan betaald" in text
    assert f"{euro(Decimal('3341.25'))} waarvan nog te betalen" in text


def test_pdfs_read_only_the_static_directory():
    from lobmatch.pdf import static_dir, static_only_fetcher

    fetcher = static_only_fetcher()
    font = static_dir() / "fonts" / "source-sans-3" / "source-sans-3-latin-400-normal.woff"
    assert fetcher.fetch(font.as_uri()).read()[:4] == b"wOFF"
    for url in ["https://example.org/tracker.png", "file:///etc/passwd", f"{static_dir().as_uri()}/../manage.py",
                "ftp://example.org/x"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_report_with_a_remote_image_in_user_text_stays_offline(monkeypatch):
    """User text is escaped, and even a stray remote URL is never fetched."""
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    trajectory = make_trajectory()
    trajectory.outcome_summary, trajectory.outcome_kind = '<img src="https://example.org/x.png">', "plan"
    trajectory.save()
    text = read(documents.render_trajectory_report(trajectory))[1]
    assert '<img src="https://example.org/x.png">' in text



def test_a_meeting_without_a_date_is_not_called_planned_in_the_report():
    trajectory = make_trajectory()
    meeting = trajectory.meetings.order_by("pk").last()
    meeting.planned_start, meeting.status = None, "planned"
    meeting.save(update_fields=["planned_start", "status"])
    text = read(documents.render_trajectory_report(trajectory))[1]
    row = next(line for line in text.splitlines() if "niet gepland" in line)
    assert "gepland" not in row.replace("niet gepland", ""), row


def test_the_dutch_reports_say_everything_in_dutch_for_a_reader_in_english():
    """The reports are Dutch documents: an English reader's language does not slip into their meeting names or
    notes (it did, in a Dutch page)."""
    trajectory = make_trajectory()
    with translation.override("en"):
        text = read(documents.render_trajectory_report(trajectory))[1]
        assert translation.get_language() == "en"  # the caller's language is left as it was
    assert "Startgesprek –" in text and "Kickoff meeting" not in text
    assert "Session 1" not in text and "Closing advice conversation" not in text


def test_the_attendance_table_has_the_sessions_and_a_kickoff_or_closing_only_where_someone_was_logged():
    """The log's hours start at 0, so a kickoff the working group was not asked to used to read '0' for everyone."""
    trajectory = make_trajectory()
    members = list(trajectory.application.members.order_by("pk"))
    kickoff, closing = (trajectory.meetings.get(kind=kind) for kind in (Meeting.Kind.KICKOFF, Meeting.Kind.CLOSING))
    for member in members:  # what the log writes when the adviser leaves the hours alone
        AttendanceFactory(meeting=kickoff, member=member, hours_present=Decimal("0"))
    AttendanceFactory(meeting=closing, member=members[0], hours_present=Decimal("1.5"))
    trajectory.meetings.filter(kind=Meeting.Kind.SESSION, number=3).update(status=Meeting.Status.CANCELLED)
    [report] = documents.trajectory_report_data([trajectory])
    assert [row.label for row in report.attendance_meetings] == ["Bijeenkomst 1", "Bijeenkomst 2", "Bijeenkomst 3",
                                                                  "Adviesgesprek"]
    first = report.attendance_rows[0]
    assert first["cells"] == [Decimal("5"), Decimal("4"), None, Decimal("1.5")]  # a cancelled session: nothing, not 0
    assert first["total"] == Decimal("10.5")
    text = " ".join(read(documents.render_trajectory_report(trajectory))[1].split())
    assert "Lid 1 (projectleider) 5 4 – 1,5 10,5" in text


def test_the_application_confirmation_holds_every_written_answer_in_full():
    """The mail says the PDF has all the answers: it left out the LOB situation, the ambition and both availabilities,
    and cut the motivation at 250 words without a word."""
    application = submitted_application()
    long_motivation = " ".join(f"woord{i}" for i in range(300)) + " Slotzin van de motivatie."
    application.lob_situation, application.ambition = "Wij hebben een decanaat van twee.", "Elk jaar een LOB-plan."
    application.availability_kickoff, application.availability_sessions = "Dinsdagmiddag.", "Donderdag, 13-17 uur."
    application.motivation = long_motivation
    application.save()
    text = read(render_application_confirmation(application))[1]
    for heading, answer in [("Huidige LOB-situatie", application.lob_situation), ("Ambitie", application.ambition),
                            ("Beschikbaarheid startgesprek", "Dinsdagmiddag."),
                            ("Beschikbaarheid begeleide bijeenkomsten", "Donderdag, 13-17 uur."),
                            ("Motivatie", "Slotzin van de motivatie.")]:
        assert heading in text and answer in text, heading
    english = read(render_application_confirmation(application, language="en"))[1]
    assert "Current career guidance Wij hebben" in english
    assert "On 17 March 2014 at 16:05 we received" in english  # it said "On 17 March 2014 om 16:05"
    assert re.search(r"page 1 of \d", english)  # the footer's "van" is "of"
