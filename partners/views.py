"""The application pages. Thin: validation in forms, changes in services, scoping in selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lobmatch.pdf import pdf_response
from lobmatch.selectors import current_tranche
from lobmatch.workflow import status_history

from . import selectors, services
from .forms import ApplicationForms, as_data, error_summary, merge_into_draft
from .models import PartnerApplication
from .pdf import confirmation_filename, render_application_confirmation

PENDING_KEY = "partners_pending_application"
PENDING_MAX_CHARS = 60_000


def _stash(request, pk: int | None = None) -> None:
    """Someone not (or no longer) logged in pressed save: keep what they typed in their session until they have
    logged in; ``pk`` is the draft they were editing (None for a new application)."""
    data = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
    if sum(len(x) for values in data.values() for x in values) <= PENDING_MAX_CHARS:
        request.session[PENDING_KEY] = {"pk": pk, "data": data}


def pending_url(request) -> str | None:
    """Where typed-but-unsaved input waits for this session, if any: the form it was typed in."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    return reverse("partners:edit", args=[pending["pk"]]) if pending.get("pk") else reverse("partners:start")


def _unstash(request, pk: int | None = None) -> tuple[QueryDict | None, int | None]:
    """What was stashed for this draft (or for a new application), once; and, when it was typed as a new application
    and put into the school's existing draft, how many working-group members that added (else None)."""
    pending = request.session.get(PENDING_KEY)
    if not pending or pending.get("pk") != pk:
        return None, None
    del request.session[PENDING_KEY]
    restored = QueryDict(mutable=True)
    for key, values in pending["data"].items():
        restored.setlist(key, values)
    return restored, pending.get("added")


@require_http_methods(["GET", "POST"])
def application_form(request, pk=None):
    """Start, resume, save as draft or submit. Anyone may look and type; saving needs a verified account."""
    user = request.user
    if pk is not None:
        if not user.is_authenticated:
            if request.method == "POST":  # e.g. the session ran out while they typed: keep it for after login
                _stash(request, pk)
                messages.info(request, _("Uw sessie was verlopen. Log opnieuw in; wat u invulde, zetten wij daarna "
                                         "terug in het formulier."))
            return redirect_to_login(request.path)
        application = get_object_or_404(selectors.own_applications(user), pk=pk)
        if not application.is_editable:
            return redirect("partners:status", pk=application.pk)
        tranche = application.tranche
    else:
        application, tranche = None, current_tranche()
        if tranche is None:
            raise Http404
    if request.method == "POST" and not user.is_authenticated:
        # Any button of the form (save, submit, or the banner's "Account aanmaken" / "Inloggen") keeps what was
        # typed in the session; it comes back after signing up and verifying, or after logging in (see
        # partners.adapter for a login without ?next=).
        _stash(request)
        back = request.get_full_path()
        if request.POST.get("action") == "signup":
            messages.info(request, _("Maak een account aan en bevestig uw e-mailadres. Wat u al invulde, zetten wij "
                                     "daarna voor u terug in het formulier."))
            return redirect(f"{reverse('account_signup')}?{urlencode({'next': back})}")
        messages.info(request, _("Log in of maak een account aan om uw aanmelding te bewaren. Wat u al invulde, "
                                 "zetten wij daarna voor u terug in het formulier."))
        return redirect_to_login(back)

    data, restored = (request.POST if request.method == "POST" else None), False
    if request.method == "GET" and user.is_authenticated:
        data, added = _unstash(request, pk)
        restored = data is not None
        draft = selectors.open_draft(user, tranche) if application is None else None
        if restored and draft is not None:
            # Typed as a new application before logging in, but the school has a draft (one application per
            # school): show it in that draft, merged, and saved only when they choose to.
            shown = ApplicationForms(None, instance=draft, submitting=False,
                                     practices=selectors.choosable_practices())
            merged, added = merge_into_draft(as_data(shown), {key: data.getlist(key) for key in data})
            request.session[PENDING_KEY] = {"pk": draft.pk, "data": merged, "added": added}
            return redirect("partners:edit", pk=draft.pk)
        if restored and added is not None:
            messages.info(request, ngettext(
                "U had al een concept. Wat u zojuist invulde, staat er nu in; wat u leeg liet, bleef zoals het was, "
                "en %(n)s werkgroeplid is toegevoegd. Controleer het en kies ‘Opslaan als concept’.",
                "U had al een concept. Wat u zojuist invulde, staat er nu in; wat u leeg liet, bleef zoals het was, "
                "en %(n)s werkgroepleden zijn toegevoegd. Controleer het en kies ‘Opslaan als concept’.",
                added) % {"n": added})
        elif restored:
            messages.info(request, _("Wij hebben teruggezet wat u invulde. Kies ‘Opslaan als concept’ om het te "
                                     "bewaren."))
        elif draft is not None:
            return redirect("partners:edit", pk=draft.pk)

    practices = list(selectors.choosable_practices())
    chosen = next((p for p in practices if p.slug == request.GET.get("practice")), None)
    initial = {}
    if application is None:
        initial = {"choice_1": chosen.pk if chosen else None, "project_leader_email": getattr(user, "email", "")}
    submitting = request.method == "POST" and request.POST.get("action") == "submit"
    forms = ApplicationForms(data, instance=application or PartnerApplication(tranche=tranche),
                             submitting=submitting, practices=practices, initial=initial)

    if request.method == "POST" and forms.is_valid():
        try:
            application = services.save_draft(application, forms.form, forms.formset, tranche=tranche, by=user)
        except services.ApplicationError as exc:
            forms.form.add_error(None, str(exc))
        else:
            if not submitting:
                messages.success(request, _("Uw concept is opgeslagen. U kunt later verder gaan waar u was."))
                return redirect("partners:edit", pk=application.pk)
            try:
                services.submit(application, by=user)
            except services.ApplicationError as exc:
                messages.error(request, _("Uw gegevens zijn als concept bewaard, maar de aanmelding is niet "
                                          "ingediend. %(why)s") % {"why": exc})
                return redirect("partners:edit", pk=application.pk)
            messages.success(request, _("Uw aanmelding is ingediend. U ontvangt een bevestiging per e-mail."))
            return redirect("partners:status", pk=application.pk)

    school = application.school if application is not None else None
    has_errors = request.method == "POST" and forms.has_errors
    deadline = services.deadline_check(tranche, school)
    return render(request, "partners/application_form.html", {
        "form": forms.form, "formset": forms.formset, "application": application, "tranche": tranche,
        "deadline": deadline, "now": timezone.now(), "chosen_practice": chosen,
        "known_school": forms.form.known_school if forms.form.is_bound and not forms.form.errors.get("brin")
        else school,
        "has_errors": has_errors, "errors": error_summary(forms) if has_errors else [], "restored": restored,
        "anonymous": not user.is_authenticated, "next": request.get_full_path(),
    })


@login_required
@require_GET
def my_applications(request):
    return render(request, "partners/my_applications.html",
                  {"applications": selectors.own_applications(request.user)})


STEPS = [PartnerApplication.Status.DRAFT, PartnerApplication.Status.SUBMITTED, PartnerApplication.Status.UNDER_REVIEW]
OUTCOMES = [PartnerApplication.Status.MATCHED, PartnerApplication.Status.WAITLISTED,
            PartnerApplication.Status.REJECTED, PartnerApplication.Status.WITHDRAWN]
WITHDRAWABLE = {PartnerApplication.Status.DRAFT, PartnerApplication.Status.SUBMITTED,
                PartnerApplication.Status.UNDER_REVIEW, PartnerApplication.Status.WAITLISTED}


def _steps(application: PartnerApplication) -> list[dict]:
    """The road of an application: concept → ingediend → in behandeling → besluit, with where it is now."""
    status = application.status
    reached = STEPS.index(status) if status in STEPS else len(STEPS)
    steps = [{"label": s.label, "done": i < reached, "current": s == status} for i, s in enumerate(STEPS)]
    outcome = status if status in OUTCOMES else None
    steps.append({"label": PartnerApplication.Status(outcome).label if outcome else _("besluit"),
                  "done": False, "current": outcome is not None})
    return steps


@login_required
@require_GET
def status(request, pk):
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    labels = dict(PartnerApplication.Status.choices)
    history = [{"at": c.at, "status": labels.get(c.target, c.target), "reason": c.reason}
               for c in status_history(application)]
    return render(request, "partners/status.html", {
        "application": application, "history": history, "steps": _steps(application),
        "can_withdraw": application.status in WITHDRAWABLE and application.created_by_id == request.user.pk,
        "deadline": services.deadline_check(application.tranche, application.school),
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
