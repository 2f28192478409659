"""Trajectory pages for the pair and the adviser: schedule, session logs, .ics files, pulse survey."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lobmatch.models import Role
from lobmatch.roles import has_role

from .. import selectors
from ..forms import MeetingLogForm, PulseForm, ScheduleForm
from ..ics import meeting_ics
from ..models import Attendance, Meeting, ReimbursementClaim
from ..services import meetings as service


@login_required
@require_GET
def adviser_list(request):
    if not has_role(request.user, Role.ADVISER):
        raise PermissionDenied
    trajectories = selectors.trajectories_logged_by(request.user).prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.order_by("planned_start", "pk"))
    ).order_by("-tranche__number", "application__school__name")
    return render(request, "trajectories/adviser_list.html", {"trajectories": trajectories})


@login_required
@require_GET
def trajectory_detail(request, pk):
    trajectory = get_object_or_404(selectors.trajectories_for(request.user), pk=pk)
    is_adviser = trajectory.adviser.user_id == request.user.pk
    if is_adviser:
        service.ensure_meetings(trajectory)
    meetings = trajectory.meetings.order_by("planned_start", "kind", "number").prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.select_related("member")))
    claim = ReimbursementClaim.objects.filter(trajectory=trajectory).first()
    return render(request, "trajectories/trajectory_detail.html", {
        "trajectory": trajectory, "meetings": meetings, "is_adviser": is_adviser, "claim": claim,
        "is_school": trajectory.application.created_by_id == request.user.pk,
        "pulse": {m.pk: service.pulse_summary(m) for m in meetings if is_adviser and m.kind == Meeting.Kind.SESSION},
    })


def _adviser_meeting(request, pk) -> Meeting:
    return get_object_or_404(
        Meeting.objects.filter(trajectory__in=selectors.trajectories_logged_by(request.user).values("pk"))
        .select_related("trajectory__tranche", "trajectory__application__school"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_schedule(request, pk):
    meeting = _adviser_meeting(request, pk)
    initial = {"duration_minutes": meeting.duration_minutes, "location": meeting.location}
    if meeting.planned_start:
        from django.utils import timezone

        initial["start"] = timezone.localtime(meeting.planned_start)
    form = ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            warning = service.schedule(meeting, start=form.cleaned_data["start"],
                                       duration_minutes=form.cleaned_data["duration_minutes"],
                                       location=form.cleaned_data["location"], by=request.user)
        except service.MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            if warning:
                messages.warning(request, warning)
            messages.success(request, _("De bijeenkomst is ingepland."))
            return redirect("trajectories:trajectory_detail", pk=meeting.trajectory_id)
    return render(request, "trajectories/meeting_schedule.html", {"meeting": meeting, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_log(request, pk):
    meeting = _adviser_meeting(request, pk)
    members = meeting.trajectory.application.members.all()
    locked = service.claim_locked(meeting.trajectory)
    form = MeetingLogForm(request.POST or None, members=members, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            service.log_meeting(meeting, form.entry(), by=request.user)
        except service.MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Het verslag is opgeslagen."))
            if meeting.expects_school_leader and form.entry().school_leader_present is False:
                messages.warning(request, _("De schoolleider was afwezig bij een bijeenkomst waar hij of zij "
                                            "verwacht werd. Bespreek dit met de projectleider."))
            return redirect("trajectories:trajectory_detail", pk=meeting.trajectory_id)
    return render(request, "trajectories/meeting_log.html", {"meeting": meeting, "form": form, "locked": locked})


@login_required
@require_GET
def meeting_ics_view(request, pk):
    meeting = get_object_or_404(selectors.meetings_for(request.user).exclude(planned_start=None), pk=pk)
    filename, content, mimetype = meeting_ics(meeting)
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def pulse(request, token):
    from ..models import PulseInvitation

    invitation = get_object_or_404(PulseInvitation.objects.select_related("meeting__trajectory__application__school"),
                                   token=token)
    if invitation.used_at:
        return render(request, "trajectories/pulse_done.html", {"already": True})
    form = PulseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service.answer_pulse(token, **form.cleaned_data)
        return render(request, "trajectories/pulse_done.html", {"already": False})
    return render(request, "trajectories/pulse.html", {"form": form, "meeting": invitation.meeting})

