"""The application pages. Thin: validation in forms, changes in services, scoping in selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lobmatch.models import School
from lobmatch.selectors import current_tranche
from lobmatch.workflow import status_history

from . import selectors, services
from .forms import ApplicationForm, member_formset_class
from .models import PartnerApplication


@require_http_methods(["GET", "POST"])
def application_form(request, pk=None):
    tranche = current_tranche()
    if tranche is None:
        raise Http404
    practices = selectors.choosable_practices()
    if pk is not None and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_authenticated:
        chosen = practices.filter(slug=request.GET.get("practice", "")).first()
        return render(request, "partners/intro.html", {"tranche": tranche, "practice": chosen,
                                                       "next": request.get_full_path()})
    application = None
    if pk is not None:
        application = get_object_or_404(selectors.applications_for(request.user).filter(created_by=request.user),
                                        pk=pk)
        if not application.is_editable:
            return redirect("partners:status", pk=application.pk)
        tranche = application.tranche
    elif request.method == "GET":
        draft = selectors.applications_for(request.user).filter(
            created_by=request.user, tranche=tranche, status=PartnerApplication.Status.DRAFT).first()
        if draft is not None:
            return redirect("partners:edit", pk=draft.pk)

    submitting = request.POST.get("action") == "submit"
    instance = application or PartnerApplication(tranche=tranche)
    initial = {}
    if application is None:
        chosen = practices.filter(slug=request.GET.get("practice", "")).first()
        if chosen is not None:
            initial["choice_1"] = chosen.pk
        initial["project_leader_email"] = request.user.email
    form = ApplicationForm(request.POST or None, instance=instance, submitting=submitting, practices=practices,
                           initial=initial)
    existing = application.members.count() if application else 0
    formset = member_formset_class(existing)(request.POST or None, instance=instance, submitting=submitting,
                                             prefix="members")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            try:
                application = services.save_draft(application, form, formset, tranche=tranche, by=request.user)
            except services.ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                if not submitting:
                    messages.success(request, _("Uw concept is opgeslagen. U kunt later verder gaan."))
                    return redirect("partners:edit", pk=application.pk)
                try:
                    services.submit(application, by=request.user)
                except services.ApplicationError as exc:
                    messages.error(request, _("Uw gegevens zijn als concept bewaard, maar niet ingediend: %(why)s")
                                   % {"why": exc})
                    return redirect("partners:edit", pk=application.pk)
                messages.success(request, _("Uw aanmelding is ingediend. U ontvangt een bevestiging per e-mail."))
                return redirect("partners:status", pk=application.pk)
    check = services.deadline_check(tranche, application.school if application else None)
    return render(request, "partners/application_form.html", {
        "form": form, "formset": formset, "application": application, "tranche": tranche, "deadline": check,
        "now": timezone.now(), "has_errors": request.method == "POST" and (form.errors or formset.total_error_count()),
    }, status=200)


@login_required
@require_GET
def my_applications(request):
    applications = selectors.applications_for(request.user).filter(created_by=request.user)
    return render(request, "partners/my_applications.html", {"applications": applications})


@login_required
@require_GET
def status(request, pk):
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    return render(request, "partners/status.html", {
        "application": application, "history": status_history(application),
        "can_withdraw": application.status in (PartnerApplication.Status.DRAFT, PartnerApplication.Status.SUBMITTED,
                                               PartnerApplication.Status.UNDER_REVIEW,
                                               PartnerApplication.Status.WAITLISTED)
        and application.created_by_id == request.user.pk,
    })


@login_required
@require_POST
def withdraw(request, pk):
    application = get_object_or_404(selectors.applications_for(request.user).filter(created_by=request.user), pk=pk)
    try:
        services.withdraw(application, by=request.user, reason=request.POST.get("reason", "")[:500])
    except services.ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Uw aanmelding is ingetrokken."))
    return redirect("partners:status", pk=application.pk)


@require_GET
def school_search(request):
    """Schools by name, place or BRIN for the form's suggestion list (JSON, at most 15)."""
    q = request.GET.get("q", "").strip()
    if len(q) < 2:
        return JsonResponse({"results": []})
    from django.db.models import Q

    qs = School.objects.filter(Q(name__icontains=q) | Q(city__icontains=q) | Q(brin__iexact=q[:4])).order_by("name")
    return JsonResponse({"results": [
        {"code": s.code, "name": s.name, "city": s.city, "province": s.province} for s in qs[:15]
    ]})


