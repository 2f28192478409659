"""The reimbursement rule for absence costs (verletkosten), as a pure function of the session logs, and the one
place that reads those logs for it (:func:`from_logs`).

Only the guided sessions count (not the kickoff or the closing conversation), and only when held. In each session
every present working-group member counts ``min(hours_present, max_hours_per_session)``; at most
``max_members_reimbursed`` members count per session, the ones with the most counted hours. The amount is
``hourly_rate × counted hours`` in cents, ROUND_HALF_UP. All numbers come from the tranche, never from code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import Attendance, Meeting

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rules:
    hourly_rate: Decimal
    max_hours_per_session: Decimal
    max_members_reimbursed: int
    guided_sessions: int

    @classmethod
    def of(cls, tranche) -> Rules:
        return cls(tranche.hourly_rate, tranche.max_hours_per_session, tranche.max_members_reimbursed,
                   tranche.guided_sessions)

    @property
    def cap(self) -> Decimal:
        return money(self.hourly_rate * self.max_hours_per_session * self.max_members_reimbursed
                     * self.guided_sessions)


@dataclass(frozen=True)
class Presence:
    member_id: int
    name: str
    hours: Decimal


@dataclass(frozen=True)
class Session:
    number: int
    held: bool
    presences: tuple[Presence, ...] = ()


@dataclass(frozen=True)
class Line:
    session: int
    member_id: int
    name: str
    hours: Decimal
    counted: Decimal
    amount: Decimal
    reimbursed: bool
    note: str = ""

    def as_dict(self) -> dict:
        return {"session": self.session, "member_id": self.member_id, "name": self.name, "hours": str(self.hours),
                "counted": str(self.counted), "amount": str(self.amount), "reimbursed": self.reimbursed,
                "note": self.note}

    @classmethod
    def from_dict(cls, line: dict) -> Line:
        """A line as frozen on an approved claim (JSON keeps the numbers as text)."""
        return cls(int(line["session"]), int(line.get("member_id") or 0), line["name"], Decimal(line["hours"]),
                   Decimal(line["counted"]), Decimal(line["amount"]), line.get("reimbursed", True),
                   line.get("note", ""))


@dataclass
class Calculation:
    lines: list[Line] = field(default_factory=list)
    counted_hours: Decimal = Decimal("0")
    amount: Decimal = Decimal("0.00")


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def calculate(rules: Rules, sessions: list[Session]) -> Calculation:
    result = Calculation()
    for session in sorted(sessions, key=lambda s: s.number):
        if not session.held or not 1 <= session.number <= rules.guided_sessions:
            continue
        present = [p for p in session.presences if p.hours > 0]
        ranked = sorted(present, key=lambda p: (-min(p.hours, rules.max_hours_per_session), p.name, p.member_id))
        for position, presence in enumerate(ranked):
            counted = min(presence.hours, rules.max_hours_per_session)
            reimbursed = position < rules.max_members_reimbursed
            note = ""
            if presence.hours > rules.max_hours_per_session:
                note = "max_hours"
            if not reimbursed:
                counted, note = Decimal("0"), "max_members"
            result.lines.append(Line(session.number, presence.member_id, presence.name, presence.hours, counted,
                                     money(rules.hourly_rate * counted), reimbursed, note))
            result.counted_hours += counted
    result.amount = money(rules.hourly_rate * result.counted_hours)
    return result


def sessions_from_logs(meetings) -> list[Session]:
    """The guided sessions as the adviser logged them: their attendance as the caller prefetched it (``attendances``
    with their members, as the trajectory page does), else read in one query."""
    meetings = [m for m in meetings if m.kind == Meeting.Kind.SESSION]
    by_meeting: dict[int, list[Presence]] = {}
    if meetings and all("attendances" in getattr(m, "_prefetched_objects_cache", ()) for m in meetings):
        attendances = [a for m in meetings for a in m.attendances.all()]
    else:
        attendances = Attendance.objects.filter(meeting__in=meetings).select_related("member")
    for a in attendances:
        by_meeting.setdefault(a.meeting_id, []).append(Presence(a.member_id, a.member.name, a.hours_present))
    return [Session(m.number, m.status == Meeting.Status.HELD, tuple(by_meeting.get(m.pk, ()))) for m in meetings]


def from_logs(trajectory, meetings=None) -> tuple[Rules, Calculation]:
    """The amount and its lines as the logs of ``trajectory`` give them now: the only computation of the money.
    Only the guided sessions are read (the kickoff and the closing never count). Two queries; pass ``meetings``
    when the caller has them already."""
    rules = Rules.of(trajectory.tranche)
    if meetings is None:
        meetings = trajectory.meetings.filter(kind=Meeting.Kind.SESSION)
    return rules, calculate(rules, sessions_from_logs(meetings))
