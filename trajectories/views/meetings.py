"""Trajectory pages for the pair and the adviser: session logs, .ics files, outcome; finance's corrections.

Object access is decided by the selectors: another adviser's meeting or another school's trajectory is a 404."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lobmatch.models import Role
from lobmatch.roles import has_role
from lobmatch.uploads import serve_upload

from .. import reimbursement, selectors
from ..forms import CorrectionForm, MeetingLogForm, OutcomeForm
from ..ics import meeting_ics
from ..models import Attendance, Meeting, ReimbursementClaim, programme_order
from ..services import claims as claim_service
from ..services import meetings as service
from ..services import planning


@login_required
@require_GET
def adviser_list(request):
    """The adviser's trajectories with their meetings and running polls: four queries whatever the number of rows.
    Trajectories with a meeting that has passed but was never logged come first, and in each card those meetings
    come first; a poll everyone has answered asks for a time to be chosen."""
    if not has_role(request.user, Role.ADVISER):
        raise PermissionDenied
    now = timezone.now()
    awaiting = Meeting.objects.filter(trajectory=OuterRef("pk"), status=Meeting.Status.PLANNED, planned_start__lte=now)
    # Only what the cards show. The ambassador's name comes with the good practice in a query of its own: joined
    # into the main query (eight tables, sorted) it took PostgreSQL 6-9 ms to plan a 1 ms query.
    trajectories = selectors.trajectories_logged_by(request.user).select_related(None).select_related(
        "tranche", "application__school"
    ).only(
        "tranche__name", "tranche__number", "application__school__name", "practice", "status"
    ).prefetch_related(
        selectors.practices_apart("ambassador__school__name"),
        Prefetch("meetings", queryset=Meeting.objects.order_by("planned_start", "pk")
                 .only("trajectory_id", "kind", "number", "status", "planned_start")),
    ).annotate(awaiting_log=Exists(awaiting)).order_by(
        "-awaiting_log", "-tranche__number", "application__school__name", "pk")
    page = Paginator(trajectories, 50).get_page(request.GET.get("page"))
    polls = planning.open_polls_of([t.pk for t in page])
    for trajectory in page:
        states = [(service.meeting_state(m, now), m) for m in trajectory.meetings.all()]
        meetings = {m.pk: m for m in trajectory.meetings.all()}
        trajectory.open_polls = [(meetings[poll.meeting_id], poll) for poll in polls.get(trajectory.pk, [])]
        trajectory.awaiting_meetings = [m for state, m in states if state == "awaiting_log"]
        trajectory.next_meeting = next((m for state, m in states if state == "upcoming"), None)
        trajectory.logged_meetings = [m for state, m in states if state in ("held", "cancelled")]
    return render(request, "trajectories/adviser_list.html", {"page": page})


@login_required
@require_GET
def trajectory_detail(request, pk):
    trajectory = get_object_or_404(selectors.trajectories_for(request.user), pk=pk)
    is_adviser = trajectory.adviser.user_id == request.user.pk
    is_school = trajectory.application.created_by_id == request.user.pk
    is_finance = has_role(request.user, Role.FINANCE)
    if is_adviser:
        service.ensure_meetings(trajectory)
    meetings = list(trajectory.meetings.order_by(*programme_order()).prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.select_related("member").order_by("member__order",
                                                                                             "member__pk"))))
    claim = ReimbursementClaim.objects.filter(trajectory=trajectory).first()
    claim_money = None
    if claim is not None:
        claim.trajectory = trajectory  # (read above: not again)
        claim_money = claim_service.money(claim, logs=None if claim.is_locked
                                          else reimbursement.from_logs(trajectory, meetings))[1]
    sessions = [m for m in meetings if m.kind == Meeting.Kind.SESSION]
    now = timezone.now()
    locked = claim is not None and claim.is_locked
    for meeting in meetings:
        meeting.state = service.meeting_state(meeting, now)
        meeting.log_locked = service.log_locked(meeting, locked)
        meeting.window = service.window_label(meeting)  # (said where the meeting still has to be planned)
    return render(request, "trajectories/trajectory_detail.html", {
        "trajectory": trajectory, "meetings": meetings, "claim": claim,
        "claim_money": claim_money,
        "is_adviser": is_adviser, "is_school": is_school, "is_finance": is_finance,
        "show_attendance": selectors.sees_working_group(request.user, trajectory),
        "pulse": service.pulse_summaries(sessions) if is_adviser else {},
        "claim_locked": locked,
        "outcome_refusal": service.outcome_refusal(trajectory) if is_adviser else "",
        "leader_missing": [m for m in meetings if service.school_leader_missing(m)],
        "planning": planning.planning_states(meetings, email=request.user.email),
    })


def _log_page(request, meeting, form, *, locked, correcting=False):
    return render(request, "trajectories/meeting_log.html", {"meeting": meeting, "form": form, "locked": locked,
                                                             "correcting": correcting})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_log(request, pk):
    meeting = get_object_or_404(selectors.meetings_logged_by(request.user), pk=pk)
    members = meeting.trajectory.application.members.all()
    locked = service.log_locked(meeting, service.claim_locked(meeting.trajectory))
    form = MeetingLogForm(request.POST or None, members=members, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            saved = service.log_meeting(meeting, form.entry(), by=request.user)
        except service.MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            if saved.told_of_cancellation:
                messages.success(request, _("De bijeenkomst is als geannuleerd vastgelegd. Iedereen die werd "
                                            "verwacht, krijgt een afmelding die haar uit de agenda haalt."))
            else:
                messages.success(request, _("Het verslag is opgeslagen."))
            if longer := service.longer_than_the_meeting(saved):
                messages.warning(request, ngettext(
                    "%(names)s is langer aanwezig geweest dan de bijeenkomst duurde (%(hours)s uur). Klopt dat?",
                    "%(names)s zijn langer aanwezig geweest dan de bijeenkomst duurde (%(hours)s uur). Klopt dat?",
                    len(longer)) % {"names": ", ".join(longer),
                                    "hours": floatformat(Decimal(saved.duration_minutes) / 60, "-2")})
            if changed := claim_service.changed_since_submitted(saved.trajectory):
                messages.warning(request, changed)
            if service.school_leader_missing(saved):
                messages.warning(request, _("De schoolleider was afwezig bij een bijeenkomst waar hij of zij "
                                            "verwacht werd. Bespreek dit met de projectleider."))
            return redirect("trajectories:trajectory_detail", pk=meeting.trajectory_id)
    return _log_page(request, meeting, form, locked=locked)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_correct(request, pk):
    """Finance only: correct a log after the claim was approved, with a reason kept in the history."""
    if not has_role(request.user, Role.FINANCE):
        raise PermissionDenied
    meeting = get_object_or_404(selectors.meetings_for(request.user).select_related("trajectory__tranche"), pk=pk)
    members = meeting.trajectory.application.members.all()
    form = CorrectionForm(request.POST or None, members=members, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            claim_service.correct_meeting(meeting, form.entry(), by=request.user,
                                          reason=form.cleaned_data["correction_reason"])
        except (service.MeetingError, claim_service.ClaimError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De correctie is opgeslagen en de declaratie is herberekend."))
            return redirect("trajectories:trajectory_detail", pk=meeting.trajectory_id)
    return _log_page(request, meeting, form, locked=False, correcting=True)


@login_required
@require_http_methods(["GET", "POST"])
def trajectory_outcome(request, pk):
    trajectory = get_object_or_404(selectors.trajectories_logged_by(request.user), pk=pk)
    refusal = service.outcome_refusal(trajectory)
    if refusal:
        messages.info(request, refusal)
        return redirect("trajectories:trajectory_detail", pk=trajectory.pk)
    form = OutcomeForm(request.POST or None, request.FILES or None, has_plan=bool(trajectory.outcome_plan),
                       initial={"kind": trajectory.outcome_kind, "summary": trajectory.outcome_summary})
    if request.method == "POST" and form.is_valid():
        try:
            service.record_outcome(trajectory, kind=form.cleaned_data["kind"], summary=form.cleaned_data["summary"],
                                   plan=form.cleaned_data.get("plan"), by=request.user)
        except service.MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Het resultaat van het traject is opgeslagen."))
            return redirect("trajectories:trajectory_detail", pk=trajectory.pk)
    return render(request, "trajectories/outcome.html", {"trajectory": trajectory, "form": form})


@login_required
@require_GET
def outcome_plan(request, pk):
    trajectory = get_object_or_404(selectors.trajectories_for(request.user).exclude(outcome_plan=""), pk=pk)
    return serve_upload(trajectory.outcome_plan, filename=f"implementatieplan-{trajectory.pk}")


@login_required
@require_GET
def meeting_ics_view(request, pk):
    meeting = get_object_or_404(selectors.meetings_for(request.user).exclude(planned_start=None)
                                .select_related("trajectory__practice__ambassador__school"), pk=pk)
    filename, content, mimetype = meeting_ics(meeting)
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
