"""PDF downloads: a trajectory report, a claim statement.

Who may download what follows the role table: the queryset decides (others' objects give 404).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from lobmatch.pdf import pdf_response

from .. import documents, selectors


@login_required
@require_GET
def trajectory_report_pdf(request, pk):
    """The trajectory report: everyone who may read the trajectory (school, ambassador, adviser, staff, finance); the
    ambassador's has no working-group hours."""
    trajectory = get_object_or_404(selectors.trajectories_for(request.user), pk=pk)
    content = documents.render_trajectory_report(
        trajectory, working_group=selectors.sees_working_group(request.user, trajectory))
    return pdf_response(content, documents.trajectory_report_filename(trajectory))


@login_required
@require_GET
def claim_statement_pdf(request, pk):
    """The claim statement of trajectory ``pk``: the school's own claim, and finance."""
    claim = get_object_or_404(selectors.claims_for(request.user), trajectory_id=pk)
    filename = f"declaratie-{claim.pk}.pdf"  # the number the payment files and the bank statement give
    return pdf_response(documents.render_claim_statement(claim), filename)
