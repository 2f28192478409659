"""Scheduling and logging of a trajectory's meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lobmatch.outbox import enqueue_email

from ..models import Attendance, Meeting, PulseInvitation, ReimbursementClaim, Trajectory


class MeetingError(Exception):
    pass


def ensure_meetings(trajectory: Trajectory) -> list[Meeting]:
    """The kickoff, the tranche's guided sessions and the closing conversation, created once."""
    wanted = [(Meeting.Kind.KICKOFF, 0, 90)]
    wanted += [(Meeting.Kind.SESSION, n, 240) for n in range(1, trajectory.tranche.guided_sessions + 1)]
    wanted += [(Meeting.Kind.CLOSING, 0, 90)]
    existing = {(m.kind, m.number) for m in trajectory.meetings.all()}
    Meeting.objects.bulk_create([
        Meeting(trajectory=trajectory, kind=kind, number=number, duration_minutes=minutes)
        for kind, number, minutes in wanted if (kind, number) not in existing
    ], ignore_conflicts=True)
    return list(trajectory.meetings.order_by("planned_start", "pk"))


def window_warning(meeting: Meeting, start: dt.datetime) -> str:
    """A warning (not an error) when a meeting is planned outside its window of the tranche."""
    tranche = meeting.trajectory.tranche
    day = timezone.localtime(start).date()
    if meeting.kind == Meeting.Kind.KICKOFF and not tranche.kickoff_starts_on <= day <= tranche.kickoff_ends_on:
        return _("Let op: het startgesprek valt buiten de periode van de startgesprekken (%(a)s – %(b)s).") % {
            "a": tranche.kickoff_starts_on.strftime("%d-%m-%Y"), "b": tranche.kickoff_ends_on.strftime("%d-%m-%Y")}
    if meeting.kind == Meeting.Kind.SESSION and not tranche.sessions_start_on <= day <= tranche.sessions_end_on:
        return _("Let op: deze bijeenkomst valt buiten de periode van de begeleide bijeenkomsten (%(a)s – %(b)s).") % {
            "a": tranche.sessions_start_on.strftime("%d-%m-%Y"), "b": tranche.sessions_end_on.strftime("%d-%m-%Y")}
    return ""


def claim_locked(trajectory: Trajectory) -> bool:
    claim = ReimbursementClaim.objects.filter(trajectory=trajectory).only("status").first()
    return claim is not None and claim.is_locked


@transaction.atomic
def schedule(meeting: Meeting, *, start: dt.datetime, duration_minutes: int, location: str, by) -> str:
    if meeting.status != Meeting.Status.PLANNED:
        raise MeetingError(_("Deze bijeenkomst is al vastgelegd en kan niet meer worden verplaatst."))
    meeting.planned_start, meeting.duration_minutes, meeting.location = start, duration_minutes, location
    meeting._history_user = by
    meeting.save(update_fields=["planned_start", "duration_minutes", "location"])
    return window_warning(meeting, start)


@dataclass(frozen=True)
class LogEntry:
    status: str
    attendance: dict[int, Decimal]  # member id → hours present
    school_leader_present: bool | None
    ambassador_present: bool | None
    notes: str
    agreed_actions: str
    progress: int | None


@transaction.atomic
def log_meeting(meeting: Meeting, entry: LogEntry, *, by, correction_reason: str = "") -> Meeting:
    """Record what happened. Locked once the claim is approved, except for a correction with a reason."""
    meeting = Meeting.objects.select_for_update().select_related("trajectory__tranche").get(pk=meeting.pk)
    if claim_locked(meeting.trajectory) and not correction_reason:
        raise MeetingError(_("De declaratie is goedgekeurd; wijzigingen lopen via financiën, met een reden."))
    members = {m.pk for m in meeting.trajectory.application.members.all()}
    if set(entry.attendance) - members:
        raise MeetingError(_("Onbekend werkgroeplid."))
    meeting.status = entry.status
    meeting.school_leader_present = entry.school_leader_present
    meeting.ambassador_present = entry.ambassador_present
    meeting.notes, meeting.agreed_actions, meeting.progress = entry.notes, entry.agreed_actions, entry.progress
    meeting.logged_at, meeting.logged_by = timezone.now(), by
    meeting._history_user = by
    if correction_reason:
        meeting._change_reason = correction_reason
    meeting.save()
    held = entry.status == Meeting.Status.HELD
    for member_id in members:
        hours = entry.attendance.get(member_id, Decimal("0")) if held else Decimal("0")
        Attendance.objects.update_or_create(meeting=meeting, member_id=member_id, defaults={"hours_present": hours})
    if held and meeting.kind == Meeting.Kind.SESSION:
        invite_pulse(meeting)
    from .claims import refresh_claim

    refresh_claim(meeting.trajectory)
    return meeting


def invite_pulse(meeting: Meeting) -> int:
    """One anonymous survey link per working-group member, mailed once."""
    created = 0
    for member in meeting.trajectory.application.members.exclude(email=""):
        invitation, new = PulseInvitation.objects.get_or_create(meeting=meeting, email=member.email.lower())
        if new:
            created += 1
            enqueue_email(to=[member.email], template="pulse_invitation",
                          context={"meeting": str(meeting), "school": meeting.trajectory.application.school.name,
                                   "url": f"/trajecten/peiling/{invitation.token}/"},
                          dedupe_key=f"pulse:{meeting.pk}:{member.email.lower()}",
                          reason=_("u was aanwezig bij een begeleide bijeenkomst van LOB Ambassadeurs"))
    return created


@transaction.atomic
def answer_pulse(token: str, *, useful: int, progress: int, support: int, comment: str) -> bool:
    """Store an anonymous answer once per invitation; the answer is not linked to the invitation."""
    from ..models import PulseResponse

    invitation = PulseInvitation.objects.select_for_update().filter(token=token, used_at__isnull=True).first()
    if invitation is None:
        return False
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    PulseResponse.objects.create(meeting_id=invitation.meeting_id, useful=useful, progress=progress, support=support,
                                 comment=comment[:2000])
    return True


MIN_PULSE_ANSWERS = 3


def pulse_summary(meeting: Meeting) -> dict | None:
    """Averages only from three answers on, so no single answer can be recognised."""
    from django.db.models import Avg, Count

    data = meeting.pulse_responses.aggregate(n=Count("pk"), useful=Avg("useful"), progress=Avg("progress"),
                                             support=Avg("support"))
    if data["n"] < MIN_PULSE_ANSWERS:
        return {"n": data["n"], "hidden": True}
    return {**data, "hidden": False,
            "comments": list(meeting.pulse_responses.exclude(comment="").values_list("comment", flat=True))}
