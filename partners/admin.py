from defusedcsv import csv
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from lobmatch.workflow import WorkflowError

from . import services
from .models import DeadlineExtension, PartnerApplication, Preference, WorkingGroupMember


class ReasonActionForm(ActionForm):
    reason = forms.CharField(label=_("Reden"), required=False, max_length=500)


class MemberInline(admin.TabularInline):
    model = WorkingGroupMember
    extra = 0
    fields = ["name", "role", "email", "is_project_leader"]


class PreferenceInline(admin.TabularInline):
    model = Preference
    extra = 0
    autocomplete_fields = ["practice"]


class LateFilter(admin.SimpleListFilter):
    title = _("te laat / verlenging")
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("late", _("ingediend met verlenging")), ("extension", _("school heeft verlenging"))]

    def queryset(self, request, queryset):
        if self.value() == "late":
            return queryset.filter(submitted_late=True)
        if self.value() == "extension":
            has_extension = DeadlineExtension.objects.filter(school=OuterRef("school"), tranche=OuterRef("tranche"))
            return queryset.filter(Exists(has_extension))
        return queryset


@admin.register(PartnerApplication)
class PartnerApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["school", "brin", "province", "tranche", "status", "submitted_at", "submitted_late"]
    list_filter = ["tranche", "status", "school__province", LateFilter, "preferences__practice"]
    search_fields = ["school__name", "school__brin", "school__city", "project_leader_name", "project_leader_email"]
    list_select_related = ["school", "tranche"]
    readonly_fields = ["status", "submitted_at", "submitted_late", "created_by", "created_at"]
    autocomplete_fields = ["school"]
    inlines = [MemberInline, PreferenceInline]
    action_form = ReasonActionForm
    actions = ["start_review", "waitlist", "reject", "export_csv"]
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("tranche", "school", "status", "submitted_at", "submitted_late", "created_by")}),
        (_("Projectleider en schoolleider"), {"fields": (
            "project_leader_name", "project_leader_email", "project_leader_phone", "project_leader_position",
            "school_leader_name", "school_leader_email")}),
        (_("LOB en ambitie"), {"fields": ("lob_situation", "ambition", "motivation")}),
        (_("Beschikbaarheid"), {"fields": ("availability_kickoff", "availability_sessions")}),
        (_("Afspraken"), {"fields": ("commit_project_leader", "commit_working_group", "commit_school_leader",
                                     "consent_publicity", "consent_privacy")}),
    )

    @admin.display(description=_("BRIN"), ordering="school__brin")
    def brin(self, obj):
        return obj.school.code if obj.school_id else ""

    @admin.display(description=_("provincie"), ordering="school__province")
    def province(self, obj):
        return obj.school.get_province_display() if obj.school_id else ""

    def _change(self, request, queryset, transition, done):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(request, _("Geef een reden op (veld ‘Reden’ naast de actie)."), messages.ERROR)
            return
        changed = 0
        for application in queryset:
            try:
                services.change_status(application, transition, by=request.user, reason=reason)
                changed += 1
            except WorkflowError:
                self.message_user(request, _("%(app)s: niet mogelijk vanuit status ‘%(status)s’.")
                                  % {"app": application, "status": application.get_status_display()}, messages.WARNING)
        if changed:
            self.message_user(request, done % {"n": changed}, messages.SUCCESS)

    @admin.action(description=_("In behandeling nemen"), permissions=["change"])
    def start_review(self, request, queryset):
        self._change(request, queryset, "start_review", _("%(n)s aanmelding(en) in behandeling."))

    @admin.action(description=_("Op de wachtlijst zetten"), permissions=["change"])
    def waitlist(self, request, queryset):
        self._change(request, queryset, "waitlist", _("%(n)s aanmelding(en) op de wachtlijst."))

    @admin.action(description=_("Afwijzen"), permissions=["change"])
    def reject(self, request, queryset):
        self._change(request, queryset, "reject", _("%(n)s aanmelding(en) afgewezen."))

    @admin.action(description=_("Exporteren als CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="aanmeldingen-{stamp}.csv"'
        writer = csv.writer(response, delimiter=";")
        writer.writerow(["id", "school", "brin", "plaats", "provincie", "tranche", "status", "ingediend",
                         "projectleider", "e-mail projectleider", "schoolleider", "keuze 1", "keuze 2", "keuze 3",
                         "werkgroep"])
        rows = queryset.select_related("school", "tranche").prefetch_related("preferences__practice", "members")
        for app in rows:
            prefs = {p.rank: p.practice.title for p in app.preferences.all()}
            writer.writerow([
                app.pk, app.school.name if app.school_id else "", app.school.code if app.school_id else "",
                app.school.city if app.school_id else "", app.school.get_province_display() if app.school_id else "",
                str(app.tranche), app.get_status_display(),
                timezone.localtime(app.submitted_at).strftime("%d-%m-%Y %H:%M") if app.submitted_at else "",
                app.project_leader_name, app.project_leader_email, app.school_leader_name,
                prefs.get(1, ""), prefs.get(2, ""), prefs.get(3, ""), len(app.members.all()),
            ])
        return response


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(SimpleHistoryAdmin):
    list_display = ["school", "tranche", "until", "granted_by", "granted_at"]
    list_filter = ["tranche"]
    search_fields = ["school__name", "school__brin", "reason"]
    autocomplete_fields = ["school"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change):
        obj.granted_by = request.user
        super().save_model(request, obj, form, change)
