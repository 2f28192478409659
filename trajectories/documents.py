"""Data for the PDF reports and the staff dashboard, gathered in a constant number of queries.

Entry points (the bench helper and the background tasks call these):

- :func:`render_trajectory_report` ``(trajectory) -> bytes``: pair, adviser, meetings, attendance, progress over
  time, pulse aggregates (only from three answers), outcome;
- :func:`render_claim_statement` ``(claim) -> bytes``: the calculation line by line, IBAN masked;
- :func:`render_tranche_overview` ``(tranche) -> bytes``: the figures of :func:`tranche_figures` with charts;
- :func:`trajectory_reports` ``(queryset, chunk) -> iterator of (trajectory, bytes)`` for the zip of a tranche.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ambassadors.models import GoodPractice
from lobmatch.charts import BLUE, ORANGE, Series, bar_chart, line_chart
from lobmatch.models import Province, Theme, Tranche
from lobmatch.pdf import render_pdf
from lobmatch.templatetags.lobmatch import format_money, hours
from partners.models import PartnerApplication, Preference, WorkingGroupMember

from .models import Attendance, Meeting, ReimbursementClaim, Trajectory
from .selectors import trajectory_counts
from .services.claims import money as claim_money
from .services.matching import SEAT_STATUSES
from .services.meetings import MIN_PULSE_ANSWERS

MEETING_ORDER = {Meeting.Kind.KICKOFF: 0, Meeting.Kind.SESSION: 1, Meeting.Kind.CLOSING: 2}
LIVE_APPLICATION = ~Q(status__in=[PartnerApplication.Status.DRAFT, PartnerApplication.Status.WITHDRAWN])


def meeting_label(kind: str, number: int) -> str:
    if kind == Meeting.Kind.KICKOFF:
        return _("Startgesprek")
    if kind == Meeting.Kind.CLOSING:
        return _("Adviesgesprek")
    return _("Bijeenkomst %(n)s") % {"n": number}


# --- Trajectory report --------------------------------------------------------------------------------------------

@dataclass
class MeetingRow:
    meeting: Meeting
    label: str
    hours: dict[int, Decimal] = field(default_factory=dict)  # member id -> hours present
    pulse: dict | None = None

    @property
    def present(self) -> int:
        return sum(1 for h in self.hours.values() if h > 0)


@dataclass
class TrajectoryReport:
    trajectory: Trajectory
    meetings: list[MeetingRow]
    members: list[WorkingGroupMember]

    @property
    def attendance_meetings(self) -> list[MeetingRow]:
        """The columns of the working group's attendance: the guided sessions, where the group is expected and its
        hours are paid, and a kickoff or closing only where the adviser logged a member present (the log's hours
        start at 0, which said nothing about a meeting the group was not asked to)."""
        return [row for row in self.meetings if row.meeting.kind == Meeting.Kind.SESSION or row.present]

    @property
    def attendance_rows(self) -> list[dict]:
        """One row per member: the hours per meeting of :attr:`attendance_meetings` (None where the meeting was not
        held or the member not recorded) and the total."""
        columns = self.attendance_meetings
        rows = []
        for member in self.members:
            cells = [row.hours.get(member.pk) if row.meeting.status == Meeting.Status.HELD else None
                     for row in columns]
            rows.append({"member": member, "cells": cells, "total": sum((c or Decimal(0)) for c in cells)})
        return rows

    @property
    def held(self) -> list[MeetingRow]:
        return [row for row in self.meetings if row.meeting.status == Meeting.Status.HELD]

    def progress_chart(self):
        rows = self.meetings
        adviser = [row.meeting.progress for row in rows]
        group = [row.pulse["progress"] if row.pulse and not row.pulse["hidden"] else None for row in rows]
        series = [Series(_("Voortgangsmeter adviseur"), adviser, BLUE)]
        if any(v is not None for v in group):
            series.append(Series(_("Peiling werkgroep (gemiddelde voortgang)"), group, ORANGE))
        if not any(v is not None for s in series for v in s.values):
            return None
        return line_chart(
            [row.label for row in rows], series, y_min=1, y_max=5, chart_id=f"progress-{self.trajectory.pk}",
            title=_("Voortgang per bijeenkomst"),
            desc=_("Voortgang op een schaal van 1 tot 5 per bijeenkomst: %(points)s.") % {
                "points": "; ".join(f"{row.label}: {row.meeting.progress or '–'}" for row in rows)},
            height=200,
        )


def trajectory_report_data(trajectories: Iterable[Trajectory]) -> list[TrajectoryReport]:
    """The reports of several trajectories in a fixed number of queries, whatever their number (meetings,
    attendance, working groups, pulse aggregates). Trajectories should come with their related objects selected."""
    trajectories = list(trajectories)
    ids = [t.pk for t in trajectories]
    meetings: dict[int, list[Meeting]] = defaultdict(list)
    for m in Meeting.objects.filter(trajectory_id__in=ids):
        meetings[m.trajectory_id].append(m)
    meeting_ids = [m.pk for ms in meetings.values() for m in ms]
    hours: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for a in Attendance.objects.filter(meeting_id__in=meeting_ids).values("meeting_id", "member_id",
                                                                          "hours_present"):
        hours[a["meeting_id"]][a["member_id"]] = a["hours_present"]
    members: dict[int, list[WorkingGroupMember]] = defaultdict(list)
    for member in WorkingGroupMember.objects.filter(application_id__in=[t.application_id for t in trajectories]):
        members[member.application_id].append(member)
    from .services.meetings import pulse_summaries  # one rule for when the pulse may be shown

    pulse = pulse_summaries([m for ms in meetings.values() for m in ms if m.kind == Meeting.Kind.SESSION])
    reports = []
    for t in trajectories:
        ordered = sorted(meetings[t.pk], key=lambda m: (MEETING_ORDER.get(m.kind, 9), m.number, m.pk))
        rows = [MeetingRow(m, meeting_label(m.kind, m.number), hours[m.pk],
                           pulse.get(m.pk, {"n": 0, "hidden": True}) if m.kind == Meeting.Kind.SESSION else None)
                for m in ordered]
        reports.append(TrajectoryReport(t, rows, members[t.application_id]))
    return reports


def report_queryset():
    return Trajectory.objects.select_related(
        "tranche", "application__school", "practice__ambassador__school", "adviser__user")


def _render_trajectory(report: TrajectoryReport, *, working_group: bool = True) -> bytes:
    return render_pdf("reports/trajectory_report.html", {
        "report": report, "trajectory": report.trajectory, "tranche": report.trajectory.tranche,
        "progress_chart": report.progress_chart(), "printed_at": timezone.now(),
        "min_pulse": MIN_PULSE_ANSWERS, "working_group": working_group,
    })


# The reports are Dutch documents (render_pdf renders them in Dutch): what they show is gathered in Dutch too, or an
# English reader's meeting names, notes and chart legends stood in a Dutch page.
DUTCH = "nl"


@translation.override(DUTCH)
def render_trajectory_report(trajectory: Trajectory, *, working_group: bool = True) -> bytes:
    """The report; without ``working_group`` (for a reader who may not see it, see
    :func:`trajectories.selectors.sees_working_group`) it has no attendance hours of the working group's members."""
    [report] = trajectory_report_data(report_queryset().filter(pk=trajectory.pk))
    return _render_trajectory(report, working_group=working_group)


def trajectory_report_filename(trajectory: Trajectory) -> str:
    school = slugify(trajectory.application.school.name if trajectory.application.school_id else "school")
    return f"trajectrapport-{trajectory.tranche.number}-{school}-{trajectory.pk}.pdf"


def trajectory_reports(queryset, chunk: int = 100) -> Iterator[tuple[Trajectory, bytes]]:
    """Render the reports of many trajectories, gathering data per chunk (memory stays flat)."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        # (in Dutch, but not around the yield: between the reports the caller's language stays the caller's)
        with translation.override(DUTCH):
            reports = trajectory_report_data(report_queryset().filter(pk__in=ids[start:start + chunk]).order_by("pk"))
        for report in reports:
            with translation.override(DUTCH):
                content = _render_trajectory(report)
            yield report.trajectory, content


# --- Claim statement ----------------------------------------------------------------------------------------------

def mask_iban(iban: str) -> str:
    """Everything but the last four characters hidden, grouped in fours from the right: ``•• •••• … 4300``."""
    compact = "".join((iban or "").split()).upper()
    if len(compact) <= 4:
        return compact
    masked = "•" * (len(compact) - 4) + compact[-4:]
    groups = []
    while masked:
        groups.insert(0, masked[-4:])
        masked = masked[:-4]
    return " ".join(groups)


NOTES = {
    "max_hours": lambda rules: _("max. %(h)s uur per bijeenkomst") % {"h": hours(rules.max_hours_per_session)},
    "max_members": lambda rules: _("niet vergoed: max. %(n)s leden per bijeenkomst") % {
        "n": rules.max_members_reimbursed},
}


def claim_statement_data(claim: ReimbursementClaim) -> dict:
    """The calculation as frozen on the claim at approval, or before that as the logs give it now (nothing saved).
    The total is always ``hourly_rate × counted hours`` = the claim's amount."""
    trajectory = claim.trajectory
    rules, calc = claim_money(claim)
    amount, counted = calc.amount, calc.counted_hours
    sessions: dict[int, dict] = {}
    for line in calc.lines:
        s = sessions.setdefault(line.session, {"number": line.session, "lines": [],
                                               "hours": Decimal(0), "amount": Decimal(0)})
        note = NOTES[line.note](rules) if line.note in NOTES else ""
        row = {"name": line.name, "hours": line.hours, "counted": line.counted,
               "amount": line.amount, "reimbursed": line.reimbursed, "note": note}
        s["lines"].append(row)
        s["hours"] += row["counted"]
        s["amount"] += row["amount"]
    line_total = sum((s["amount"] for s in sessions.values()), Decimal("0.00"))
    return {
        "claim": claim, "trajectory": trajectory, "tranche": trajectory.tranche, "rules": rules,
        "sessions": [sessions[k] for k in sorted(sessions)], "counted_hours": counted, "amount": amount,
        "rounding": amount - line_total, "iban_masked": mask_iban(claim.iban), "cap": claim.cap_amount,
        "returns": list(claim.returns.select_related("batch").order_by("recorded_at", "pk")),
    }


@translation.override(DUTCH)
def render_claim_statement(claim: ReimbursementClaim) -> bytes:
    claim = ReimbursementClaim.objects.select_related(
        "trajectory__tranche", "trajectory__application__school", "trajectory__practice__ambassador__school",
        "trajectory__adviser__user", "decided_by", "batch").get(pk=claim.pk)
    return render_pdf("reports/claim_statement.html", {**claim_statement_data(claim), "printed_at": timezone.now()})


# --- Tranche figures: the overview PDF and the staff dashboard ------------------------------------------------------

@dataclass
class Figure:
    """One chart with the numbers behind it (rows of label + values), so pages can show both."""

    key: str
    title: str
    desc: str
    columns: list[str]
    rows: list[tuple[str, list]]
    money: bool = False
    extra: tuple[str, list] | None = None  # a column shown in the table only (e.g. the number of claims)

    def chart(self, prefix: str = "", width: int = 640):
        if not self.rows:
            return None
        labels = [label for label, _values in self.rows]
        series = [Series(col, [values[i] for _label, values in self.rows]) for i, col in enumerate(self.columns)]
        fmt = (lambda v: format_money(v).replace("\u00a0", " ")) if self.money else None
        return bar_chart(labels, series, title=self.title, desc=self.desc, chart_id=f"{prefix}{self.key}",
                         width=width, value_format=fmt)

    @property
    def table_columns(self) -> list[str]:
        return self.columns + ([self.extra[0]] if self.extra else [])

    @property
    def table_rows(self) -> list[tuple[str, list]]:
        """The rows with the table-only column appended (money columns first, then counts)."""
        if not self.extra:
            return self.rows
        return [(label, [*values, self.extra[1][i]]) for i, (label, values) in enumerate(self.rows)]

    @property
    def totals(self) -> list:
        return [sum((values[i] or 0) for _label, values in self.rows) for i in range(len(self.columns))]


@dataclass
class TrancheFigures:
    tranche: Tranche
    applications: dict[str, int]
    live_applications: int
    kpis: list[tuple[str, str]]
    figures: list[Figure]
    first_choice: int
    trajectories: dict[str, int]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def _count(n: int) -> str:
    return number_format(n, use_l10n=True, force_grouping=True)


def _status_label(choices, value) -> str:
    return str(dict(choices).get(value, value))


def tranche_figures(tranche: Tranche) -> TrancheFigures:
    """Every number of the overview in eight queries (nine once a trajectory was cancelled), whatever the size of
    the tranche."""
    # The applications counted once, by status and province together: one pass over the tranche's rows, where a
    # query per figure read its 10,000 rows twice. COUNT(*), not COUNT(id): then the count needs no column outside
    # the index application_tranche_counts, and PostgreSQL reads that index only.
    by_status: dict[str, int] = defaultdict(int)
    per_province: dict[str | None, list[int]] = {}
    for status, province, n in (PartnerApplication.objects.filter(tranche=tranche).order_by()
                                .values_list("status", "school__province").annotate(n=Count("*"))):
        by_status[status] += n
        if status not in ("draft", "withdrawn"):
            counts = per_province.setdefault(province or None, [0, 0])  # (no province: "onbekend")
            counts[0] += n
            counts[1] += n if status == "matched" else 0
    live = sum(n for s, n in by_status.items() if s not in ("draft", "withdrawn"))
    provinces = Figure(
        "provinces", _("Aanmeldingen per provincie"),
        _("Ingediende aanmeldingen en daarvan gekoppelde scholen per provincie."),
        [_("aanmeldingen"), _("gekoppeld")],
        [(label, per_province[code]) for code, label in Province.choices
         if code in per_province] + ([(_("onbekend"), per_province[None])] if None in per_province else []),
    )

    # An application has one first choice and a practice names a theme once, so a theme's count is the sum of the
    # first choices of its practices: counted per practice (a few hundred rows), not per (application, theme).
    first_choices = dict(
        Preference.objects.filter(rank=1, application__tranche=tranche)
        .filter(application__status__in=[s for s in PartnerApplication.Status.values
                                         if s not in ("draft", "withdrawn")])
        .values_list("practice").annotate(n=Count("*")).order_by())
    theme_counts: dict[int, int] = defaultdict(int)
    for practice_id, theme_id in GoodPractice.themes.through.objects.values_list("goodpractice_id", "theme_id"):
        theme_counts[theme_id] += first_choices.get(practice_id, 0)
    themes = Figure(
        "themes", _("Aanmeldingen per LOB-thema (eerste keuze)"),
        _("Aantal aanmeldingen waarvan de good practice van de eerste keuze dit LOB-thema heeft. Een good practice "
          "kan meerdere thema's hebben, dus de som is groter dan het aantal aanmeldingen."),
        [_("aanmeldingen")],
        [(theme.label, [theme_counts.get(theme.pk, 0)]) for theme in Theme.objects.order_by("order")],
    )

    trajectories = Trajectory.objects.filter(tranche=tranche)
    t_counts = trajectory_counts(tranche)  # the cancelled ones as lapsed proposals and ended matches
    t_status = {key: n for key, _label, n in t_counts}
    # Results are the matches staff decided on (confirmed, published, completed); a proposal is not a result yet.
    settled = trajectories.filter(status__in=SEAT_STATUSES)
    first_choice = settled.filter(Exists(Preference.objects.filter(
        application=OuterRef("application"), practice=OuterRef("practice"), rank=1))).count()
    matched = sum(n for s, n in t_status.items() if s in SEAT_STATUSES)
    proposed = t_status.get(Trajectory.Status.PROPOSED, 0)
    matching = Figure(
        "matching", _("Resultaat van de matching"),
        _("Aanmeldingen naar status en trajecten naar status."),
        [_("aantal")],
        [(_("aanmelding %(status)s") % {"status": _status_label(PartnerApplication.Status.choices, s)},
          [by_status.get(s, 0)])
         for s in ("submitted", "under_review", "matched", "waitlisted", "rejected", "withdrawn")
         if by_status.get(s)]
        + [(_("traject %(status)s") % {"status": label} if key in Trajectory.Status.values else label, [n])
           for key, label, n in t_counts],
    )

    meeting_rows = (Meeting.objects.filter(trajectory__tranche=tranche).exclude(trajectory__status="cancelled")
                    .values("kind", "number", "status").annotate(n=Count("pk")).order_by())
    by_meeting: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in meeting_rows:
        by_meeting[(r["kind"], r["number"])][r["status"]] += r["n"]
    order = ([("kickoff", 0)] + [("session", n) for n in range(1, tranche.guided_sessions + 1)]
             + [("closing", 0)])
    order += sorted(k for k in by_meeting if k not in order)
    sessions = Figure(
        "sessions", _("Bijeenkomsten"),
        _("Gehouden en nog geplande bijeenkomsten per soort, over alle niet-geannuleerde trajecten."),
        [_("gehouden"), _("gepland")],
        [(meeting_label(kind, number), [by_meeting[(kind, number)].get("held", 0),
                                        by_meeting[(kind, number)].get("planned", 0)]) for kind, number in order],
    )

    money_rows = {r["status"]: r for r in ReimbursementClaim.objects.filter(trajectory__tranche=tranche)
                  .values("status").annotate(n=Count("pk"), amount=Sum("amount"), hours=Sum("counted_hours"))
                  .order_by()}
    money_order = ["draft", "submitted", "approved", "exported", "paid", "returned", "rejected"]
    money_order = [s for s in money_order if s in money_rows or s in ("submitted", "approved", "exported", "paid")]
    money = Figure(
        "money", _("Declaraties verletkosten"),
        _("Bedrag van de declaraties per status in euro; goedgekeurd maar nog niet betaald staat onder "
          "'goedgekeurd' en 'in betaalbestand'."),
        [_("bedrag")],
        [(_status_label(ReimbursementClaim.Status.choices, s),
          [money_rows[s]["amount"] or Decimal("0") if s in money_rows else Decimal("0")]) for s in money_order],
        money=True,
        extra=(_("declaraties"), [money_rows[s]["n"] if s in money_rows else 0 for s in money_order]),
    )

    def total(statuses, key="amount"):
        return sum(((money_rows[s][key] or 0) for s in statuses if s in money_rows), Decimal("0"))

    # Approved in all, and how much of it is paid: the status row "goedgekeurd" of the money figure is the part not
    # yet in a payment file, so the sum of every approved claim is named as such (a claim the bank sent back is
    # still approved, and still to be paid).
    approved = total(["approved", "exported", "paid", "returned"])
    paid = total(["paid"])
    held_sessions = sum(by_meeting[("session", n)].get("held", 0) for n in range(1, tranche.guided_sessions + 1))
    kpis = [
        (_("aanmeldingen"), _count(live)),
        (_("trajecten (bevestigd of gepubliceerd)"), _count(matched)),
        *([(_("voorstellen, nog niet bevestigd"), _count(proposed))] if proposed else []),
        (_("eerste keuze gehonoreerd"), _("%(n)s van %(total)s (%(pct)s%%)") % {
            "n": _count(first_choice), "total": _count(matched),
            "pct": round(100 * first_choice / matched) if matched else 0}),
        (_("begeleide bijeenkomsten gehouden"), _count(held_sessions)),
        (_("goedgekeurd in totaal"), format_money(approved)),
        (_("waarvan betaald"), format_money(paid)),
        (_("waarvan nog te betalen"), format_money(approved - paid)),
    ]
    figures = [matching, sessions, money, provinces, themes]
    return TrancheFigures(tranche, by_status, live, kpis, figures, first_choice, t_status)


@translation.override(DUTCH)
def render_tranche_overview(tranche: Tranche) -> bytes:
    figures = tranche_figures(tranche)
    return render_pdf("reports/tranche_overview.html", {
        "figures": figures, "tranche": tranche, "printed_at": timezone.now(),
        "charts": {f.key: f.chart(prefix="pdf-") for f in figures.figures},
    })
