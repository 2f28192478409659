"""Finance (role-restricted, 403 for everyone else): the claim queue, decisions, export batches and payments."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lobmatch import confirm
from lobmatch.models import Role, Tranche
from lobmatch.roles import has_role
from lobmatch.templatetags.lobmatch import format_money
from lobmatch.templatetags.lobmatch import iban as iban_groups
from lobmatch.uploads import serve_file

from .. import selectors
from ..forms import BatchConfirmForm, DecisionForm, MarkPaidForm, PaymentReturnForm, RepaymentForm, parse_ids
from ..models import ExportBatch, ReimbursementClaim
from ..services import claims as claim_service
from ..services import exports as export_service


def _require_finance(request):
    if not has_role(request.user, Role.FINANCE):
        raise PermissionDenied


ALL = "all"


@login_required
@require_GET
def finance_claims(request):
    """The queue with filters (status, tranche, a search for a number, school or IBAN) and totals: a constant number
    of queries whatever the rows. A search looks in every status unless one is chosen."""
    _require_finance(request)
    search = request.GET.get("q", "")[:100]
    status = request.GET.get("status", ALL if search.strip() else ReimbursementClaim.Status.SUBMITTED)
    if status not in ReimbursementClaim.Status.values:
        status = ALL
    tranche = request.GET.get("tranche", "")
    # "²" is a digit but no number; 10+ digits overflow the column
    tranche_id = int(tranche) if tranche.isdecimal() and len(tranche) < 10 else None
    qs = selectors.finance_queue(request.user, status=None if status == ALL else status, tranche_id=tranche_id,
                                 search=search)
    totals = qs.aggregate(n=Count("pk"), amount=Sum("amount"))
    paginator = Paginator(qs, 50)
    paginator.count = totals["n"]  # counted with the totals just now: no second count
    page = paginator.get_page(request.GET.get("page"))
    shared = selectors.schools_sharing_ibans(c.iban for c in page)
    for claim in page:
        claim.shared_with = selectors.shared_with(claim, shared)
    approved = ReimbursementClaim.objects.filter(status=ReimbursementClaim.Status.APPROVED).aggregate(
        n=Count("pk"), amount=Sum("amount"))
    statuses = [(value, label) for value, label in ReimbursementClaim.Status.choices
                if value != ReimbursementClaim.Status.DRAFT]
    return render(request, "trajectories/finance_claims.html", {
        "page": page, "totals": totals, "status": status, "tranche": tranche, "approved": approved, "q": search,
        "statuses": statuses, "all_status": ALL, "tranches": Tranche.objects.all(), "form": DecisionForm(),
    })


@login_required
@require_POST
def finance_decide(request, pk):
    """Approve (from the claim page, which shows the calculation and the amount; the amount seen is sent along) or
    reject with a reason."""
    _require_finance(request)
    claim = get_object_or_404(selectors.claims_for(request.user), pk=pk)
    form = DecisionForm(request.POST)
    school = claim.trajectory.application.school.name
    if not form.is_valid():  # no decision taken on a missing choice or a reason that is too long
        errors = " ".join(str(e) for field_errors in form.errors.values() for e in field_errors)
        messages.error(request, f"{school}: {errors}")
        return redirect("trajectories:finance_claims")
    try:
        claim = claim_service.decide(claim, approve=form.cleaned_data["decision"] == "approve",
                                     reason=form.cleaned_data["reason"], amount=form.cleaned_data["amount"],
                                     by=request.user)
    except claim_service.ClaimError as exc:
        messages.error(request, f"{school}: {exc}")
        return redirect("trajectories:claim_detail", pk=claim.trajectory_id)
    if claim.status == claim.Status.APPROVED:
        messages.success(request, _("Goedgekeurd: %(amount)s voor %(school)s. De school krijgt bericht; het bedrag "
                                    "gaat mee in het volgende betaalbestand.") % {
            "amount": format_money(claim.amount), "school": school})
    else:
        messages.success(request, _("Afgewezen: de declaratie van %(school)s. De school krijgt bericht met de "
                                    "reden.") % {"school": school})
    return redirect("trajectories:finance_claims")


@login_required
@require_GET
def finance_batches(request):
    _require_finance(request)
    batches = Paginator(selectors.export_batches().order_by("-created_at", "-pk"), 50).get_page(
        request.GET.get("page"))
    approved = ReimbursementClaim.objects.filter(status=ReimbursementClaim.Status.APPROVED).aggregate(
        n=Count("pk"), amount=Sum("amount"))
    return render(request, "trajectories/finance_batches.html", {"batches": batches, "approved": approved})


HOLD = "tegenhouden"  # the preview's query parameter: the ids of the approved claims kept out of this file


def _preview_url(held: set[int]) -> str:
    url = reverse("trajectories:finance_batch_preview")
    return f"{url}?{urlencode({HOLD: ','.join(str(pk) for pk in sorted(held))})}" if held else url


def _preview_page(request, *, held=frozenset(), status=200):
    preview = export_service.preview_batch(held_back=held)
    held = set(preview.held_ids)  # an id that is no longer approved is dropped
    everything = [*preview.claims, *preview.held_back]
    shared = selectors.schools_sharing_ibans(c.iban for c in everything)
    for claim in everything:
        claim.shared_with = selectors.shared_with(claim, shared)
        claim.account_problem = export_service.account_problem(claim.iban, claim.account_holder)
        claim.toggle_url = _preview_url(held ^ {claim.pk})
    form = BatchConfirmForm(initial={"claim_ids": ",".join(str(pk) for pk in preview.claim_ids),
                                     "held_ids": ",".join(str(pk) for pk in preview.held_ids),
                                     "total": preview.total})
    return render(request, "trajectories/finance_batch_preview.html", {
        "preview": preview, "form": form, "shared_count": sum(1 for c in preview.claims if c.shared_with),
        "debtor_name": settings.LOBMATCH_DEBTOR_NAME, "debtor_iban": settings.LOBMATCH_DEBTOR_IBAN,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def finance_batch_preview(request):
    """What the next batch pays (claims, total, payee accounts, accounts that two schools use), and its confirmation:
    the batch is written only for the claims and total that were shown. Finance can keep a claim out of this file
    (an account to check first); it stays approved for the next one."""
    _require_finance(request)
    if request.method == "GET":
        return _preview_page(request, held=set(parse_ids(request.GET.get(HOLD, ""))))
    form = BatchConfirmForm(request.POST)
    held = set(parse_ids(request.POST.get("held_ids", "")))
    try:
        if not form.is_valid():
            raise export_service.ExportError(_("Het voorbeeld is niet meer geldig; bekijk het opnieuw."))
        batch = export_service.create_batch(by=request.user, claim_ids=form.cleaned_data["claim_ids"],
                                            held_ids=form.cleaned_data["held_ids"], total=form.cleaned_data["total"])
    except export_service.AlreadyInBatch as exc:  # confirmed twice: the first one made it
        messages.info(request, str(exc))
        return redirect(exc.batch)
    except export_service.ExportError as exc:
        messages.error(request, str(exc))
        return _preview_page(request, held=held, status=409)
    messages.success(request, ngettext("Betaalbestand %(ref)s gemaakt met %(n)s declaratie.",
                                       "Betaalbestand %(ref)s gemaakt met %(n)s declaraties.", batch.claim_count)
                     % {"ref": batch.reference, "n": batch.claim_count})
    return redirect(batch)


FORMATS = {"csv": ("csv_file", "text/csv; charset=utf-8", "csv"),
           "xlsx": ("xlsx_file", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
           "sepa": ("sepa_file", "application/xml", "xml")}


@login_required
@require_GET
def finance_batch_download(request, pk, fmt):
    """The stored file, byte for byte as written when the batch was made."""
    _require_finance(request)
    batch = get_object_or_404(ExportBatch, pk=pk)
    field, mime, extension = FORMATS[fmt]
    return serve_file(getattr(batch, field), filename=f"{batch.reference}.{extension}", content_type=mime)


@login_required
@require_POST
def finance_mark_paid(request, pk):
    """The open transfers of a batch were paid on the date finance gives (not in the future, not before the batch)."""
    _require_finance(request)
    batch = get_object_or_404(selectors.export_batches(), pk=pk)
    form = MarkPaidForm(request.POST)
    step = confirm.step(request)
    if step == confirm.CHANGE:  # back from the question: the form as typed
        return _batch_page(request, batch, paid_form=form)
    if form.is_valid():
        try:
            if step != confirm.CONFIRM:  # checked as marking paid checks it; asked only when it can be recorded
                return _confirm_paid(request, batch, form, export_service.check_mark_paid(
                    batch, form.cleaned_data["paid_on"]))
            n = export_service.mark_paid(batch, by=request.user, paid_on=form.cleaned_data["paid_on"])
        except export_service.ExportError as exc:
            form.add_error("paid_on", str(exc))
        else:
            day = date_format(form.cleaned_data["paid_on"], "SHORT_DATE_FORMAT")
            if n:
                messages.success(request, ngettext("%(n)s declaratie gemarkeerd als betaald op %(day)s.",
                                                   "%(n)s declaraties gemarkeerd als betaald op %(day)s.", n)
                                 % {"n": n, "day": day})
            else:  # every transfer had come back before this
                messages.success(request, _("Betaaldatum %(day)s vastgelegd bij betaalbestand %(ref)s. De bank had al "
                                            "zijn overboekingen teruggestuurd; die staan bij ‘Teruggeboekt’.")
                                 % {"day": day, "ref": batch.reference})
            return redirect(batch)
    return _batch_page(request, selectors.export_batches().get(pk=batch.pk), paid_form=form, status=400)


def _confirm_paid(request, batch, form, paid_on):
    n = batch.open
    if n:
        question = ngettext("%(n)s overboeking als betaald vastleggen? De school ziet de datum bij haar declaratie; "
                            "dit kunt u niet ongedaan maken.",
                            "%(n)s overboekingen als betaald vastleggen? De scholen zien de datum bij hun declaratie; "
                            "dit kunt u niet ongedaan maken.", n) % {"n": n}
        label = ngettext("Markeer %(n)s overboeking als betaald", "Markeer %(n)s overboekingen als betaald", n) % {
            "n": n}
    else:
        question, label = (_("De betaaldatum van dit bestand vastleggen? Dit kunt u niet ongedaan maken."),
                           _("Betaaldatum vastleggen"))
    return confirm.confirmation_page(
        request, title=_("Betaling vastleggen: controleren"), question=question,
        facts=[(_("Betaalbestand"), batch.reference),
               (_("Datum waarop de bank het bestand heeft uitgevoerd"), date_format(paid_on, "l j F Y")),
               (_("In het bestand"), ngettext("%(n)s overboeking, samen %(amount)s",
                                              "%(n)s overboekingen, samen %(amount)s", batch.claim_count)
                % {"n": batch.claim_count, "amount": format_money(batch.total_amount)})],
        keep={"paid_on": form.data.get("paid_on", "")}, confirm_label=label, change_anchor="betaald")


BATCH_PAGE_ROWS = 50  # transfers per page of a batch: a batch of 5,000 claims rendered whole took seconds


def _batch_page(request, batch, *, bound=None, paid_form=None, status=200):
    """The batch page of ``batch`` (from selectors.export_batches(), with its counts): its transfers 50 at a time,
    the page of ``?page=`` or, for ``bound``, the page of the transfer it names. ``bound`` is a form that failed (its
    prefix names its row), shown with what was typed; ``paid_form`` likewise for the payment date."""
    in_batch = selectors.batch_claims(batch)
    number = request.GET.get("page")
    if bound is not None and bound.prefix.startswith("claim-"):
        number = selectors.batch_claim_position(batch, int(bound.prefix.removeprefix("claim-"))) // BATCH_PAGE_ROWS + 1
    claims = Paginator(in_batch, BATCH_PAGE_ROWS).get_page(number)
    returns = list(batch.returns.select_related("claim__trajectory__application__school", "recorded_by",
                                                "repaid_by").order_by("recorded_at", "pk"))
    rows = {}
    for claim in claims:
        claim.form = PaymentReturnForm(prefix=f"claim-{claim.pk}")
        claim.end_to_end_id = export_service.end_to_end_id(batch.reference, claim.pk)
        rows[claim.form.prefix] = claim
    for payment_return in returns:
        payment_return.form = RepaymentForm(prefix=f"return-{payment_return.pk}",
                                            initial={"iban": payment_return.claim.iban,
                                                     "paid_on": timezone.localdate()})
        payment_return.end_to_end_id = export_service.end_to_end_id(batch.reference, payment_return.claim_id)
        payment_return.changed = payment_return.account_changed(payment_return.claim)
        if payment_return.repaid_at is None:  # (a repaid one shows no form to point an error at)
            rows[payment_return.form.prefix] = payment_return
    if bound is not None and bound.prefix in rows:
        rows[bound.prefix].form = bound
    made_on, latest = export_service.paid_on_bounds(batch, returns)
    return render(request, "trajectories/finance_batch_detail.html", {
        "batch": batch, "claims": claims, "returns": returns, "paid_on": batch.paid_on,
        "paid_form": paid_form or MarkPaidForm(), "made_on": made_on, "latest": latest,
        "returned_first": latest < timezone.localdate(),
        # For whoever must prove a file unchanged; the page shows them folded away under "Technische gegevens".
        "checksums": [(getattr(batch, field).name.rsplit("/", 1)[-1], digest)
                      for field, digest in sorted(batch.checksums.items())],
        # The summary links to the row's field, or says it alone when the row is no longer on this page.
        "error_form": bound if bound is not None else paid_form if paid_form is not None and paid_form.errors
        else None,
        "error_in_table": (bound is not None and bound.prefix in rows) or paid_form is not None,
    }, status=status)


@login_required
@require_GET
def finance_batch_detail(request, pk):
    """One batch: its transfers, which are paid, those the bank sent back and their second transfer by hand."""
    _require_finance(request)
    return _batch_page(request, get_object_or_404(selectors.export_batches(), pk=pk))


@login_required
@require_POST
def finance_record_return(request, pk, claim_pk):
    _require_finance(request)
    batch = get_object_or_404(ExportBatch, pk=pk)
    claim = get_object_or_404(selectors.claims_for(request.user), pk=claim_pk)
    form = PaymentReturnForm(request.POST, prefix=f"claim-{claim.pk}")
    if form.is_valid():
        try:
            export_service.record_return(claim, batch=batch, reason=form.cleaned_data["reason"], by=request.user)
        except export_service.ExportError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, _("Terugboeking vastgelegd voor %(school)s; de school is gemaild om haar "
                                        "rekening te controleren.")
                             % {"school": claim.trajectory.application.school.name})
            return redirect(batch)
    # (counted again: the refused change may have lost to another tab's)
    return _batch_page(request, selectors.export_batches().get(pk=batch.pk), bound=form, status=400)


@login_required
@require_POST
def finance_record_repayment(request, pk, return_pk):
    _require_finance(request)
    batch = get_object_or_404(ExportBatch, pk=pk)
    payment_return = get_object_or_404(batch.returns.select_related("claim__trajectory__application__school"),
                                       pk=return_pk)
    form = RepaymentForm(request.POST, prefix=f"return-{payment_return.pk}")
    if form.is_valid():
        try:
            payment_return = export_service.record_repayment(payment_return, note=form.cleaned_data["note"],
                                                             iban=form.cleaned_data["iban"], by=request.user,
                                                             paid_on=form.cleaned_data["paid_on"])
        except export_service.PaymentDateError as exc:
            form.add_error("paid_on", str(exc))
        except export_service.ExportError as exc:
            # Shown again with the account as it is now (the note as typed), so the next save names that account.
            data = request.POST.copy()
            data[form.add_prefix("iban")] = ReimbursementClaim.objects.values_list("iban", flat=True).get(
                pk=payment_return.claim_id)
            form = RepaymentForm(data, prefix=form.prefix)
            form.is_valid()
            form.add_error("note", str(exc))
        else:
            school = payment_return.claim.trajectory.application.school.name
            messages.success(request, _("Nieuwe overboeking vastgelegd voor %(school)s; de declaratie is betaald.")
                             % {"school": school})
            now = ReimbursementClaim.objects.values_list("iban", "account_holder").get(pk=payment_return.claim_id)
            if now[0] != payment_return.repaid_iban:
                messages.warning(request, _("Vastgelegd als overgemaakt naar %(paid)s, de rekening die u zag. De school "
                                            "heeft haar rekening daarna gewijzigd in %(now)s (%(holder)s): vraag "
                                            "%(school)s of het bedrag is aangekomen.") % {
                    "paid": iban_groups(payment_return.repaid_iban), "now": iban_groups(now[0]), "holder": now[1],
                    "school": school})
            return redirect(batch)
    # (counted again: the refused change may have lost to another tab's)
    return _batch_page(request, selectors.export_batches().get(pk=batch.pk), bound=form, status=400)
