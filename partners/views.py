"""The application pages. Thin: validation in forms, changes in services, scoping in selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lobmatch.pdf import pdf_response
from lobmatch.selectors import current_tranche
from lobmatch.workflow import status_history

from . import pending, selectors, services
from .forms import CHOICES, ApplicationForms
from .models import LONG_TEXT, PartnerApplication
from .pdf import confirmation_filename, render_application_confirmation


@require_http_methods(["GET", "POST"])
def application_form(request, pk=None):
    """Start, resume, save as draft or submit (and, until the deadline, change what was submitted). Anyone may look
    and type; saving needs a verified account."""
    if pk is not None and not request.user.is_authenticated:
        if request.method == "POST":  # e.g. the session ran out while they typed: keep it for after login
            if pending.keep(request, pk):
                messages.info(request, _("Uw sessie was verlopen. Log opnieuw in; wat u invulde, zetten wij daarna "
                                         "terug in het formulier."))
            else:
                messages.warning(request, _("Uw sessie was verlopen. Wat u invulde, was langer dan het formulier "
                                            "toelaat en is niet bewaard. Log opnieuw in."))
        return redirect_to_login(request.path)
    if pk is not None:
        application = get_object_or_404(selectors.own_applications_to_edit(request.user), pk=pk)
        if request.method == "GET" and not services.can_be_changed(application):
            return redirect("partners:status", pk=application.pk)
        # A change posted after the deadline (or after staff decided) goes to the service, which refuses it with
        # the reason: the form shows it with everything that was typed, instead of a status page without a word.
        tranche = application.tranche
    else:
        application, tranche = None, current_tranche()
        if tranche is None:
            raise Http404
    if request.method == "GET":
        return _show(request, application, tranche)
    if not request.user.is_authenticated:
        return _keep_until_logged_in(request)
    return _form_page(request, application, tranche, request.POST,
                      submitting=request.POST.get("action") == "submit")


CHECK = "controleren"  # ?controleren=1: the saved draft shown with what submitting it still needs
AGAIN = "opnieuw"  # ?opnieuw=<pk>: a new application filled in with what the school's withdrawn one said


def _show(request, application: PartnerApplication | None, tranche):
    """The form as saved, or with what was typed before logging in put back once, or (after a refused submit
    saved it as a draft) checked as a submit would check it, or (a school applying again) filled in with what its
    withdrawn application said."""
    data, restored = None, False
    if request.GET.get(CHECK) and application is not None and application.is_editable:
        data = MultiValueDict(ApplicationForms(None, instance=application, submitting=False,
                                               practices=selectors.choosable_practices()).as_data())
        return _form_page(request, application, tranche, data, submitting=True, checking=True)
    if request.user.is_authenticated:
        data, added = pending.take(request, application.pk if application else None)
        restored = data is not None
        draft = selectors.open_draft(request.user, tranche) if application is None else None
        if draft is not None:
            # One application per school: what was typed as a new one goes into the school's draft.
            if restored:
                _merge_into_draft(request, draft, data)
            elif practice := selectors.choosable_practice(request.GET.get("practice") or ""):
                # "Aanmelden met deze good practice" with a draft: the draft keeps its choices, and says so.
                messages.info(request, _("U had al een concept; daarin staan uw eigen keuzes. Wilt u ‘%(practice)s’ "
                                         "kiezen, zet die dan hieronder bij de voorkeuren.") % {"practice": practice.title})
            return redirect("partners:edit", pk=draft.pk)
        if restored and application is None and added is None:
            # A visitor's form, back after signing up and verifying: kept as their draft at once (an account with a
            # verified address keeps the draft). Shown only, it was gone once they left the page without saving.
            if (saved := _save_as_draft(request, None, tranche, data, selectors.choosable_practices())) is not None:
                messages.success(request, _("Wat u invulde, is als concept bewaard. Vul het verder aan en dien het "
                                            "in vóór de deadline."))
                return redirect("partners:edit", pk=saved.pk)
        if restored:
            messages.info(request, _restored_message(added))
        elif application is None and (withdrawn := selectors.withdrawn_to_copy(request.user,
                                                                               request.GET.get(AGAIN, ""))):
            data, restored = MultiValueDict(ApplicationForms(None, instance=withdrawn, submitting=False,
                                                             practices=selectors.choosable_practices())
                                            .as_new_data()), True
            messages.info(request, _("Hieronder staat wat u in uw ingetrokken aanmelding had ingevuld. Kijk het na, "
                                     "vink de toezeggingen opnieuw aan en sla op of dien in: tot dan is er nog niets "
                                     "bewaard."))
    return _form_page(request, application, tranche, data, submitting=False, restored=restored)


def _form_page(request, application: PartnerApplication | None, tranche, data, *, submitting: bool,
               restored: bool = False, checking: bool = False):
    """The form with ``data`` (posted, restored, the saved draft being checked, or None); a valid POST is saved
    (and submitted) by the service. A submit the form refuses is saved as a draft when it is well-formed, so
    nothing typed is lost, and the saved draft is shown with what is missing; otherwise the refusal shows on the
    form with all that was typed (not saved; the page asks before it is left)."""
    posted = request.method == "POST"
    # A post is checked against the practices it chose (most are saved and leave); a page shown lists them all.
    practices = selectors.choosable_practices(among=[data.get(name) for name in CHOICES] if posted else None)
    chosen = next((p for p in practices if p.slug == request.GET.get("practice")), None)
    initial = {}
    if application is None:
        initial = {"choice_1": chosen.pk if chosen else None,
                   "project_leader_email": getattr(request.user, "email", "")}
    forms = ApplicationForms(data, instance=application or PartnerApplication(tranche=tranche),
                             submitting=submitting, practices=practices, initial=initial)
    valid = (posted or checking) and forms.is_valid()  # checked together: the formset needs the main form's leader
    if posted and valid:
        try:
            saved = services.save_application(application, forms.form, forms.formset, tranche=tranche,
                                              by=request.user, submitting=submitting)
        except services.ApplicationError as exc:
            forms.form.add_error(None, str(exc))
        else:
            return _after_save(request, saved)
    elif posted and submitting and (application is None or application.is_editable):
        if (saved := _save_as_draft(request, application, tranche, data, practices)) is not None:
            return redirect(f"{reverse('partners:edit', args=[saved.pk])}?{CHECK}=1")
    if posted:  # shown again, with every practice to choose from
        practices = selectors.choosable_practices()
        chosen = next((p for p in practices if p.slug == request.GET.get("practice")), None)
        forms.form.set_practices(practices)
    has_errors = (posted or checking) and forms.has_errors
    return render(request, "partners/application_form.html", {
        "form": forms.form, "formset": forms.formset, "application": application, "tranche": tranche,
        "deadline": services.deadline_check(tranche, application.school if application is not None else None),
        "now": timezone.now(), "chosen_practice": chosen, "known_school": forms.known_school,
        "has_errors": has_errors, "errors": forms.error_summary() if has_errors else [], "restored": restored,
        "saved_as_draft": checking, "colleagues": selectors.colleagues_application(application),
        "anonymous": not request.user.is_authenticated, "next": request.get_full_path(),
        "already_applied": [] if application is not None else [
            {"application": a, "changeable": services.can_be_changed(a)}
            for a in selectors.own_counting_applications(request.user, tranche)],
    })


def _save_as_draft(request, application, tranche, data, practices) -> PartnerApplication | None:
    """What a refused submit (or a visitor's restored form) holds, saved as the draft it may be (a draft accepts
    anything well-formed), or None when it is not even that (a malformed address) or the service refuses it (e.g.
    the school's other draft)."""
    if application is not None:  # read again: validating the refused submit changed the loaded rows in memory
        application = selectors.own_applications_to_edit(request.user).get(pk=application.pk)
    draft = ApplicationForms(data, instance=application or PartnerApplication(tranche=tranche), submitting=False,
                             practices=practices)
    if not draft.is_valid():
        return None
    try:
        return services.save_application(application, draft.form, draft.formset, tranche=tranche,
                                         by=request.user).application
    except services.ApplicationError:
        return None


def _keep_until_logged_in(request):
    """Any button of the form (save, submit, or the banner's "Account aanmaken" / "Inloggen") keeps what was typed
    in the session; it comes back after signing up and verifying, or after logging in (see partners.adapter for a
    login without ?next=)."""
    back = request.get_full_path()
    if not pending.keep(request):
        messages.warning(request, _("Wat u invulde, is langer dan het formulier toelaat (per antwoord %(limit)s "
                                    "tekens) en kan niet worden bewaard tot u bent ingelogd. Log eerst in of maak "
                                    "een account aan, en vul het formulier daarna in.")
                         % {"limit": number_format(LONG_TEXT, force_grouping=True)})
        return redirect_to_login(back)
    if request.POST.get("action") == "signup":
        messages.info(request, _("Maak een account aan en bevestig uw e-mailadres. Wat u al invulde, zetten wij "
                                 "daarna voor u terug in het formulier."))
        return redirect(f"{reverse('account_signup')}?{urlencode({'next': back})}")
    messages.info(request, _("Log in of maak een account aan om uw aanmelding te bewaren. Wat u al invulde, "
                             "zetten wij daarna voor u terug in het formulier."))
    return redirect_to_login(back)


def _merge_into_draft(request, draft: PartnerApplication, typed: QueryDict) -> None:
    """Typed as a new application before logging in: shown in the school's draft, merged, and saved only when they
    choose to."""
    shown = ApplicationForms(None, instance=draft, submitting=False, practices=selectors.choosable_practices())
    merged, added = services.merge_into_draft(shown.as_data(), {key: typed.getlist(key) for key in typed})
    pending.keep_merged(request, draft.pk, merged, added)


def _restored_message(added: int | None) -> str:
    if added is None:
        return _("Wij hebben teruggezet wat u invulde. Kies ‘Opslaan als concept’ om het te bewaren.")
    return ngettext(
        "U had al een concept. Wat u zojuist invulde, staat er nu in; wat u leeg liet, bleef zoals het was, "
        "en %(n)s werkgroeplid is toegevoegd. Controleer het en kies ‘Opslaan als concept’.",
        "U had al een concept. Wat u zojuist invulde, staat er nu in; wat u leeg liet, bleef zoals het was, "
        "en %(n)s werkgroepleden zijn toegevoegd. Controleer het en kies ‘Opslaan als concept’.",
        added) % {"n": added}


def _after_save(request, saved: services.Saved):
    if saved.resubmitted:
        messages.success(request, _("Uw wijzigingen zijn ingediend. U ontvangt een nieuwe bevestiging per e-mail."))
        return redirect("partners:status", pk=saved.application.pk)
    if saved.submitted:
        messages.success(request, _("Uw aanmelding is ingediend. U ontvangt een bevestiging per e-mail."))
        return redirect("partners:status", pk=saved.application.pk)
    if saved.refusal:
        messages.error(request, _("Uw gegevens zijn als concept bewaard, maar de aanmelding is niet ingediend. "
                                  "%(why)s") % {"why": saved.refusal})
    else:
        messages.success(request, _("Uw concept is opgeslagen. U kunt later verder gaan waar u was."))
    return redirect("partners:edit", pk=saved.application.pk)


@login_required
@require_GET
def my_applications(request):
    applications = list(selectors.own_applications(request.user))
    return render(request, "partners/my_applications.html",
                  {"applications": applications, "colleagues": selectors.colleagues_applications(applications)})


STEPS = [PartnerApplication.Status.DRAFT, PartnerApplication.Status.SUBMITTED, PartnerApplication.Status.UNDER_REVIEW]
OUTCOMES = [PartnerApplication.Status.MATCHED, PartnerApplication.Status.WAITLISTED,
            PartnerApplication.Status.REJECTED, PartnerApplication.Status.WITHDRAWN]
WITHDRAWABLE = {PartnerApplication.Status.DRAFT, PartnerApplication.Status.SUBMITTED,
                PartnerApplication.Status.UNDER_REVIEW, PartnerApplication.Status.WAITLISTED}


def _steps(application: PartnerApplication, visited: set[str]) -> list[dict]:
    """The road of an application: concept → ingediend → in behandeling → besluit, with where it is now. After
    the road (a decision, a withdrawal) a step is ticked only when the application passed it (``visited``: the
    statuses of its history): one withdrawn while submitted was never under review."""
    status = application.status
    if status in STEPS:
        reached = STEPS.index(status)
        steps = [{"label": s.label, "done": i < reached, "current": s == status} for i, s in enumerate(STEPS)]
    else:
        passed = {STEPS[0], *visited} | ({STEPS[1]} if application.submitted_at else set())
        # a step the application went past without (matched straight after submitting) is said to be skipped,
        # not "not yet": there is no way back to it
        steps = [{"label": s.label, "done": s in passed, "current": False, "skipped": s not in passed}
                 for s in STEPS]
    outcome = status if status in OUTCOMES else None
    steps.append({"label": PartnerApplication.Status(outcome).label if outcome else _("besluit"),
                  "done": False, "current": outcome is not None})
    return steps


@login_required
@require_GET
def status(request, pk):
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    labels = dict(PartnerApplication.Status.choices)
    changes = list(status_history(application))
    history = [{"at": c.at, "status": labels.get(c.target, c.target), "reason": c.reason} for c in changes]
    return render(request, "partners/status.html", {
        "application": application, "history": history, "is_own": application.created_by_id == request.user.pk,
        "steps": _steps(application, {c.target for c in changes}),
        "can_withdraw": application.status in WITHDRAWABLE and application.created_by_id == request.user.pk,
        "can_change": application.status == PartnerApplication.Status.SUBMITTED
        and application.created_by_id == request.user.pk and services.can_be_changed(application),
        "deadline": services.deadline_check(application.tranche, application.school),
        "again": AGAIN, "check": CHECK,  # a draft's page offers the form checked as submitting would check it
    })


@login_required
@require_GET
def application_pdf(request, pk):
    """The application confirmation: the school contact who made it, and staff."""
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    content = render_application_confirmation(application, language=translation.get_language())
    return pdf_response(content, confirmation_filename(application))


@login_required
@require_POST
def withdraw(request, pk):
    application = get_object_or_404(selectors.own_applications(request.user), pk=pk)
    try:
        services.withdraw(application, by=request.user, reason=request.POST.get("reason", ""))
    except services.ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Uw aanmelding is ingetrokken."))
    return redirect("partners:status", pk=application.pk)


@require_GET
def school_search(request):
    """Registered schools by name, place or BRIN for the form's search (JSON, a dozen at most)."""
    results = selectors.search_schools(request.GET.get("q", ""))
    return JsonResponse({"results": [
        {"code": s.code, "name": s.name, "city": s.city, "province": s.province,
         "province_label": s.get_province_display(), "school_types": [t.pk for t in s.school_types.all()]}
        for s in results
    ]})
