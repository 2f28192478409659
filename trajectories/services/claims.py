"""The reimbursement claim: computed from the logs (never typed in), submitted by the school, decided by finance."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from lobmatch.workflow import WorkflowError, apply_transition

from ..models import Attendance, Meeting, ReimbursementClaim, Trajectory
from ..reimbursement import Presence, Rules, Session, calculate


class ClaimError(Exception):
    pass


def calculation_for(trajectory: Trajectory):
    rules = Rules.of(trajectory.tranche)
    meetings = list(trajectory.meetings.filter(kind=Meeting.Kind.SESSION))
    attendance = Attendance.objects.filter(meeting__in=meetings).select_related("member")
    by_meeting: dict[int, list[Presence]] = {}
    for a in attendance:
        by_meeting.setdefault(a.meeting_id, []).append(Presence(a.member_id, a.member.name, a.hours_present))
    sessions = [Session(m.number, m.status == Meeting.Status.HELD, tuple(by_meeting.get(m.pk, ())))
                for m in meetings]
    return rules, calculate(rules, sessions)


def ensure_claim(trajectory: Trajectory) -> ReimbursementClaim:
    rules = Rules.of(trajectory.tranche)
    claim, _created = ReimbursementClaim.objects.get_or_create(
        trajectory=trajectory, defaults={"cap_amount": rules.cap, "hourly_rate": rules.hourly_rate}
    )
    return claim


@transaction.atomic
def refresh_claim(trajectory: Trajectory) -> ReimbursementClaim | None:
    """Recompute a draft or rejected claim after the logs changed; a submitted or decided one is left alone."""
    claim = ensure_claim(trajectory)
    claim = ReimbursementClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status not in (ReimbursementClaim.Status.DRAFT, ReimbursementClaim.Status.REJECTED):
        return claim
    _apply_calculation(claim, trajectory)
    claim.save(update_fields=["amount", "counted_hours", "lines", "hourly_rate", "cap_amount"])
    return claim


def _apply_calculation(claim: ReimbursementClaim, trajectory: Trajectory) -> None:
    rules, calc = calculation_for(trajectory)
    claim.hourly_rate, claim.cap_amount = rules.hourly_rate, rules.cap
    claim.amount, claim.counted_hours = calc.amount, calc.counted_hours
    claim.lines = [line.as_dict() for line in calc.lines]


def validate_iban(value: str) -> tuple[str, str]:
    try:
        iban = IBAN(value)
    except SchwiftyException:
        raise ClaimError(_("Dit IBAN klopt niet. Controleer het rekeningnummer (bijvoorbeeld NL91 ABNA 0417 1643 00)."))
    bic = ""
    try:
        bic = str(iban.bic or "")
    except SchwiftyException:
        bic = ""
    return iban.compact, bic


@transaction.atomic
def submit_claim(claim: ReimbursementClaim, *, iban: str, account_holder: str, by) -> ReimbursementClaim:
    claim = ReimbursementClaim.objects.select_for_update().select_related("trajectory__tranche").get(pk=claim.pk)
    compact, bic = validate_iban(iban)
    if not account_holder.strip():
        raise ClaimError(_("Vul de tenaamstelling van de rekening in."))
    _apply_calculation(claim, claim.trajectory)
    if claim.amount <= 0:
        raise ClaimError(_("Er zijn nog geen gehouden begeleide bijeenkomsten met aanwezigheid om te declareren."))
    claim.iban, claim.bic, claim.account_holder = compact, bic, account_holder.strip()[:140]
    claim.submitted_by = by
    try:
        apply_transition(claim, "submit", by=by)
    except WorkflowError:
        raise ClaimError(_("Deze declaratie is al ingediend."))
    return claim


@transaction.atomic
def decide(claim: ReimbursementClaim, *, approve: bool, reason: str, by) -> ReimbursementClaim:
    claim = ReimbursementClaim.objects.select_for_update().get(pk=claim.pk)
    if not approve and not reason.strip():
        raise ClaimError(_("Geef een reden op voor de afwijzing."))
    claim.decided_by, claim.decision_reason = by, reason.strip()
    try:
        apply_transition(claim, "approve" if approve else "reject", by=by, reason=reason)
    except WorkflowError:
        raise ClaimError(_("Over deze declaratie is al besloten."))
    return claim
