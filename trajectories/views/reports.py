"""PDF downloads, background reports with their progress page, and the staff dashboard.

Who may download what follows the role table: the queryset decides (others' objects give 404); pages of another
role (the dashboard, tranche reports) give 403.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ambassadors.models import GoodPractice
from lobmatch.models import Role, Tranche
from lobmatch.pdf import pdf_response
from lobmatch.roles import has_role
from lobmatch.uploads import serve_file

from .. import reports, selectors
from ..models import GeneratedReport
from ..services import reports as report_service


def _require_staff(request):
    if not has_role(request.user, Role.STAFF):
        raise PermissionDenied


@login_required
@require_GET
def trajectory_report_pdf(request, pk):
    """The trajectory report: everyone who may read the trajectory (school, ambassador, adviser, staff, finance)."""
    trajectory = get_object_or_404(selectors.trajectories_for(request.user), pk=pk)
    return pdf_response(reports.render_trajectory_report(trajectory), reports.trajectory_report_filename(trajectory))


@login_required
@require_GET
def claim_statement_pdf(request, pk):
    """The claim statement of trajectory ``pk``: the school's own claim, and finance."""
    claim = get_object_or_404(selectors.claims_for(request.user), trajectory_id=pk)
    filename = f"declaratie-{claim.trajectory.tranche.number}-{claim.trajectory_id}.pdf"
    return pdf_response(reports.render_claim_statement(claim), filename)


def _tranche_choice(request):
    tranches = list(Tranche.objects.order_by("-number"))
    wanted = request.GET.get("tranche", "")
    chosen = next((t for t in tranches if str(t.pk) == wanted), None)
    if chosen is None and tranches:  # by default the tranche with the most recent activity, not an empty new one
        chosen = selectors.current_tranche()
    return tranches, chosen


@login_required
@require_GET
def dashboard(request):
    """Staff: the figures of one tranche as charts, each with the numbers behind it as a table."""
    _require_staff(request)
    tranches, tranche = _tranche_choice(request)
    context = {"tranches": tranches, "tranche": tranche, "kinds": report_service.KINDS,
               "practices_to_review": GoodPractice.objects.filter(changed_since_review_at__isnull=False).count()}
    if tranche is not None:
        figures = reports.tranche_figures(tranche)
        context.update({
            "figures": figures,
            "charts": [(f, f.chart(prefix="dash-")) for f in figures.figures],
            "recent": GeneratedReport.objects.filter(tranche=tranche).select_related("requested_by")[:5],
        })
    return render(request, "trajectories/dashboard.html", context)


@login_required
@require_POST
def report_request(request, pk, kind):
    _require_staff(request)
    tranche = get_object_or_404(Tranche, pk=pk)
    if kind not in report_service.KINDS:
        raise Http404
    report = report_service.request_report(kind=kind, tranche=tranche, by=request.user)
    return redirect("trajectories:report_status", pk=report.pk)


def _staff_report(request, pk) -> GeneratedReport:
    _require_staff(request)
    return get_object_or_404(GeneratedReport.objects.select_related("tranche"), pk=pk)


def _status_payload(report: GeneratedReport) -> dict:
    done = report.status == GeneratedReport.Status.DONE
    return {
        "status": report.status, "label": str(report.get_status_display()), "progress": report.progress,
        "download_url": reverse("trajectories:report_download", args=[report.pk]) if done else None,
        "failed": report.status == GeneratedReport.Status.FAILED,
    }


@login_required
@require_GET
def report_status(request, pk):
    """The progress page: polled by static/js/report_progress.js; without JavaScript a link refreshes it."""
    report = _staff_report(request, pk)
    report_service.redispatch_if_stale(report)
    return render(request, "trajectories/report_status.html", {
        "report": report, "kind_label": report_service.KINDS.get(report.kind, report.kind),
        "status": _status_payload(report),
    })


@login_required
@require_GET
def report_status_json(request, pk):
    report = _staff_report(request, pk)
    report_service.redispatch_if_stale(report)
    response = JsonResponse(_status_payload(report))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def report_download(request, pk):
    report = _staff_report(request, pk)
    if report.status != GeneratedReport.Status.DONE:
        raise Http404
    filename = report.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    return serve_file(report.file, filename=filename)
