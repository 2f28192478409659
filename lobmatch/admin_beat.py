"""django-celery-beat's periodic-task admin with the programme's rights, and without inline script (the CSP).

Staff change *when* the programme's own tasks run (the schedule). Whether a task runs at all is not theirs to decide
(DESIGN.md: staff never decide "which tasks run"): switching off the outbox's task stops every mail of the programme.
Which task runs, with which arguments, on which queue is code execution. Only the superuser adds, deletes, runs,
switches on or off or rewrites a task."""

import datetime as dt

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask

from .admin_columns import yes_no
from .roles import grants_rights

# A clocked schedule only runs once (django-celery-beat requires one_off with it), and running once is switching
# the task off afterwards: so staff choose an interval, a crontab or a solar event, and from when.
SCHEDULE_FIELDS = ("interval", "crontab", "solar", "start_time")
# The package's actions that switch a task on or off, or run it now.
SUPERUSER_ACTIONS = ("enable_tasks", "disable_tasks", "toggle_tasks", "run_tasks")


# A start far ahead stops the task until then, which is switching it off: staff re-time a task within this reach.
MAX_START_AHEAD = dt.timedelta(days=31)


# A schedule staff save or choose runs at least once a week (the finance digest, the programme's rarest task, is
# weekly): a schedule that runs once a year, or never ("0 0 31 2 *"), is switching its tasks off.
MAX_INTERVAL = dt.timedelta(days=7)
_PERIOD = {IntervalSchedule.DAYS: "days", IntervalSchedule.HOURS: "hours", IntervalSchedule.MINUTES: "minutes",
           IntervalSchedule.SECONDS: "seconds", IntervalSchedule.MICROSECONDS: "microseconds"}


def stops_its_tasks(schedule) -> str:
    """Why staff may not save or choose ``schedule`` (an interval, crontab or solar schedule, saved or not): it
    would run its tasks less than once a week, or never. Empty when it runs at least weekly. The same message on the
    schedule's own page and on a task's."""
    if isinstance(schedule, IntervalSchedule):
        if schedule.every and dt.timedelta(**{_PERIOD[schedule.period]: schedule.every}) <= MAX_INTERVAL:
            return ""
    elif isinstance(schedule, CrontabSchedule):
        # Every day of the month in every month: then it runs in every week on the days of the week it names.
        if (schedule.day_of_month or "").strip() == "*" and (schedule.month_of_year or "").strip() == "*":
            return ""
    elif schedule is None:
        return ""
    return str(_("Dit schema voert zijn taken minder dan eens per week uit (of nooit), en dat is ze stilzetten; dat "
                 "beslist alleen de beheerder. Kies een interval van hoogstens %(days)s dagen, of een crontab met "
                 "“*” als dag van de maand en als maand (de dagen van de week mag u kiezen).")
               % {"days": MAX_INTERVAL.days})


class ScheduleForm(forms.ModelForm):
    """The part of a periodic task staff may change: when it runs (at least weekly, see :func:`stops_its_tasks`)."""

    class Meta:
        model = PeriodicTask
        fields = SCHEDULE_FIELDS
        # The package's help texts tell the superuser what to do with a field; staff cannot switch the task off nor
        # choose a clocked or solar schedule (the fields show read-only or are refused), so they read what is true
        # for them. The superuser's page keeps the package's texts.
        help_texts = {
            "enabled": _("Of de taak draait, beslist de beheerder. U kiest wanneer ze draait: bij Planning."),
            "solar": _("Een zonnestand kiest alleen de beheerder: laat dit veld leeg en kies een interval of een "
                       "cronschema."),
            "clocked": _("Een vast tijdstip kiest alleen de beheerder (de taak draait dan één keer)."),
        }

    def clean(self):
        cleaned = super().clean()
        for name in ("interval", "crontab", "solar"):
            if reason := stops_its_tasks(cleaned.get(name)):
                self.add_error(name, reason)
        return cleaned

    def clean_start_time(self):
        start = self.cleaned_data.get("start_time")
        if start is not None and start > timezone.now() + MAX_START_AHEAD:
            raise forms.ValidationError(
                _("Een begintijd verder dan %(days)s dagen vooruit zet de taak tot dan stil (geen herinneringen of "
                  "mails); dat beslist alleen de beheerder. Kies een begintijd binnen %(days)s dagen of laat het veld "
                  "leeg.") % {"days": MAX_START_AHEAD.days}, code="too_far_ahead")
        return start


# The package names this model "clocked" in the singular and the plural alike, so the admin said "Vast tijdstip" for
# the list of them: give it its plural.
ClockedSchedule._meta.verbose_name_plural = _("vaste tijdstippen")

admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    # The package's template has an inline script (the CSP blocks it): ours loads the same behaviour from a file.
    change_form_template = "admin/django_celery_beat/periodictask/change_form.html"
    # The package's column "scheduler" is a bare attribute name, shown in English: ours has a Dutch header.
    list_display = ("name", yes_no("enabled", model=PeriodicTask), "schedule", "start_time", "last_run_at",
                    yes_no("one_off", model=PeriodicTask))
    schedule_fieldsets = (
        (None, {"fields": ("name", "task", "enabled", "description")}),
        (_("Schedule"), {"fields": ("interval", "crontab", "crontab_translation", "solar", "clocked", "start_time",
                                    "last_run_at", "one_off")}),
        (_("Arguments"), {"fields": ("args", "kwargs")}),
        (_("Execution Options"), {"fields": ("expires", "expire_seconds", "queue", "exchange", "routing_key",
                                             "priority", "headers")}),
    )

    @admin.display(description=_("planning"))
    def schedule(self, obj):
        return obj.scheduler

    def has_add_permission(self, request):
        return grants_rights(request.user)

    def has_delete_permission(self, request, obj=None):
        return grants_rights(request.user)

    def get_fieldsets(self, request, obj=None):
        if grants_rights(request.user):
            return super().get_fieldsets(request, obj)
        return self.schedule_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if grants_rights(request.user):
            return super().get_readonly_fields(request, obj)
        shown = [name for _title, options in self.schedule_fieldsets for name in options["fields"]]
        return [name for name in shown if name not in SCHEDULE_FIELDS]

    def get_form(self, request, obj=None, **kwargs):
        if not grants_rights(request.user):
            kwargs["form"] = ScheduleForm
        return super().get_form(request, obj, **kwargs)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not grants_rights(request.user):
            for name in SUPERUSER_ACTIONS:
                actions.pop(name, None)
        return actions


class _StaffScheduleForm(forms.ModelForm):
    """A schedule row as staff save it: one that still runs its tasks at least weekly (see stops_its_tasks)."""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and (reason := stops_its_tasks(self.instance.__class__(**{
                name: cleaned.get(name) for name in self._meta.fields if name in cleaned}))):
            raise forms.ValidationError(reason, code="stops_its_tasks")
        return cleaned


class _RightsScheduleMixin:
    """Staff keep the schedule rows they choose from (a crontab at another hour), the superuser anything."""

    def get_form(self, request, obj=None, **kwargs):
        if not grants_rights(request.user):
            kwargs["form"] = _StaffScheduleForm
        return super().get_form(request, obj, **kwargs)


for _model, _base in ((CrontabSchedule, beat_admin.CrontabScheduleAdmin),
                      (IntervalSchedule, beat_admin.IntervalScheduleAdmin)):
    admin.site.unregister(_model)
    admin.site.register(_model, type(_base.__name__, (_RightsScheduleMixin, _base), {"__module__": __name__}))
