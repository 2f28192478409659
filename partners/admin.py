"""Staff review of applications: filters, a readable detail, reasoned status changes, CSV export, history."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_fsm import can_proceed

from lobmatch.admin import LabelledTabularInline, OnlyDraftsDeletedMixin, SchoolCodeSearchMixin, SimpleHistoryAdmin
from lobmatch.admin_columns import yes_no
from lobmatch.models import Province
from lobmatch.spreadsheets import csv_attachment
from lobmatch.workflow import status_history

from . import contributions, exports, services
from .forms import StaffReasonForm
from .models import DeadlineExtension, PartnerApplication, Preference, WorkingGroupMember

PROVINCES = dict(Province.choices)
STATUS_LABELS = dict(PartnerApplication.Status.choices)  # lazy labels: translated when shown

TRANSITION_LABELS = {
    "start_review": _("In behandeling nemen"),
    "waitlist": _("Op de wachtlijst zetten"),
    "reject": _("Afwijzen"),
    "withdraw": _("Intrekken namens de school"),
}


class SchoolsOwnInline(LabelledTabularInline):
    """The working group and the choices are the school's answers: the programme office reads them here and
    does not change them (a submitted application emptied in the admin was matched as it stood)."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MemberInline(SchoolsOwnInline):
    model = WorkingGroupMember
    fields = ["name", "role", "email", "is_project_leader"]


class PreferenceInline(SchoolsOwnInline):
    model = Preference
    fields = ["rank", "practice"]


class ApplicationContactsForm(forms.ModelForm):
    """Only the contact details can be changed (services.correct_contacts); the service's own check says whether
    they can stand, on the form, before anything is saved."""

    def _post_clean(self):
        super()._post_clean()  # puts the cleaned values on the instance
        if not self.errors:
            for problem in services.contact_problems(self.instance):
                self.add_error(None, problem)


class LateFilter(admin.SimpleListFilter):
    title = _("te laat / verlenging")
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("late", _("ingediend met verlenging")), ("extension", _("school heeft een verlenging")),
                ("on_time", _("op tijd ingediend"))]

    def queryset(self, request, queryset):
        if self.value() == "late":
            return queryset.filter(submitted_late=True)
        if self.value() == "on_time":
            return queryset.filter(submitted_at__isnull=False, submitted_late=False)
        if self.value() == "extension":
            has_extension = DeadlineExtension.objects.filter(school=OuterRef("school"), tranche=OuterRef("tranche"))
            return queryset.filter(Exists(has_extension))
        return queryset


class PreferredPracticeFilter(admin.SimpleListFilter):
    """'Wie wil deze good practice?': the applications that chose (at any rank) a good practice whose title contains
    the typed text. A search field, not a list: 300 practices were 300 links on every render of the list."""

    title = _("gekozen good practice")
    parameter_name = "gekozen"
    template = "admin/partners/practice_filter.html"

    def lookups(self, request, model_admin):
        return ()  # nothing to list: the choice is typed

    def has_output(self):
        return True

    def choices(self, changelist):
        yield {"value": self.value() or "",
               # the other filters, the search and the order stay as they are
               "hidden": [(name, value) for name, value in changelist.params.items() if name != self.parameter_name],
               "clear": changelist.get_query_string(remove=[self.parameter_name])}

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Exists(Preference.objects.filter(application=OuterRef("pk"),
                                                                    practice__title__icontains=self.value().strip())))
        return queryset


@admin.register(PartnerApplication)
class PartnerApplicationAdmin(OnlyDraftsDeletedMixin, SchoolCodeSearchMixin, SimpleHistoryAdmin):
    drafts = services  # only a draft is deleted; a submitted application is rejected or withdrawn
    list_display = ["school", "brin", "province", "tranche", "status_label", "submitted_at",
                    yes_no("submitted_late", _("met verlenging"))]
    list_filter = ["tranche", "status", "school__province", LateFilter, PreferredPracticeFilter]
    search_fields = ["school__name", "=school__brin", "school__city", "project_leader_name", "project_leader_email"]
    list_select_related = ["school", "tranche"]
    readonly_fields = ["status", "submitted_at", "submitted_late", "created_by", "created_at", "school_entry",
                       "status_actions", "status_history_table"]
    autocomplete_fields = ["school"]
    inlines = [MemberInline, PreferenceInline]
    form = ApplicationContactsForm
    actions = ["start_review", "waitlist", "reject", "withdraw", "export_csv"]
    list_per_page = 50
    show_full_result_count = False  # one COUNT(*) per page instead of two at 10,000 applications
    fieldsets = (
        (None, {"fields": ("tranche", "school", "school_entry", "status", "status_actions", "submitted_at",
                           "submitted_late", "created_by")}),
        (_("Projectleider en schoolleider"), {"fields": (
            "project_leader_name", "project_leader_email", "project_leader_phone", "project_leader_position",
            "school_leader_name", "school_leader_email")}),
        (_("LOB en ambitie"), {"fields": ("lob_situation", "ambition", "motivation")}),
        (_("Beschikbaarheid"), {"fields": ("availability_kickoff", "availability_sessions")}),
        (_("Afspraken"), {"fields": ("commit_project_leader", "commit_working_group", "commit_school_leader",
                                     "consent_publicity", "consent_privacy")}),
        (_("Verloop"), {"fields": ("status_history_table",)}),
    )

    def has_add_permission(self, request):
        return False  # a school applies through the form; an application made here skipped every rule of it

    def get_search_results(self, request, queryset, search_term):
        """Choosing the application of a trajectory added by hand (its autocomplete) lists only those that matching
        may still take, by the rule saving it applies (registered by the matching side): a draft, a rejected or a
        withdrawn one, or one that already has a proposal or trajectory, would be refused after saving."""
        if (request.GET.get("app_label"), request.GET.get("model_name"), request.GET.get("field_name")) == (
                "trajectories", "trajectory", "application"):
            queryset = contributions.still_to_match(queryset)
        return super().get_search_results(request, queryset, search_term)

    def get_readonly_fields(self, request, obj=None):
        """Everything but the contact details; a draft entirely (the school is still writing it)."""
        editable = () if obj is None or obj.is_editable else services.CONTACT_FIELDS
        return [*self.readonly_fields, *(f for f in flatten_fieldsets(self.fieldsets)
                                         if f not in editable and f not in self.readonly_fields)]

    def save_model(self, request, obj, form, change):
        changes = {field: form.cleaned_data[field] for field in form.changed_data if field in services.CONTACT_FIELDS}
        if changes:
            corrected = services.correct_contacts(obj, changes, by=request.user)
            if corrected.invitations_sent:
                self.message_user(request, ngettext(
                    "%(n)s uitnodiging voor een geplande bijeenkomst is naar het nieuwe adres gestuurd.",
                    "%(n)s uitnodigingen voor geplande bijeenkomsten zijn naar het nieuwe adres gestuurd.",
                    corrected.invitations_sent) % {"n": corrected.invitations_sent}, messages.INFO)

    @admin.display(description=_("BRIN"), ordering="school__brin")
    def brin(self, obj):
        return obj.school.code if obj.school_id else ""

    # The labels from a dict made once: get_FOO_display() rebuilds the field's choices on every call, twice a row.
    @admin.display(description=_("provincie"), ordering="school__province")
    def province(self, obj):
        return PROVINCES.get(obj.school.province, obj.school.province) if obj.school_id else ""

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        return str(STATUS_LABELS.get(obj.status, obj.status))

    @admin.display(description=_("statuswijziging"))
    def status_actions(self, obj):
        if not obj.pk:
            return "—"
        links = [{"url": reverse("admin:partners_partnerapplication_transition", args=[obj.pk, name]), "label": label}
                 for name, label in TRANSITION_LABELS.items() if can_proceed(getattr(obj, name))]
        return render_to_string("partners/admin/status_actions.html", {"links": links})

    @admin.display(description=_("statusgeschiedenis"))
    def status_history_table(self, obj):
        if not obj.pk:
            return "—"
        labels = dict(PartnerApplication.Status.choices)
        history = [{"at": c.at, "status": labels.get(c.target, c.target), "by": c.by, "reason": c.reason}
                   for c in status_history(obj)]
        return render_to_string("partners/admin/status_history.html", {"history": history})

    def get_urls(self):
        return [
            path("<int:pk>/status/<str:transition>/", self.admin_site.admin_view(self.transition_view),
                 name="partners_partnerapplication_transition"),
            *super().get_urls(),
        ]

    # --- status changes: an intermediate page asks for the reason, the service applies the transition ---

    def _reason_page(self, request, queryset, transition, *, single: bool):
        """Ask for the reason (GET or first POST); apply when the reason is there. None means: done, go back."""
        form = StaffReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, refused = 0, []
            for application in queryset:
                try:
                    services.change_status(application, transition, by=request.user,
                                           reason=form.cleaned_data["reason"])
                    done += 1
                except services.ApplicationError as exc:
                    refused.append(str(exc))
            if done:
                self.message_user(request, ngettext("%(action)s: %(n)s aanmelding gewijzigd.",
                                                    "%(action)s: %(n)s aanmeldingen gewijzigd.", done)
                                  % {"action": TRANSITION_LABELS[transition], "n": done}, messages.SUCCESS)
            for message in refused:
                self.message_user(request, message, messages.WARNING)
            return None
        applications = list(queryset.select_related("school", "tranche"))
        context = {
            **self.admin_site.each_context(request),
            "title": TRANSITION_LABELS[transition], "opts": self.model._meta, "form": form,
            "allowed": [a for a in applications if can_proceed(getattr(a, transition))],
            "refused": [a for a in applications if not can_proceed(getattr(a, transition))],
            "transition": transition, "single": single,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "partners/admin/transition_reason.html", context)

    def transition_view(self, request, pk, transition):
        if transition not in TRANSITION_LABELS or not self.has_change_permission(request):
            return HttpResponseRedirect(reverse("admin:partners_partnerapplication_changelist"))
        get_object_or_404(PartnerApplication, pk=pk)
        response = self._reason_page(request, PartnerApplication.objects.filter(pk=pk), transition, single=True)
        return response or HttpResponseRedirect(reverse("admin:partners_partnerapplication_change", args=[pk]))

    @admin.action(description=TRANSITION_LABELS["start_review"], permissions=["change"])
    def start_review(self, request, queryset):
        return self._reason_page(request, queryset, "start_review", single=False)

    @admin.action(description=TRANSITION_LABELS["waitlist"], permissions=["change"])
    def waitlist(self, request, queryset):
        return self._reason_page(request, queryset, "waitlist", single=False)

    @admin.action(description=TRANSITION_LABELS["reject"], permissions=["change"])
    def reject(self, request, queryset):
        return self._reason_page(request, queryset, "reject", single=False)

    @admin.action(description=TRANSITION_LABELS["withdraw"], permissions=["change"])
    def withdraw(self, request, queryset):
        return self._reason_page(request, queryset, "withdraw", single=False)

    @admin.action(description=_("Exporteren als CSV (Excel-veilig)"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = csv_attachment(exports.filename())
        exports.write_applications_csv(queryset, response)
        return response


class DeadlineExtensionForm(forms.ModelForm):
    class Meta:
        model = DeadlineExtension
        fields = ["tranche", "school", "until", "reason"]

    def clean(self):
        data = super().clean()
        for field, problem in services.extension_problems(data.get("tranche"), data.get("until")).items():
            self.add_error(field, problem)
        tranche, school = data.get("tranche"), data.get("school")
        if self.instance.pk is None and tranche and school:
            existing = DeadlineExtension.objects.filter(tranche=tranche, school=school).first()
            if existing is not None:  # one per school per tranche: say where it is, instead of Django's "bestaat al"
                self.add_error("school", format_html(
                    _("{school} heeft in {tranche} al een verlenging, tot {until}. "
                      "<a href=\"{url}\">Wijzig die verlenging</a> om de datum of de reden aan te passen."),
                    school=school, tranche=tranche,
                    until=date_format(timezone.localtime(existing.until), "SHORT_DATETIME_FORMAT"),
                    url=reverse("admin:partners_deadlineextension_change", args=[existing.pk])))
        return data


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(SchoolCodeSearchMixin, SimpleHistoryAdmin):
    form = DeadlineExtensionForm
    list_display = ["school", "tranche", "until", "granted_by", "granted_at"]
    list_filter = ["tranche"]
    list_select_related = ["school", "tranche", "granted_by"]
    search_fields = ["school__name", "=school__brin", "reason"]
    autocomplete_fields = ["school"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change):
        extension = services.grant_extension(tranche=obj.tranche, school=obj.school, until=obj.until,
                                             reason=obj.reason, by=request.user)
        obj.pk, obj.granted_by, obj.granted_at = extension.pk, extension.granted_by, extension.granted_at
