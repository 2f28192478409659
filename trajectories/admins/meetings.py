"""Admin of meetings and pulse answers. Logs are written by the adviser (and corrected by finance) through the
services, so here they are read-only: only the planning (date, duration, location) of a planned meeting is editable."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lobmatch.admin import LabelledTabularInline, SimpleHistoryAdmin

from ..models import Attendance, Meeting, PulseResponse

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


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
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

    @admin.display(description=_("school"), ordering="trajectory__application__school__name")
    def school(self, obj):
        return obj.trajectory.application.school.name


@admin.register(PulseResponse)
class PulseResponseAdmin(admin.ModelAdmin):
    """Anonymous answers: read-only, never linked to a person."""

    list_display = ["meeting", "useful", "progress", "support", "answered_on"]
    list_filter = ["answered_on"]
    list_select_related = ["meeting"]
    readonly_fields = ["meeting", "useful", "progress", "support", "comment", "answered_on"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
