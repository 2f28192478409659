"""Scheduling and logging of a trajectory's meetings, the outcome at the end, and the anonymous pulse survey."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lobmatch.outbox import enqueue_email
from lobmatch.uploads import ALLOWED, sniff

from ..models import Attendance, Meeting, PulseInvitation, PulseResponse, ReimbursementClaim, Trajectory
from .invitations import called_off


class MeetingError(Exception):
    pass


KICKOFF_MINUTES = CLOSING_MINUTES = 90
SESSION_MINUTES = 240
# The most hours one working-group member can be present at one meeting. Checked here (every path logs through
# log_meeting); the log form checks the same constant with the same message, tied to the member's field.
MAX_HOURS_PRESENT = Decimal("12")


def too_many_hours_message() -> str:
    return _("Meer dan %(max)s uur aanwezig bij één bijeenkomst kan niet.") % {
        "max": number_format(MAX_HOURS_PRESENT)}


def ensure_meetings(trajectory: Trajectory) -> list[Meeting]:
    """The kickoff, the tranche's guided sessions 1..n and the closing conversation, created once (idempotent, also
    when two requests race: the unique constraint and ``ignore_conflicts`` keep one row per meeting)."""
    wanted = [(Meeting.Kind.KICKOFF, 0, KICKOFF_MINUTES)]
    wanted += [(Meeting.Kind.SESSION, n, SESSION_MINUTES) for n in range(1, trajectory.tranche.guided_sessions + 1)]
    wanted += [(Meeting.Kind.CLOSING, 0, CLOSING_MINUTES)]
    existing = set(trajectory.meetings.values_list("kind", "number"))
    missing = [Meeting(trajectory=trajectory, kind=kind, number=number, duration_minutes=minutes)
               for kind, number, minutes in wanted if (kind, number) not in existing]
    if missing:
        Meeting.objects.bulk_create(missing, ignore_conflicts=True)
    return list(trajectory.meetings.order_by("planned_start", "pk"))


def _date(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def meeting_window(meeting: Meeting) -> tuple[dt.date, dt.date | None]:
    """The days of the tranche in which ``meeting`` belongs (boundaries included): the kickoff in the kickoff
    period, a guided session in the sessions period, and the closing conversation from the start of the sessions
    on, with no last day (None): it follows the guided sessions, however late the last one is held."""
    tranche = meeting.trajectory.tranche
    if meeting.kind == Meeting.Kind.KICKOFF:
        return tranche.kickoff_starts_on, tranche.kickoff_ends_on
    if meeting.kind == Meeting.Kind.SESSION:
        return tranche.sessions_start_on, tranche.sessions_end_on
    return tranche.sessions_start_on, None


def window_label(meeting: Meeting) -> str:
    """The meeting's period (:func:`meeting_window`) as the pages say it: "1-10-2026 tot en met 31-10-2026", or for
    the closing conversation, which has no last day, "vanaf 1-11-2026"."""
    first, last = meeting_window(meeting)
    if last is None:
        return _("vanaf %(a)s") % {"a": _date(first)}
    return _("%(a)s tot en met %(b)s") % {"a": _date(first), "b": _date(last)}


def window_warning(meeting: Meeting, start: dt.datetime) -> str:
    """A warning (not an error) when a meeting is planned outside its window of the tranche (:func:`meeting_window`)."""
    first, last = meeting_window(meeting)
    day = timezone.localtime(start).date()
    if first <= day and (last is None or day <= last):
        return ""
    if meeting.kind == Meeting.Kind.KICKOFF:
        return _("Let op: het startgesprek valt buiten de periode van de startgesprekken (%(a)s – %(b)s).") % {
            "a": _date(first), "b": _date(last)}
    if meeting.kind == Meeting.Kind.SESSION:
        return _("Let op: deze bijeenkomst valt buiten de periode van de begeleide bijeenkomsten (%(a)s – %(b)s).") % {
            "a": _date(first), "b": _date(last)}
    return _("Let op: het adviesgesprek ligt vóór de periode van de begeleide bijeenkomsten (vanaf %(a)s).") % {
        "a": _date(first)}


# How far before or after its tranche a meeting's date may lie: further is a slip of the year in a date picker
# (0202, 2062), which would mail invitations for it and, in the past, let the meeting be logged as held.
MAX_DAYS_OUTSIDE_TRANCHE = 366


def date_refusal(meeting: Meeting, start: dt.datetime) -> str:
    """Why ``start`` cannot be the date of ``meeting`` ("" when it can): more than a year before the tranche's
    kickoff period or after its sessions period. Closer dates outside the meeting's window only warn
    (:func:`window_warning`). Planning, moving and polls refuse with this one message (services.planning)."""
    tranche = meeting.trajectory.tranche
    first, last = tranche.kickoff_starts_on, tranche.sessions_end_on
    margin = dt.timedelta(days=MAX_DAYS_OUTSIDE_TRANCHE)
    if first - margin <= timezone.localtime(start).date() <= last + margin:
        return ""
    return _("%(slot)s ligt meer dan een jaar vóór of na de periode van de tranche (%(a)s – %(b)s). Controleer het "
             "jaartal.") % {"slot": date_format(timezone.localtime(start), "l j F Y"), "a": _date(first),
                           "b": _date(last)}


def log_locked(meeting: Meeting, claim_is_locked: bool) -> bool:
    """Is this meeting's log the adviser's no more? A guided session's, once the claim over it is approved (finance
    corrects it then); the kickoff and the closing are never paid, so they stay the adviser's."""
    return meeting.kind == Meeting.Kind.SESSION and claim_is_locked


def claim_locked(trajectory: Trajectory, *, for_update: bool = False) -> bool:
    """Is the claim approved (or further)? With ``for_update`` the claim row stays locked until commit, so a
    finance decision cannot slip in between this check and the log that follows (decide locks it too)."""
    claims = ReimbursementClaim.objects.filter(trajectory=trajectory)
    if for_update:
        claims = claims.select_for_update()
    claim = claims.only("status").first()
    return claim is not None and claim.is_locked


def held_refusal(meeting: Meeting, now: dt.datetime | None = None) -> str:
    """Why ``meeting`` cannot be recorded as held yet ("" when it can): only once its planned start has passed. A
    meeting that really took place on another day is moved first, to its real date (cancelling is always possible)."""
    if meeting.planned_start is None:
        return _("Deze bijeenkomst is nog niet gepland. Plan haar eerst op de dag waarop ze is gehouden; daarna "
                 "kunt u haar als gehouden vastleggen.")
    if meeting.planned_start > (now or timezone.now()):
        return _("Deze bijeenkomst begint pas op %(start)s en kan daarom nog niet als gehouden worden vastgelegd. "
                 "Vond ze op een andere dag plaats? Verplaats haar dan eerst naar die datum (Plannen).") % {
            "start": date_format(timezone.localtime(meeting.planned_start), "SHORT_DATETIME_FORMAT")}
    return ""


@dataclass(frozen=True)
class LogEntry:
    status: str
    attendance: dict[int, Decimal]  # member id → hours present
    school_leader_present: bool | None
    ambassador_present: bool | None
    notes: str
    agreed_actions: str
    progress: int | None


def school_leader_missing(meeting: Meeting) -> bool:
    """The school leader was expected (kickoff, session 1, closing) and recorded as absent."""
    return (meeting.status == Meeting.Status.HELD and meeting.expects_school_leader
            and meeting.school_leader_present is False)


def write_log(meeting: Meeting, entry: LogEntry, *, by, reason: str | None = None) -> Meeting:
    """Validate ``entry`` and save it on ``meeting`` (locked by the caller) and its attendance, with ``by`` and
    ``reason`` in their history. Who may write, and when, is the caller's rule: :func:`log_meeting` for the adviser,
    :func:`trajectories.services.claims.correct_meeting` for finance's correction."""
    if entry.status not in (Meeting.Status.HELD, Meeting.Status.CANCELLED):
        raise MeetingError(_("Kies of de bijeenkomst is gehouden of geannuleerd."))
    if entry.status == Meeting.Status.HELD and (refusal := held_refusal(meeting)):
        raise MeetingError(refusal)
    members = set(meeting.trajectory.application.members.values_list("pk", flat=True))
    if set(entry.attendance) - members:
        raise MeetingError(_("Onbekend werkgroeplid."))
    held = entry.status == Meeting.Status.HELD
    hours_by_member = {m: (entry.attendance.get(m) or Decimal("0")) if held else Decimal("0") for m in members}
    for hours in hours_by_member.values():
        if hours > MAX_HOURS_PRESENT:
            raise MeetingError(too_many_hours_message())
        try:
            Attendance._meta.get_field("hours_present").run_validators(hours)
        except ValidationError as exc:
            raise MeetingError(" ".join(exc.messages))
    meeting.status = entry.status
    meeting.school_leader_present = entry.school_leader_present
    meeting.ambassador_present = entry.ambassador_present
    meeting.notes, meeting.agreed_actions, meeting.progress = entry.notes, entry.agreed_actions, entry.progress
    meeting._history_user, meeting._change_reason = by, reason
    meeting.save()
    current = {a.member_id: a for a in meeting.attendances.all()}
    for member_id, hours in hours_by_member.items():
        attendance = current.get(member_id) or Attendance(meeting=meeting, member_id=member_id)
        if attendance.pk and attendance.hours_present == hours:
            continue
        attendance.hours_present = hours
        attendance._history_user, attendance._change_reason = by, reason
        attendance.save()
    if held and meeting.kind == Meeting.Kind.SESSION:
        invite_pulse(meeting)
    return meeting


@transaction.atomic
def log_meeting(meeting: Meeting, entry: LogEntry, *, by) -> Meeting:
    """The adviser records what happened. A guided session's log is refused once the claim is approved: after that
    only finance corrects it, with a reason (:func:`trajectories.services.claims.correct_meeting`). The kickoff and
    the closing are never paid, so their logs stay the adviser's. The claim's amount is not touched: it is computed
    from the logs when read, until approval freezes it. A planned meeting logged as cancelled before its date is
    called off in everyone's calendar (``told_of_cancellation`` on the result: how many were told)."""
    meeting = Meeting.objects.select_for_update().select_related("trajectory__tranche").get(pk=meeting.pk)
    if log_locked(meeting, claim_locked(meeting.trajectory, for_update=True)):
        raise MeetingError(_("De declaratie is goedgekeurd; wijzigingen lopen via financiën, met een reden."))
    meeting.logged_at, meeting.logged_by = timezone.now(), by
    calling_off = meeting.status == Meeting.Status.PLANNED and entry.status == Meeting.Status.CANCELLED
    meeting = write_log(meeting, entry, by=by)
    meeting.told_of_cancellation = 0
    if calling_off:  # as "Bijeenkomst annuleren" does: the calendars of everyone expected let go of it
        meeting.told_of_cancellation = called_off(meeting, upcoming_only=True)
    return meeting


def longer_than_the_meeting(meeting: Meeting) -> list[str]:
    """The members logged with more hours than ``meeting`` lasted (a warning, not an error: a meeting can run late).
    The reimbursement counts at most the tranche's hours per session whatever is logged."""
    length = Decimal(meeting.duration_minutes) / 60
    return [attendance.member.name for attendance in meeting.attendances.select_related("member")
            if attendance.hours_present > length]


def outcome_refusal(trajectory: Trajectory, *, for_update: bool = False) -> str:
    """Why the adviser can no longer record or change the result ("" when they can): the trajectory is finished
    (completed or cancelled). The result is no money: an approved claim does not lock it. The trajectory page asks
    this too, so it only offers "Resultaat vastleggen" when the service would accept it."""
    if trajectory.status in (Trajectory.Status.COMPLETED, Trajectory.Status.CANCELLED):
        return _("Dit traject is %(status)s; het resultaat kan niet meer worden gewijzigd.") % {
            "status": trajectory.get_status_display()}
    return ""


def meeting_state(meeting: Meeting, now: dt.datetime | None = None) -> str:
    """What the adviser needs to know about a meeting, in one word: "unplanned", "upcoming", "awaiting_log" (its
    planned start has passed but nothing was logged), "held" or "cancelled"."""
    if meeting.status != Meeting.Status.PLANNED:
        return meeting.status
    if meeting.planned_start is None:
        return "unplanned"
    return "awaiting_log" if meeting.planned_start <= (now or timezone.now()) else "upcoming"


@transaction.atomic
def record_outcome(trajectory: Trajectory, *, kind: str, summary: str, plan=None, by) -> Trajectory:
    """The result at the end: the good practice implemented, or an implementation plan (an upload checked by the
    caller's form with :func:`lobmatch.uploads.sniff`)."""
    trajectory = Trajectory.objects.select_for_update(of=("self",)).get(pk=trajectory.pk)
    refusal = outcome_refusal(trajectory, for_update=True)
    if refusal:
        raise MeetingError(refusal)
    if kind not in ("implemented", "plan"):
        raise MeetingError(_("Kies het resultaat van het traject."))
    if kind == "plan" and plan is None and not trajectory.outcome_plan:
        raise MeetingError(_("Voeg het implementatieplan toe."))
    trajectory.outcome_kind, trajectory.outcome_summary = kind, summary.strip()
    if plan is not None:
        # The stored name (and so the type it is served with) follows the content, never the uploaded name.
        try:
            extension = ALLOWED[sniff(plan)]
        except ValidationError as exc:
            raise MeetingError(" ".join(exc.messages)) from exc
        previous = trajectory.outcome_plan.name
        trajectory.outcome_plan.save(f"plan-{trajectory.pk}-{secrets.token_hex(8)}.{extension}", plan, save=False)
        if previous:
            transaction.on_commit(lambda: trajectory.outcome_plan.storage.delete(previous))
    trajectory._history_user = by
    trajectory.save(update_fields=["outcome_kind", "outcome_summary", "outcome_plan", "updated_at"])
    return trajectory


def invite_pulse(meeting: Meeting) -> int:
    """One anonymous survey link per working-group member with an email address who was there (logged with hours),
    mailed once (after commit): the survey asks how the meeting was."""
    created = 0
    school = meeting.trajectory.application.school.name
    for member in meeting.trajectory.application.members.exclude(email="").filter(
            attendances__meeting=meeting, attendances__hours_present__gt=0):
        email = member.email.strip().lower()
        invitation, new = PulseInvitation.objects.get_or_create(meeting=meeting, email=email)
        if new:
            created += 1
            enqueue_email(to=[email], template="pulse_invitation",
                          context={"school": school, "role": "member",
                                   "url": reverse("trajectories:pulse", args=[invitation.token])},
                          context_from={"kind": "meeting", "meeting": meeting.pk},
                          dedupe_key=f"pulse:{meeting.pk}:{email}",
                          reason=gettext_noop("u aanwezig was bij een begeleide bijeenkomst van LOB Ambassadeurs"))
    return created


@transaction.atomic
def answer_pulse(token: str, *, useful: int, progress: int, support: int, comment: str,
                 at: dt.datetime | None = None) -> bool:
    """Store an anonymous answer once per invitation, while the survey is open (:func:`pulse_closed`) at the moment
    it is given (``at``: now, or, for the demo data that records a past tranche, the day it was given then); the
    answer is not linked to the invitation or the person."""
    invitation = PulseInvitation.objects.select_for_update(of=("self",)).select_related("meeting").filter(
        token=token, answered=False).first()
    if invitation is None or pulse_closed(invitation.meeting, at):
        return False
    invitation.answered = True
    invitation.save(update_fields=["answered"])
    PulseResponse.objects.create(meeting_id=invitation.meeting_id, useful=useful, progress=progress, support=support,
                                 comment=comment.strip()[:2000])
    return True


MIN_PULSE_ANSWERS = 3


PULSE_OPEN = dt.timedelta(days=14)


def pulse_closed(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """Two weeks after the session its survey closes: the averages are shown from then on, so an answer taken
    later would be read off the change in them (a report downloaded before and after gave the late answer away)."""
    return meeting.planned_start is not None and (now or timezone.now()) > meeting.planned_start + PULSE_OPEN


def pulse_summaries(meetings, now: dt.datetime | None = None) -> dict[int, dict]:
    """Per meeting: averages only from three answers on, and only once the survey has closed (everyone answered, or
    two weeks after the session): live averages would give away each new answer by difference. Three queries."""
    now = now or timezone.now()
    meetings = list(meetings)
    ids = [m.pk for m in meetings]
    invited = dict(PulseInvitation.objects.filter(meeting_id__in=ids).values_list("meeting_id")
                   .annotate(n=Count("pk")))
    closed = {m.pk for m in meetings if pulse_closed(m, now)}
    rows = PulseResponse.objects.filter(meeting_id__in=ids).values("meeting_id").annotate(
        n=Count("pk"), useful=Avg("useful"), progress=Avg("progress"), support=Avg("support"))
    summaries = {m: {"n": 0, "hidden": True} for m in ids}
    for row in rows:
        meeting_id = row["meeting_id"]
        done = meeting_id in closed or row["n"] >= invited.get(meeting_id, 0)
        if row["n"] >= MIN_PULSE_ANSWERS and done:
            summaries[meeting_id] = {**row, "hidden": False, "comments": []}
        else:
            summaries[meeting_id] = {"n": row["n"], "hidden": True, "open": row["n"] >= MIN_PULSE_ANSWERS}
    visible = [m for m, s in summaries.items() if not s["hidden"]]
    if visible:
        for meeting_id, comment in PulseResponse.objects.filter(meeting_id__in=visible).exclude(comment="") \
                .order_by("?").values_list("meeting_id", "comment"):
            summaries[meeting_id]["comments"].append(comment)
    return summaries


def pulse_summary(meeting: Meeting) -> dict:
    return pulse_summaries([meeting])[meeting.pk]
