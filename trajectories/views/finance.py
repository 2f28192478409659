"""The school's claim, and finance's queue, decisions, export batches and payments."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lobmatch.models import Role, Tranche
from lobmatch.roles import has_role
from lobmatch.uploads import serve_file

from .. import selectors
from ..forms import ClaimSubmitForm, DecisionForm
from ..models import ExportBatch, ReimbursementClaim
from ..services import claims as claim_service
from ..services import exports as export_service


def _require_finance(request):
    if not has_role(request.user, Role.FINANCE):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def claim_detail(request, pk):
    """The school's claim for one trajectory: the calculation line by line and the submit form."""
    trajectory = get_object_or_404(selectors.trajectories_for(request.user).filter(
        application__created_by=request.user), pk=pk) if not has_role(request.user, Role.FINANCE) else None
    if trajectory is None:
        claim = get_object_or_404(selectors.claims_for(request.user), trajectory_id=pk)
    else:
        claim = claim_service.refresh_claim(trajectory)
    form = ClaimSubmitForm(request.POST or None, initial={"iban": claim.iban, "account_holder": claim.account_holder})
    if request.method == "POST":
        if trajectory is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                claim_service.submit_claim(claim, iban=form.cleaned_data["iban"],
                                           account_holder=form.cleaned_data["account_holder"], by=request.user)
            except claim_service.ClaimError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Uw declaratie is ingediend bij de financiële administratie."))
                return redirect("trajectories:claim_detail", pk=pk)
    claim.refresh_from_db()
    return render(request, "trajectories/claim_detail.html", {
        "claim": claim, "trajectory": claim.trajectory, "form": form,
        "can_submit": trajectory is not None and claim.status in ("draft", "rejected"),
        "sessions": sorted({line["session"] for line in claim.lines}),
    })


@login_required
@require_GET
def finance_claims(request):
    _require_finance(request)
    qs = selectors.claims_for(request.user).exclude(status=ReimbursementClaim.Status.DRAFT)
    status = request.GET.get("status", "submitted")
    tranche = request.GET.get("tranche", "")
    if status in ReimbursementClaim.Status.values:
        qs = qs.filter(status=status)
    if tranche.isdigit():
        qs = qs.filter(trajectory__tranche_id=int(tranche))
    totals = qs.aggregate(n=Count("pk"), amount=Sum("amount"))
    page = Paginator(qs.order_by("submitted_at", "pk"), 50).get_page(request.GET.get("page"))
    approved = ReimbursementClaim.objects.filter(status=ReimbursementClaim.Status.APPROVED).aggregate(
        n=Count("pk"), amount=Sum("amount"))
    return render(request, "trajectories/finance_claims.html", {
        "page": page, "totals": totals, "status": status, "tranche": tranche, "approved": approved,
        "statuses": ReimbursementClaim.Status.choices, "tranches": Tranche.objects.all(),
        "form": DecisionForm(),
    })


@login_required
@require_POST
def finance_decide(request, pk):
    _require_finance(request)
    claim = get_object_or_404(selectors.claims_for(request.user), pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        claim_service.decide(claim, approve=request.POST.get("decision") == "approve",
                             reason=form.cleaned_data.get("reason", ""), by=request.user)
    except claim_service.ClaimError as exc:
        messages.error(request, f"{claim}: {exc}")
    else:
        messages.success(request, _("Besluit vastgelegd voor %(claim)s.") % {"claim": claim})
    return redirect("trajectories:finance_claims")


@login_required
@require_http_methods(["GET", "POST"])
def finance_batches(request):
    _require_finance(request)
    if request.method == "POST":
        try:
            batch = export_service.create_batch(by=request.user)
        except export_service.ExportError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Betaalbestand %(ref)s gemaakt met %(n)s declaraties.")
                             % {"ref": batch.reference, "n": batch.claim_count})
        return redirect("trajectories:finance_batch_list")
    batches = ExportBatch.objects.select_related("created_by").annotate(
        paid=Count("claims", filter=Q(claims__status="paid")))
    approved = ReimbursementClaim.objects.filter(status="approved").aggregate(n=Count("pk"), amount=Sum("amount"))
    return render(request, "trajectories/finance_batches.html", {
        "batches": batches, "approved": approved or {"n": 0, "amount": Decimal("0")}})


FORMATS = {"csv": ("csv_file", "text/csv"),
           "xlsx": ("xlsx_file", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
           "sepa": ("sepa_file", "application/xml")}


@login_required
@require_GET
def finance_batch_download(request, pk, fmt):
    _require_finance(request)
    batch = get_object_or_404(ExportBatch, pk=pk)
    if fmt not in FORMATS:
        raise PermissionDenied
    field, mime = FORMATS[fmt]
    extension = "xml" if fmt == "sepa" else fmt
    return serve_file(getattr(batch, field), filename=f"{batch.reference}.{extension}", content_type=mime)


@login_required
@require_POST
def finance_mark_paid(request, pk):
    _require_finance(request)
    batch = get_object_or_404(ExportBatch, pk=pk)
    n = export_service.mark_paid(batch, by=request.user)
    messages.success(request, _("%(n)s declaraties gemarkeerd als betaald.") % {"n": n})
    return redirect("trajectories:finance_batch_list")
