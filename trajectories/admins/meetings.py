"""Admin of meetings and pulse answers. Logs are written by the adviser (and corrected by finance) through the
services, so here they are read-only: only the planning (date, duration, location) of a planned meeting is editable,
and a change to it goes through :func:`trajectories.services.planning.plan_meeting` as the adviser's does (its
refusals at the form, its warnings after saving, everyone's calendar updated)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from lobmatch.admin import LabelledTabularInline, SimpleHistoryAdmin

from ..models import Attendance, Meeting
from ..services import planning
from ..services.meetings import MeetingError

PLAN_FIELDS = ("planned_start", "duration_minutes", "location")

LOG_FIELDS = ["trajectory", "kind", "number", "status", "school_leader_present", "ambassador_present", "notes",
              "agreed_actions", "progress", "logged_at", "logged_by"]


class AttendanceInline(LabelledTabularInline):
    model = Attendance
    fields = ["member", "hours_present"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class MeetingPlanForm(forms.ModelForm):
    """The planning of a planned meeting, checked by the planning service before anything is saved."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or not set(PLAN_FIELDS) & set(self.changed_data):
            return cleaned
        start, duration = cleaned.get("planned_start"), cleaned.get("duration_minutes")
        if start is None:
            raise forms.ValidationError(_("Een geplande bijeenkomst houdt een datum. Gaat ze niet door, dan annuleert "
                                          "de adviseur haar op de pagina van het traject."))
        if duration:
            try:  # the instance still holds the saved planning here (the form copies the fields after clean)
                planning.schedule_warnings(self.instance, start, duration, cleaned.get("location") or "")
            except MeetingError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return cleaned


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    form = MeetingPlanForm
    list_display = ["__str__", "school", "planned_start", "status", "progress", "logged_at"]
    list_filter = ["kind", "status", "trajectory__tranche"]
    search_fields = ["trajectory__application__school__name", "trajectory__adviser__user__email"]
    list_select_related = ["trajectory__application__school"]
    date_hierarchy = "planned_start"
    fields = ["planned_start", "duration_minutes", "location", *LOG_FIELDS]
    inlines = [AttendanceInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Meeting.Status.PLANNED:
            return ["planned_start", "duration_minutes", "location", *LOG_FIELDS]
        return LOG_FIELDS

    def has_add_permission(self, request):
        return False  # meetings are created per trajectory by ensure_meetings()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """A new date, duration or place is planned by the service: the one way to set them (invitations, updates,
        an open poll closed), whoever does it."""
        if not change or not set(PLAN_FIELDS) & set(form.changed_data):
            return
        try:
            warnings = planning.plan_meeting(Meeting.objects.get(pk=obj.pk), start=obj.planned_start,
                                             duration_minutes=obj.duration_minutes, location=obj.location,
                                             by=request.user)
        except MeetingError as exc:  # changed between the form's check and the save
            self.message_user(request, str(exc), messages.ERROR)
            return
        for warning in warnings:
            self.message_user(request, warning, messages.WARNING)

    @admin.display(description=_("school"), ordering="trajectory__application__school__name")
    def school(self, obj):
        return obj.trajectory.application.school.name


# No admin for the pulse survey's answers: they are shown only as aggregates of at least three answers (DESIGN.md,
# the trajectory report), and one answer on its own page, next to who was asked, names the person who gave it.
