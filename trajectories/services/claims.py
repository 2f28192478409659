"""The reimbursement claim: computed from the logs (never typed in), submitted by the school, decided by finance.

The money is read, not kept up to date: :func:`money` computes it from the logs until finance approves; approval
freezes the amount and its lines on the claim, and only finance's correction of a log (with a reason) changes them
after that. The claims read the meetings, never the other way round. The claim's history (simple_history) keeps who
and why; every status change goes through :func:`lobmatch.workflow.apply_transition` (a StatusChange with who, when
and why)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lobmatch.models import StatusChange
from lobmatch.outbox import enqueue_email
from lobmatch.spreadsheets import csv_writer
from lobmatch.templatetags.lobmatch import format_money
from lobmatch.workflow import WorkflowError, apply_transition

from .. import reimbursement
from ..models import Meeting, ReimbursementClaim, Trajectory
from ..reimbursement import Calculation, Line, Rules
from . import meetings as meeting_service
from .accounts import ClaimError, abroad, checked_account, validate_iban  # noqa: F401
from .exports import DecimalComma, status_nl
from .meetings import MeetingError


def money(claim: ReimbursementClaim, *, logs: tuple[Rules, Calculation] | None = None) -> tuple[Rules, Calculation]:
    """What the claim is worth, as every screen, file and mail shows it: the amount and lines frozen at approval
    once the claim is approved (or further), before that computed from the logs as they are now (``logs``: that
    computation, when the caller has made it already)."""
    tranche = claim.trajectory.tranche
    if not claim.is_locked:
        return logs or reimbursement.from_logs(claim.trajectory)
    rules = Rules(claim.hourly_rate, tranche.max_hours_per_session, tranche.max_members_reimbursed,
                  tranche.guided_sessions)
    return rules, Calculation([Line.from_dict(line) for line in claim.lines], claim.counted_hours, claim.amount)


@dataclass
class SessionBreakdown:
    meeting: Meeting
    lines: list  # reimbursement.Line, the members that did not count included
    absent: list[str] = field(default_factory=list)  # logged with 0 hours: no line, named so nobody looks missing

    @property
    def attended(self) -> Decimal:
        return sum((line.hours for line in self.lines), Decimal("0"))

    @property
    def reimbursed(self) -> Decimal:
        return sum((line.counted for line in self.lines), Decimal("0"))

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0"))

    @property
    def not_counted(self) -> list:
        return [line for line in self.lines if not line.reimbursed]


@dataclass
class Breakdown:
    rules: Rules
    sessions: list[SessionBreakdown]
    calculation: Calculation

    @property
    def attended(self) -> Decimal:
        return sum((s.attended for s in self.sessions), Decimal("0"))


def breakdown(claim: ReimbursementClaim) -> Breakdown:
    """The claim as the logs give it, per guided session: each member's attended and reimbursed hours (the members
    beyond the tranche's maximum too), with the adviser's log. Read from the logs, never from the frozen lines, so
    what finance checks is what the adviser logged. Two queries."""
    trajectory = claim.trajectory
    meetings = list(trajectory.meetings.filter(kind=Meeting.Kind.SESSION).select_related("logged_by")
                    .order_by("number", "pk"))
    rules = reimbursement.Rules.of(trajectory.tranche)
    sessions = reimbursement.sessions_from_logs(meetings)
    calc = reimbursement.calculate(rules, sessions)
    by_session: dict[int, list] = {}
    for line in calc.lines:
        by_session.setdefault(line.session, []).append(line)
    return Breakdown(rules, [
        SessionBreakdown(m, by_session.get(m.number, []),
                         sorted(p.name for p in session.presences if p.hours <= 0) if session.held else [])
        for m, session in zip(meetings, sessions, strict=True)], calc)


def ensure_claim(trajectory: Trajectory) -> ReimbursementClaim:
    tranche = trajectory.tranche
    claim, _created = ReimbursementClaim.objects.get_or_create(
        trajectory=trajectory, defaults={"cap_amount": tranche.max_claim_amount, "hourly_rate": tranche.hourly_rate}
    )
    return claim


MONEY_FIELDS = ["amount", "counted_hours", "lines", "hourly_rate", "cap_amount"]


def _store(claim: ReimbursementClaim, rules: Rules, calc: Calculation) -> None:
    """Put ``calc`` in the claim's money fields (the caller saves them with :data:`MONEY_FIELDS`)."""
    claim.hourly_rate, claim.cap_amount = rules.hourly_rate, claim.trajectory.tranche.max_claim_amount
    claim.amount, claim.counted_hours = calc.amount, calc.counted_hours
    claim.lines = [line.as_dict() for line in calc.lines]


@transaction.atomic
def correct_meeting(meeting: Meeting, entry: meeting_service.LogEntry, *, by, reason: str) -> Meeting:
    """Finance corrects the log of an approved claim, with a reason, and the claim's frozen amount and lines follow
    the corrected log (the reason stays in the history of the meeting, its attendance and the claim). Once the claim
    is in a payment file its amount can no longer change (the batch is immutable; a transfer the bank sent back is
    paid again for the amount of that file): then nothing is saved."""
    reason = reason.strip()
    if not reason:
        raise MeetingError(_("Geef een reden op voor de correctie."))
    meeting = Meeting.objects.select_for_update().select_related("trajectory__tranche").get(pk=meeting.pk)
    claim = ReimbursementClaim.objects.select_for_update().filter(trajectory=meeting.trajectory).first()
    if claim is None or not claim.is_locked:
        raise MeetingError(_("Corrigeren kan pas als de declaratie is goedgekeurd; tot dan legt de adviseur vast."))
    if not meeting_service.log_locked(meeting, claim.is_locked):
        raise MeetingError(_("Dit verslag telt niet mee voor de declaratie; de adviseur legt het vast."))
    if meeting.status == Meeting.Status.PLANNED:
        raise MeetingError(_("Deze bijeenkomst is nog niet vastgelegd; er is niets te corrigeren."))
    meeting = meeting_service.write_log(meeting, entry, by=by, reason=reason)  # who logged it and when stay
    rules, calc = reimbursement.from_logs(meeting.trajectory)
    if calc.amount != claim.amount and claim.status in (ReimbursementClaim.Status.EXPORTED,
                                                        ReimbursementClaim.Status.PAID,
                                                        ReimbursementClaim.Status.RETURNED):
        raise ClaimError(_("Deze declaratie staat al in een betaalbestand; het bedrag kan niet meer veranderen. "
                           "Verreken het verschil buiten dit systeem."))
    before = claim.amount
    _store(claim, rules, calc)
    claim._history_user, claim._change_reason = by, reason
    claim.save(update_fields=MONEY_FIELDS)
    if calc.amount != before:
        _record_correction(claim, before, reason, by=by)
    return meeting


def _record_correction(claim: ReimbursementClaim, before: Decimal, reason: str, *, by) -> None:
    """An approved amount that finance corrected: in the claim's course ("Verloop", which the school reads too) with
    both amounts and the reason, and in a mail to the school that applied. It was kept only in the claim's field
    history, so the claim page showed another amount than approved without a word about it."""
    StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(ReimbursementClaim), object_id=claim.pk, transition="correct",
        source=claim.status, target=claim.status, by=by,
        reason=_("bedrag gecorrigeerd van %(before)s naar %(after)s: %(reason)s") % {
            "before": format_money(before), "after": format_money(claim.amount), "reason": reason})
    application = claim.trajectory.application
    enqueue_email(
        to=[application.created_by.email], template="claim_corrected",
        context={"school": application.school.name, "before_money": str(before), "amount_money": str(claim.amount),
                 "decision_reason": reason, "url": reverse("trajectories:claim_detail", args=[claim.trajectory_id])},
        dedupe_key=f"claim-corrected:{claim.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        reason=gettext_noop("u namens uw school een declaratie verletkosten hebt ingediend"),
    )


def changed_since_submitted(trajectory: Trajectory) -> str:
    """What the adviser is told after saving a log that changes the amount of a claim the school already submitted
    (finance approves what the logs say, and sees the difference): "" when there is no such claim or no change."""
    claim = ReimbursementClaim.objects.filter(trajectory=trajectory, status=ReimbursementClaim.Status.SUBMITTED).first()
    if claim is None:
        return ""
    now = reimbursement.from_logs(trajectory)[1].amount
    if now == claim.amount:
        return ""
    return _("De school diende haar declaratie in voor %(submitted)s; volgens de verslagen is het bedrag nu %(now)s. "
             "Financiën ziet het verschil en keurt goed wat de verslagen zeggen.") % {
        "submitted": format_money(claim.amount), "now": format_money(now)}


def not_ready(sessions: list[Meeting]) -> str:
    """Why a claim over these guided sessions cannot be submitted yet ("" when it can): every session must be
    logged (held or cancelled) first. There is one claim per trajectory and approval freezes it, so a claim sent
    after the first session would leave the others unpaid."""
    open_ = [m for m in sessions if m.status == Meeting.Status.PLANNED]
    if not open_:
        return ""
    names = ", ".join(
        _("%(meeting)s (%(when)s)") % {"meeting": m, "when": date_format(timezone.localtime(m.planned_start),
                                                                          "j F Y")}
        if m.planned_start else str(m) for m in open_)
    return _("U kunt declareren zodra de adviseur alle begeleide bijeenkomsten heeft vastgelegd. Nog niet "
             "vastgelegd: %(meetings)s.") % {"meetings": names}


@dataclass(frozen=True)
class Submission:
    """What submitting a claim sends in: the account as the claim keeps it, and the amount the logs give now."""

    iban: str
    bic: str
    account_holder: str
    rules: Rules
    calculation: Calculation

    @property
    def amount(self) -> Decimal:
        return self.calculation.amount


def check_submission(claim: ReimbursementClaim, *, iban: str, account_holder: str) -> Submission:
    """Everything :func:`submit_claim` checks, without saving anything: the claim page asks the school to confirm
    only a claim that can go in (a ClaimError says why it cannot)."""
    account = checked_account(iban, account_holder)
    if claim.status not in ReimbursementClaim.OPEN_TO_SCHOOL:
        raise ClaimError(_("Deze declaratie is al ingediend."))
    if reason := not_ready(list(claim.trajectory.meetings.filter(kind=Meeting.Kind.SESSION).order_by("number"))):
        raise ClaimError(reason)
    rules, calc = reimbursement.from_logs(claim.trajectory)
    if calc.amount <= 0:
        raise ClaimError(_("Er zijn nog geen gehouden begeleide bijeenkomsten met aanwezigheid om te declareren."))
    return Submission(*account, rules, calc)


@transaction.atomic
def submit_claim(claim: ReimbursementClaim, *, iban: str, account_holder: str, by,
                 amount: Decimal | None = None) -> ReimbursementClaim:
    """Submit the claim (checked as :func:`check_submission` checks it). ``amount``: the amount the school confirmed;
    refused when the logs give another by now (an adviser saved a log meanwhile)."""
    claim = ReimbursementClaim.objects.select_for_update().select_related("trajectory__tranche").get(pk=claim.pk)
    submission = check_submission(claim, iban=iban, account_holder=account_holder)
    if amount is not None and amount != submission.amount:
        raise ClaimError(_("Het bedrag is veranderd sinds u het controleerde: volgens de verslagen is het nu "
                           "%(now)s. Controleer het en dien de declaratie opnieuw in.")
                         % {"now": format_money(submission.amount)})
    # What the school submitted, for finance's queue and totals (sums in SQL). Not what will be paid: approval
    # freezes what the logs give then.
    _store(claim, submission.rules, submission.calculation)
    claim.iban, claim.bic, claim.account_holder = submission.iban, submission.bic, submission.account_holder
    claim.submitted_by = by
    if claim.status == ReimbursementClaim.Status.REJECTED:
        # Submitted again: the rejection's explanation belongs to the earlier round (its history keeps it), not to
        # the claim finance is about to look at.
        claim.decided_by, claim.decided_at, claim.decision_reason = None, None, ""
    claim._history_user = by
    try:
        apply_transition(claim, "submit", by=by)
    except WorkflowError:
        raise ClaimError(_("Deze declaratie is al ingediend."))
    _send_receipt(claim, by)
    return claim


def _send_receipt(claim: ReimbursementClaim, by) -> None:
    """The school's proof that its claim arrived: the number, the amount, the account it gave (its last four
    characters) and what happens next. To whoever submitted it and to the application's contact."""
    application = claim.trajectory.application
    enqueue_email(
        to=[by.email, application.created_by.email], template="claim_submitted",
        context={"school": application.school.name, "number": claim.pk, "amount_money": str(claim.amount),
                 "account_holder": claim.account_holder, "iban_end": claim.iban[-4:],
                 "iban_country": abroad(claim.iban),
                 "url": reverse("trajectories:claim_detail", args=[claim.trajectory_id])},
        dedupe_key=f"claim-submitted:{claim.pk}:{claim.submitted_at:%Y%m%d%H%M%S%f}" if claim.submitted_at else None,
        reason=gettext_noop("u namens uw school een declaratie verletkosten hebt ingediend"),
    )


@transaction.atomic
def correct_account(claim: ReimbursementClaim, *, iban: str, account_holder: str, by) -> ReimbursementClaim:
    """After the bank sent the transfer back, the school puts the right account on its (still approved) claim;
    finance then transfers the amount again to it."""
    claim = ReimbursementClaim.objects.select_for_update(of=("self",)).select_related(
        "trajectory__application__created_by", "trajectory__application__school").get(pk=claim.pk)
    account = checked_account(iban, account_holder)
    if claim.status != ReimbursementClaim.Status.RETURNED:
        raise ClaimError(_("De rekening van deze declaratie kan niet meer worden gewijzigd."))
    if (account[0], account[2]) == (claim.iban, claim.account_holder):
        raise ClaimError(_("U hebt niets gewijzigd: dit is de rekening waarheen de bank het bedrag terugstuurde. "
                           "Controleer het IBAN en de tenaamstelling bij uw bank; klopt het toch, mail dan de "
                           "financiële administratie waarom de bank het terugstuurde."))
    claim.iban, claim.bic, claim.account_holder = account
    claim._history_user = by
    claim._change_reason = _("rekening gecorrigeerd na terugboeking")
    claim.save(update_fields=["iban", "bic", "account_holder"])
    # A changed account sends money elsewhere: everyone who speaks for the school hears of it at once.
    application = claim.trajectory.application
    enqueue_email(
        to=[by.email, application.created_by.email], template="claim_account_changed",
        context={"school": application.school.name, "number": claim.pk, "account_holder": claim.account_holder,
                 "iban_end": claim.iban[-4:], "changed_by": by.get_full_name() or by.email,
                 "url": reverse("trajectories:claim_detail", args=[claim.trajectory_id])},
        reason=gettext_noop("u namens uw school een declaratie verletkosten hebt ingediend"),
    )
    return claim


@transaction.atomic
def decide(claim: ReimbursementClaim, *, approve: bool, reason: str, by,
           amount: Decimal | None = None) -> ReimbursementClaim:
    """Finance's decision. Approving confirms the ``amount`` finance was shown: refused when the logs give another
    amount by now (a log saved meanwhile), so nobody approves a sum they did not see."""
    # of=("self",): the school is a nullable join, and PostgreSQL cannot lock the nullable side of an outer join.
    claim = ReimbursementClaim.objects.select_for_update(of=("self",)).select_related(
        "trajectory__application__created_by", "trajectory__application__school", "trajectory__adviser__user"
    ).get(pk=claim.pk)
    if not approve and not reason.strip():
        raise ClaimError(_("Geef een reden op voor de afwijzing."))
    if approve and claim.status == ReimbursementClaim.Status.SUBMITTED:
        # Approve what the logs say at this moment (log_meeting locks this claim row too: a log saved meanwhile
        # waited for this lock, or went first), and freeze it with its lines: from here on the statement and the
        # payment files print these.
        rules, calc = reimbursement.from_logs(claim.trajectory)
        if calc.amount <= 0:
            raise ClaimError(_("Volgens de logboeken is er niets te vergoeden; wijs de declaratie af met een reden."))
        if amount is None or calc.amount != amount:
            raise ClaimError(_("Het bedrag is nu %(amount)s: de verslagen zijn gewijzigd sinds u het zag. Controleer "
                               "de berekening en keur opnieuw goed.") % {"amount": format_money(calc.amount)})
        _store(claim, rules, calc)
    claim.decided_by, claim.decision_reason = by, reason.strip()
    claim._history_user = by
    try:
        apply_transition(claim, "approve" if approve else "reject", by=by, reason=reason.strip())
    except WorkflowError:
        raise ClaimError(_("Over deze declaratie is al besloten."))
    application = claim.trajectory.application
    enqueue_email(
        to=[application.created_by.email], template="claim_decided",
        context={"school": application.school.name, "approved": approve, "decision_reason": reason.strip(),
                 "amount_money": str(claim.amount),
                 # An approved school can check the account it gave (the last four characters, not the whole IBAN).
                 "account_holder": claim.account_holder, "iban_end": claim.iban[-4:] if approve else "",
                 # A rejected school is told whom to ask: the hours come from the adviser's logs.
                 "adviser": str(claim.trajectory.adviser), "adviser_email": claim.trajectory.adviser.user.email,
                 "url": reverse("trajectories:claim_detail", args=[claim.trajectory_id])},
        dedupe_key=f"claim-decided:{claim.pk}:{claim.status}:{claim.decided_at:%Y%m%d%H%M%S%f}"
        if claim.decided_at else None,
        reason=gettext_noop("u namens uw school een declaratie verletkosten hebt ingediend"),
    )
    return claim


CSV_HEADER = ["bijeenkomst", "werkgroeplid", "uren aanwezig", "uren vergoed", "bedrag", "toelichting"]
NOTES = {"max_hours": "maximum uren per bijeenkomst", "max_members": "maximum aantal leden per bijeenkomst"}


def claim_csv_bytes(claim: ReimbursementClaim) -> bytes:
    """The calculation line by line (frozen once approved), for the school to keep (formula-safe, UTF-8 with BOM
    for spreadsheets).

    Written like finance's CSV (see the README): semicolons, decimal commas and the status in Dutch, so that Dutch
    Excel opens it with a double click, every number a number in its own column."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, delimiter=";")
    writer.writerow(CSV_HEADER)
    cent = Decimal("0.01")
    _rules, calc = money(claim)
    for line in calc.lines:
        # hours and money are numbers, so a negative one is never "neutralised"
        writer.writerow([line.session, line.name, *(DecimalComma(Decimal(value).quantize(cent))
                                                    for value in (line.hours, line.counted, line.amount)),
                         NOTES.get(line.note, "")])
    writer.writerow(["totaal", "", "", DecimalComma(calc.counted_hours.quantize(cent)),
                     DecimalComma(calc.amount.quantize(cent)), ""])
    writer.writerow(["status", status_nl()[claim.status], "", "", "", ""])
    return buffer.getvalue().encode("utf-8-sig")
