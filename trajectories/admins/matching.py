"""Admin for advisers and trajectories, with the matching page per tranche (staff only)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lobmatch.admin import CheckboxManyToManyMixin, ReasonActionForm, SchoolCodeSearchMixin, SimpleHistoryAdmin
from lobmatch.admin_columns import CapacityColumn, yes_no
from lobmatch.models import Province, Tranche
from lobmatch.roles import grants_rights
from lobmatch.spreadsheets import csv_attachment
from lobmatch.workflow import WorkflowError

from .. import match_export
from ..models import Adviser, Trajectory
from ..selectors import chosen_practices, current_tranche, practices_apart
from ..services import matching as service

# The value of the radio button that takes the practice and adviser from the two lists of "Voorstel wijzigen".
OTHER = "anders"


def _say_skipped(request, skipped: int, why: str) -> None:
    if skipped > 0:
        messages.warning(request, ngettext("%(n)s aangevinkte regel is overgeslagen. %(why)s",
                                           "%(n)s aangevinkte regels zijn overgeslagen. %(why)s", skipped)
                         % {"n": skipped, "why": why})


class MatchReasonActionForm(ReasonActionForm):
    needed_by = {"reject_selected": service.REJECT_NEEDS_REASON, "end_selected": service.END_NEEDS_REASON}


class AdviserForm(forms.ModelForm):
    """An adviser's own capacity is never below the seats the adviser holds (services.matching decides). The
    provinces are ticked by name (the model keeps their codes as a list: staff typed JSON, and a name instead of a
    code was saved without a word and never matched)."""

    provinces = forms.MultipleChoiceField(label=_("provincies (werkgebied)"), choices=Province.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def _post_clean(self):
        super()._post_clean()  # the typed capacity is on the instance now
        if "capacity" not in self.errors and (problem := service.own_capacity_problem(adviser=self.instance)):
            self.add_error("capacity", problem)


@admin.register(Adviser)
class AdviserAdmin(CapacityColumn, CheckboxManyToManyMixin, SimpleHistoryAdmin):
    form = AdviserForm
    list_display = ["__str__", "email", "capacity_shown", yes_no("active", model=Adviser)]
    list_filter = ["active", "expertise"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    checkbox_fields = ("expertise",)
    autocomplete_fields = ["user"]
    raw_id_fields = ["ties"]  # select2's multiple box has an unlabelled search field (axe: label)

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for trajectory in service.tied_trajectories(form.instance):  # a tie recorded after the match was made
            url = reverse("admin:trajectories_matching_change" if trajectory.status == Trajectory.Status.PROPOSED
                          else "admin:trajectories_trajectory_replace_adviser", args=[trajectory.pk])
            self.message_user(request, format_html('{} <a href="{}">{}</a>', service.tie_message(trajectory), url,
                                                   _("Andere adviseur kiezen")), messages.WARNING)

    def get_readonly_fields(self, request, obj=None):
        # The account behind an adviser reads and logs every trajectory of the adviser: moving the profile to
        # another account hands that account those rights, which only the superuser grants.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "user"] if obj is not None and not grants_rights(request.user) else fields


NO_APPLICATION = _("Kies eerst een aanmelding")
NO_CHOICE = _("Deze school heeft geen gepubliceerde keuze")


def practice_options(application_id: int | None) -> list[tuple[int, str]]:
    """The good practices a proposal for the application may take, as (id, label) in the school's order, each
    marked with its rank (selectors.chosen_practices): the choices of the add form."""
    if application_id is None:
        return []
    return [(choice.practice_id, _("keuze %(rank)s: %(title)s (%(ambassador)s)") % {
        "rank": choice.rank, "title": choice.practice.title, "ambassador": choice.practice.ambassador})
        for choice in chosen_practices(application_id)]


class TrajectoryAddForm(forms.ModelForm):
    """A proposal added by hand, by the rules of auto-match (services.matching.check_proposal, with its messages):
    a submitted application, one of its chosen practices, an adviser without ties, a seat at both. The tranche is
    the application's own.

    The good practice is picked from the school's choices, in its order: DESIGN.md allows no other (the service
    refuses one, and says why). The list follows the application: the page's script asks for it when the application
    changes (``chosen_practices_view``), and a form sent back with an error, or opened with ``?application=``, has
    it from the start."""

    class Meta:
        model = Trajectory
        fields = ["application", "practice", "adviser"]
        help_texts = {"practice": _("Alleen de keuzes van de school komen in aanmerking, in haar volgorde (zoals bij "
                                    "automatisch koppelen).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["practice"]
        application_id = self._application_id()
        options = practice_options(application_id)
        empty = NO_APPLICATION if application_id is None else "---------" if options else NO_CHOICE
        # Any practice still validates, so that the service's message explains one that is not the school's.
        field.widget = forms.Select(attrs={
            "data-choices-url": reverse("admin:trajectories_trajectory_chosen_practices", args=[0]),
            "data-empty-label": NO_APPLICATION})
        field.choices = [("", empty), *options]

    def _application_id(self) -> int | None:
        name = "application"
        value = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
        try:
            return int(getattr(value, "pk", value))
        except (TypeError, ValueError):
            return None

    def clean(self):
        cleaned = super().clean()
        application, practice, adviser = (cleaned.get(k) for k in ("application", "practice", "adviser"))
        if application and practice and adviser:
            try:
                service.check_proposal(application, practice.pk, adviser.pk)
            except service.MatchingError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return cleaned


@admin.register(Trajectory)
class TrajectoryAdmin(SchoolCodeSearchMixin, SimpleHistoryAdmin):
    school_path = "application__school"
    list_display = ["__str__", "tranche", "practice", "adviser", "status", yes_no("before_close", _("vóór deadline")),
                    "score"]
    list_filter = ["tranche", "status"]
    search_fields = ["application__school__name", "application__school__brin", "practice__title",
                     "adviser__user__email"]
    # The good practice with its ambassador school comes in a query of its own for the page's rows (get_queryset):
    # one query joining all nine tables took PostgreSQL 7 ms to plan (1 ms to run).
    list_select_related = ["tranche", "application__school", "adviser__user"]
    # The result is the adviser's, recorded through services.meetings.record_outcome (its upload checked there).
    readonly_fields = ["status", "score", "score_table", "explanation", "outcome_kind", "outcome_summary",
                       "outcome_plan"]
    exclude = ["score_details"]  # shown as score_table: the JSON with its English keys told staff nothing
    # Found by school name, city or BRIN, among the applications matching may take (PartnerApplicationAdmin)
    autocomplete_fields = ["application", "adviser"]  # the good practice: the school's choices (TrajectoryAddForm)
    action_form = MatchReasonActionForm
    actions = ["confirm_selected", "publish_selected", "reject_selected", "end_selected", "export_csv"]
    change_list_template = "admin/trajectories/trajectory/change_list.html"
    list_per_page = 50  # as the applications list: staff find a trajectory by search and filters, not by scrolling
    show_full_result_count = False

    class Media:
        # the add form's good practices follow the application; the list keeps its ticks until a reason is typed
        js = ["js/admin/chosen_practices.js", "js/admin/reason_action.js"]

    @admin.display(description=_("opbouw score"))
    def score_table(self, obj):
        """The parts of the score in the matching page's words (services.matching.score_parts), with the total."""
        if obj is None or obj.pk is None:
            return self.get_empty_value_display()
        rows = [*service.score_parts(obj.score_details), (_("Totaal"), obj.score)]
        return format_html('<table class="score-parts"><tbody>{}</tbody></table>', format_html_join(
            "", '<tr><th scope="row">{}</th><td>{}</td></tr>', rows))

    def has_change_permission(self, request, obj=None):
        """A trajectory's page only shows it: who is matched with whom changes on the matching page (with a reason
        and the capacity rule), the result is the adviser's. So no field of an existing trajectory is edited here,
        and the page has no save buttons; the list's actions and the matching page ask without ``obj``."""
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = TrajectoryAddForm
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        try:
            made = service.propose(form.cleaned_data["application"], practice_id=obj.practice_id,
                                   adviser_id=obj.adviser_id, by=request.user)
        except service.MatchingError as exc:  # a seat taken between the check and the save
            raise PermissionDenied(str(exc)) from exc
        obj.pk, obj.tranche_id, obj._state.adding = made.pk, made.tranche_id, False
        if warning := service.ended_warning(made):  # allowed by hand; auto-match would not propose it
            self.message_user(request, warning, messages.WARNING)

    def get_readonly_fields(self, request, obj=None):
        # Who is matched with whom changes only through the matching page ("wijzigen", with a reason and the
        # capacity rule), never by editing the fields here.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "tranche", "application", "practice", "adviser"] if obj is not None else fields

    def get_queryset(self, request):
        return service.with_early_mark(super().get_queryset(request)).prefetch_related(
            practices_apart("title", "ambassador__school__name"))

    def get_urls(self):
        own = [
            path("koppelen/", self.admin_site.admin_view(self.current_matching_view),
                 name="trajectories_matching_current"),
            path("koppelen/<int:tranche_id>/", self.admin_site.admin_view(self.matching_view),
                 name="trajectories_matching"),
            path("koppelen/voorstel/<int:pk>/wijzigen/", self.admin_site.admin_view(self.change_proposal_view),
                 name="trajectories_matching_change"),
            path("<int:pk>/adviseur-vervangen/", self.admin_site.admin_view(self.replace_adviser_view),
                 name="trajectories_trajectory_replace_adviser"),
            path("keuzes/<int:application_id>/", self.admin_site.admin_view(self.chosen_practices_view),
                 name="trajectories_trajectory_chosen_practices"),
        ]
        return own + super().get_urls()

    def _require(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied

    def current_matching_view(self, request):
        """One stable link (start page, admin home) to the matching page of the tranche staff work on now."""
        self._require(request)
        tranche = current_tranche()
        if tranche is None:
            messages.info(request, _("Er is nog geen tranche om te koppelen."))
            return redirect("admin:lobmatch_tranche_changelist")
        return redirect("admin:trajectories_matching", tranche_id=tranche.pk)

    def matching_view(self, request, tranche_id):
        self._require(request)
        tranche = get_object_or_404(Tranche, pk=tranche_id)
        if request.method == "POST":
            action = request.POST.get("do")
            ids = [int(i) for i in request.POST.getlist("selected") if i.isdigit()]
            selected = Trajectory.objects.filter(tranche=tranche, pk__in=ids)
            if action in ("confirm", "publish", "reject") and not ids:
                messages.warning(request, _("U hebt niets aangevinkt; er is niets gewijzigd."))
                return redirect(request.get_full_path())
            if action == "auto":
                try:
                    outcome = service.run_auto_match(tranche, by=request.user,
                                                     before_close=request.POST.get("before_close") == "1")
                except service.MatchingError as exc:
                    messages.error(request, str(exc))
                    return redirect("admin:trajectories_matching", tranche_id=tranche.pk)
                messages.success(request, service.auto_match_summary(outcome))
                if outcome["replaced"]:
                    messages.info(request, ngettext(
                        "%(n)s eerder voorstel is vervangen (ook als het met de hand was gewijzigd).",
                        "%(n)s eerdere voorstellen zijn vervangen (ook die met de hand waren gewijzigd).",
                        outcome["replaced"]) % {"n": outcome["replaced"]})
                if outcome["before_close"]:
                    messages.warning(request, _("Gemaakt vóór het sluiten van de aanmelding: deze voorstellen zijn "
                                                "gemarkeerd met ‘vóór deadline’."))
            elif action == "confirm":
                done, errors = service.confirm_many(selected, by=request.user)
                messages.success(request, ngettext("%(n)s voorstel bevestigd.", "%(n)s voorstellen bevestigd.", done) % {"n": done})
                for error in errors:
                    messages.error(request, error)
            elif action == "publish":
                n = 0
                for trajectory in selected.filter(status=Trajectory.Status.CONFIRMED):
                    service.publish(trajectory, by=request.user)
                    n += 1
                if n:
                    messages.success(request, ngettext("%(n)s traject gepubliceerd; het koppel is gemaild.",
                                                        "%(n)s trajecten gepubliceerd; de koppels zijn gemaild.", n)
                                     % {"n": n})
                _say_skipped(request, len(ids) - n, _("Alleen bevestigde voorstellen worden gepubliceerd."))
            elif action == "reject":
                try:
                    n, errors = service.reject_many(selected.filter(status=Trajectory.Status.PROPOSED),
                                                    by=request.user, reason=request.POST.get("reason", ""))
                except service.MatchingError as exc:  # no reason: the page again, with the ticks as they were
                    messages.error(request, str(exc))
                    return self._matching_page(request, tranche, ticked=ids)
                if n:
                    messages.success(request, ngettext("%(n)s voorstel afgewezen.", "%(n)s voorstellen afgewezen.", n)
                                     % {"n": n})
                for error in errors:
                    messages.error(request, error)
                _say_skipped(request, len(ids) - n - len(errors), _("Alleen voorstellen die nog niet bevestigd zijn, "
                                                                    "kunnen worden afgewezen."))
            elif action == "waitlist":
                reason = request.POST.get("reason", "").strip() or str(_("niet te koppelen in deze ronde"))
                n = service.waitlist_unmatched(tranche, [int(i) for i in request.POST.getlist("application")
                                                         if i.isdigit()], by=request.user, reason=reason)
                messages.success(request, ngettext("%(n)s aanmelding op de wachtlijst gezet.",
                                                    "%(n)s aanmeldingen op de wachtlijst gezet.", n) % {"n": n})
            return redirect(request.get_full_path())  # back to the pages the staff member was on
        return self._matching_page(request, tranche)

    def _matching_page(self, request, tranche, ticked=()):
        """The matching page; ``ticked``: the proposals a refused action had selected, ticked again."""
        context = {**self.admin_site.each_context(request), "title": _("Koppelen: %(t)s") % {"t": tranche},
                   "tranche": tranche, "opts": self.model._meta, "ticked": set(ticked),
                   **service.matching_overview(tranche, page=request.GET.get("page"),
                                               unmatched_page=request.GET.get("niet_gekoppeld"))}
        return TemplateResponse(request, "admin/trajectories/matching.html", context)

    def change_proposal_view(self, request, pk):
        self._require(request)
        trajectory = get_object_or_404(Trajectory.objects.select_related(
            "tranche", "application__school", "practice__ambassador__school", "adviser__user"), pk=pk)
        everything = service.alternatives(trajectory, limit=0)
        options = service.shortlist(everything)
        for option in options:
            option["key"] = f"{option['practice_id']}:{option['adviser_id']}"
        practices, advisers = service.other_choices(everything)
        error = ""
        if request.method == "POST":
            choice = request.POST.get("option", "")
            reason = request.POST.get("reason", "")
            if choice == OTHER:  # a combination of the staff member's own, from the two lists below the table
                choice = f"{request.POST.get('practice', '')}:{request.POST.get('adviser', '')}"
            try:
                practice_id, adviser_id = (int(x) for x in choice.split(":"))
                changed = service.change(trajectory, practice_id=practice_id, adviser_id=adviser_id, reason=reason,
                                         by=request.user)
            except ValueError:
                error = (_("Kies bij ‘Deze combinatie’ een adviseur.") if request.POST.get("option") == OTHER
                         else _("Kies een alternatief."))
            except service.MatchingError as exc:
                error = str(exc)
            else:
                messages.success(request, _("Voorstel gewijzigd."))
                if warning := service.ended_warning(changed):  # allowed by hand; auto-match would not propose it
                    messages.warning(request, warning)
                return redirect("admin:trajectories_matching", tranche_id=trajectory.tranche_id)
        context = {**self.admin_site.each_context(request), "title": _("Voorstel wijzigen"), "opts": self.model._meta,
                   "trajectory": trajectory, "options": options, "error": error, "other": OTHER,
                   "practices": practices, "advisers": advisers, "chosen_practice": request.POST.get("practice", ""),
                   "chosen_adviser": request.POST.get("adviser", ""),
                   "reason": request.POST.get("reason", ""), "chosen": request.POST.get("option", "")}
        return TemplateResponse(request, "admin/trajectories/matching_change.html", context)

    def chosen_practices_view(self, request, application_id):
        """The add form's good practices for an application (practice_options), as JSON for the page's script."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        options = practice_options(application_id)
        return JsonResponse({"options": [{"id": pk, "text": str(text)} for pk, text in options],
                             "empty": str("---------" if options else NO_CHOICE)})

    def replace_adviser_view(self, request, pk):
        """Another adviser for a confirmed or running trajectory (services.matching.replace_adviser decides)."""
        self._require(request)
        trajectory = get_object_or_404(Trajectory.objects.select_related(
            "tranche", "application__school", "practice__ambassador__school", "adviser__user"), pk=pk)
        error = ""
        if request.method == "POST":
            try:
                adviser_id = int(request.POST.get("adviser", ""))
            except ValueError:
                error = _("Kies een adviseur.")
            else:
                try:
                    done = service.replace_adviser(trajectory, adviser_id=adviser_id,
                                                   reason=request.POST.get("reason", ""), by=request.user)
                except service.MatchingError as exc:
                    error = str(exc)
                else:
                    messages.success(request, _("%(adviser)s begeleidt nu dit traject. Het koppel en beide "
                                                "adviseurs krijgen een mail.") % {"adviser": done.adviser})
                    return redirect("admin:trajectories_trajectory_change", trajectory.pk)
        context = {**self.admin_site.each_context(request), "title": _("Adviseur vervangen: %(t)s") % {"t": trajectory},
                   "opts": self.model._meta, "trajectory": trajectory, "error": error,
                   "options": service.adviser_options(trajectory), "chosen": request.POST.get("adviser", ""),
                   "reason": request.POST.get("reason", "")}
        return TemplateResponse(request, "admin/trajectories/replace_adviser.html", context)

    def _each(self, request, queryset, func, done):
        n = 0
        for trajectory in queryset:
            try:
                func(trajectory)
                n += 1
            except (service.MatchingError, WorkflowError) as exc:
                self.message_user(request, f"{trajectory}: {exc}", messages.ERROR)
        if n:
            text = done(n) if callable(done) else done  # a callable gives the plural form that fits n
            self.message_user(request, text % {"n": n}, messages.SUCCESS)

    @admin.action(description=_("Koppelingen exporteren als CSV (Excel-veilig)"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = csv_attachment(match_export.filename())
        match_export.write_matches_csv(queryset, response)
        return response

    @admin.action(description=_("Bevestigen"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        self._each(request, queryset, lambda t: service.confirm(t, by=request.user), _("%(n)s bevestigd."))

    @admin.action(description=_("Publiceren en koppel mailen"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._each(request, queryset, lambda t: service.publish(t, by=request.user), _("%(n)s gepubliceerd."))

    @admin.action(description=_("Voorstel afwijzen"), permissions=["change"])
    def reject_selected(self, request, queryset):
        try:
            n, errors = service.reject_many(queryset, by=request.user, reason=request.POST.get("reason", ""))
        except service.MatchingError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        for error in errors:
            self.message_user(request, error, messages.ERROR)
        if n:
            self.message_user(request, ngettext("%(n)s voorstel afgewezen.", "%(n)s voorstellen afgewezen.", n)
                              % {"n": n}, messages.SUCCESS)

    @admin.action(description=_("Koppeling beëindigen (school terug naar koppelen)"), permissions=["change"])
    def end_selected(self, request, queryset):
        reason = request.POST.get("reason", "")
        self._each(request, queryset, lambda t: service.end_match(t, by=request.user, reason=reason),
                   lambda n: ngettext(
                       "%(n)s koppeling beëindigd; de school staat weer bij de aanmeldingen zonder koppeling.",
                       "%(n)s koppelingen beëindigd; de scholen staan weer bij de aanmeldingen zonder koppeling.", n))

    def has_delete_permission(self, request, obj=None):
        """A trajectory is never deleted (its history, meetings and money hang on it): a proposal is rejected, a
        match ended, both with the reason in the history."""
        return False


def matching_link(tranche) -> str:
    return format_html('<a href="{}">{}</a>', reverse("admin:trajectories_matching", args=[tranche.pk]), _("koppelen"))
