"""The school's claim for one trajectory: the calculation line by line, the submit form and a CSV download.

Finance reads the same page (read-only). Another school's claim is a 404: the selectors decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lobmatch import confirm
from lobmatch.countries import country_name
from lobmatch.models import Role
from lobmatch.roles import has_role
from lobmatch.templatetags.lobmatch import format_money
from lobmatch.templatetags.lobmatch import iban as iban_groups
from lobmatch.workflow import status_history

from .. import selectors
from ..forms import ClaimSubmitForm
from ..models import ReimbursementClaim
from ..services import claims as service


def _own_trajectory(request, pk):
    # Only the tranche (a new claim takes its rate and cap); the page reads the rest with the claim.
    return get_object_or_404(selectors.trajectories_for(request.user).select_related(None).select_related("tranche")
                             .prefetch_related(None).filter(application__created_by=request.user), pk=pk)


def _claim_for(request, pk) -> tuple[ReimbursementClaim, bool]:
    """(claim, the user is the school that may submit it). The school's claim exists from its first visit on."""
    if has_role(request.user, Role.FINANCE):
        return get_object_or_404(selectors.claims_for(request.user), trajectory_id=pk), False
    return service.ensure_claim(_own_trajectory(request, pk)), True


def _page(request, claim, form, is_school, status=200):
    # What the page shows (not the adviser: two joins more cost PostgreSQL more to plan than the query takes to run)
    claim = ReimbursementClaim.objects.select_related("trajectory__application__school", "trajectory__tranche",
                                                      "trajectory__adviser__user").get(pk=claim.pk)
    shared_with = [] if is_school else selectors.shared_with(claim, selectors.schools_sharing_ibans([claim.iban]))
    can_submit = is_school and claim.status in ReimbursementClaim.OPEN_TO_SCHOOL
    calc = service.breakdown(claim)
    rules, money = service.money(claim, logs=(calc.rules, calc.calculation))
    return render(request, "trajectories/claim_detail.html", {
        "claim": claim, "trajectory": claim.trajectory, "form": form, "breakdown": calc, "rules": rules,
        "money": money,
        # The claim states the amount the school submitted, frozen at approval: finance sees when the logs now give
        # another (approving approves what the logs give).
        "differs": claim.status != ReimbursementClaim.Status.DRAFT and calc.calculation.amount != claim.amount,
        "shared_with": shared_with, "account_abroad": service.abroad(claim.iban),
        "can_decide": not is_school and claim.status == ReimbursementClaim.Status.SUBMITTED,
        "can_submit": can_submit,
        # until approval the adviser corrects a session's log (services.meetings.log_locked): the school asks them
        "adviser": claim.trajectory.adviser if can_submit else None,
        "not_ready": service.not_ready([s.meeting for s in calc.sessions])
        if claim.status in ReimbursementClaim.OPEN_TO_SCHOOL else "",
        "can_correct_account": is_school and claim.status == ReimbursementClaim.Status.RETURNED,
        "returned": claim.returns.order_by("-recorded_at", "-pk").first()
        if claim.status == ReimbursementClaim.Status.RETURNED else None,
        "history": status_history(claim),
        "is_finance": not is_school, "is_school": is_school, "labels": dict(ReimbursementClaim.Status.choices),
    }, status=status)


@login_required
@require_GET
def claim_detail(request, pk):
    claim, is_school = _claim_for(request, pk)
    form = ClaimSubmitForm(initial={"iban": claim.iban, "account_holder": claim.account_holder})
    return _page(request, claim, form, is_school)


@login_required
@require_POST
def claim_submit(request, pk):
    """The school's one form on its claim: submit it, or, after the bank sent the transfer back, correct the account."""
    claim = service.ensure_claim(_own_trajectory(request, pk))
    returned = claim.status == ReimbursementClaim.Status.RETURNED
    if claim.status not in ReimbursementClaim.OPEN_TO_SCHOOL and not returned:
        # a second tab, or a second tap: it went in the first time, which is no error
        messages.info(request, _("Deze declaratie is al ingediend op %(at)s.") % {
            "at": date_format(timezone.localtime(claim.submitted_at), "j F Y, H:i")} if claim.submitted_at
            else _("Deze declaratie is al ingediend."))
        return redirect("trajectories:claim_detail", pk=pk)
    form = ClaimSubmitForm(request.POST)
    step = confirm.step(request)
    if step == confirm.CHANGE:  # back from the question: the form as typed
        return _page(request, claim, form, True)
    if form.is_valid():
        typed = {"iban": form.cleaned_data["iban"], "account_holder": form.cleaned_data["account_holder"]}
        try:
            if returned:
                service.correct_account(claim, **typed, by=request.user)
            elif step == confirm.CONFIRM:
                service.submit_claim(claim, **typed, by=request.user, amount=form.cleaned_data["amount"])
            else:  # checked as submitting checks it; asked only when it can go in
                return _confirm_submit(request, claim, form, service.check_submission(claim, **typed))
        except service.ClaimError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Uw rekeninggegevens zijn bijgewerkt; de financiële administratie maakt het "
                                        "bedrag opnieuw over.") if returned
                             else _("Uw declaratie is ingediend bij de financiële administratie."))
            return redirect("trajectories:claim_detail", pk=pk)
    return _page(request, claim, form, True)


def _confirm_submit(request, claim, form, submission: service.Submission):
    amount = format_money(submission.amount)
    account = iban_groups(submission.iban)
    if country := service.abroad(submission.iban):
        account += " (%s)" % (_("buitenlandse rekening: %(country)s") % {"country": country_name(country)})
    return confirm.confirmation_page(
        request, title=_("Declaratie indienen: controleren"),
        question=_("De declaratie van %(amount)s indienen? Daarna beoordeelt de financiële administratie haar; "
                   "bedrag en rekening kunt u dan niet meer wijzigen.") % {"amount": amount},
        facts=[(_("Bedrag"), amount), (_("IBAN"), account), (_("Tenaamstelling"), submission.account_holder),
               (_("Traject"), f"{claim.trajectory.application.school.name} · {claim.trajectory.tranche}")],
        keep={"iban": form.data.get("iban", ""), "account_holder": form.data.get("account_holder", ""),
              "amount": str(submission.amount)},
        confirm_label=_("Declaratie indienen"), change_anchor="indienen")


@login_required
@require_GET
def claim_csv(request, pk):
    claim, _is_school = _claim_for(request, pk)
    response = HttpResponse(service.claim_csv_bytes(claim), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="declaratie-{claim.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
