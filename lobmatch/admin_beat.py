"""django-celery-beat's periodic-task admin with the programme's rights, and without inline script (the CSP).

Staff change *when* the programme's own tasks run (the schedule). Whether a task runs at all is not theirs to decide
(DESIGN.md: staff never decide "which tasks run"): switching off the outbox's task stops every mail of the programme.
Which task runs, with which arguments, on which queue is code execution. Only the superuser adds, deletes, runs,
switches on or off or rewrites a task."""

import calendar
import datetime as dt

import crontab
from cron_descriptor import (
    ExpressionDescriptor,
    FormatException,
    MissingFieldException,
    Options,
    WrongArgumentException,
)
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat import validators
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, cronexp

from .admin_columns import yes_no
from .roles import grants_rights

# A clocked schedule only runs once (django-celery-beat requires one_off with it), and running once is switching
# the task off afterwards, and a solar event comes once a day at most: so staff choose an interval or a crontab, and
# from when (the solar field is theirs to empty, for a task the superuser put on one).
SCHEDULE_FIELDS = ("interval", "crontab", "solar", "start_time")
# The package's actions that switch a task on or off, or run it now.
SUPERUSER_ACTIONS = ("enable_tasks", "disable_tasks", "toggle_tasks", "run_tasks")


# How long a task may go without running when staff set its schedule: an hour, as the programme's tasks are planned.
# A reminder goes out at the first run after its moment (drafts and meetings: 09:00 one day and seven days before),
# and the one of a day before has less than a day left: until a meeting that may start at 07:00 the next morning, or a
# deadline at any hour. A run at least every hour sends every reminder within the hour; a daily or weekly run, or a
# start days ahead, sends it late, after the meeting or deadline, or (past its moment) not at all. The messages and
# the staff's help texts say "een uur": change them with this value.
MAX_GAP = dt.timedelta(hours=1)
_PERIOD = {IntervalSchedule.DAYS: "days", IntervalSchedule.HOURS: "hours", IntervalSchedule.MINUTES: "minutes",
           IntervalSchedule.SECONDS: "seconds", IntervalSchedule.MICROSECONDS: "microseconds"}
# The crontab fields that must be "*" for a crontab to run every hour (the minute is staff's to choose).
HOURLY_CRONTAB_FIELDS = ("hour", "day_of_month", "month_of_year", "day_of_week")


def delays_reminders(schedule) -> str:
    """Why staff may not save or choose ``schedule`` (an interval, crontab or solar schedule, saved or not): it would
    leave its tasks longer than an hour without a run (see MAX_GAP), so a reminder could come after the deadline or
    meeting it is about. Empty when it runs at least every hour. The same message on the schedule's own page and on a
    task's."""
    if isinstance(schedule, IntervalSchedule):
        if schedule.every and dt.timedelta(**{_PERIOD[schedule.period]: schedule.every}) <= MAX_GAP:
            return ""
    elif isinstance(schedule, CrontabSchedule):
        if all((getattr(schedule, name) or "").strip() == "*" for name in HOURLY_CRONTAB_FIELDS):
            return ""
    elif schedule is None:
        return ""
    # (a solar event comes once a day at most)
    return str(_("Dit schema laat zijn taken langer dan een uur wachten. Een herinnering gaat uit bij de eerstvolgende "
                 "run en kan dan te laat komen, zelfs na de deadline of de bijeenkomst. Kies een interval van "
                 "hoogstens een uur, of een cronschema met “*” bij uur, dag van de maand, maand en dag van de week "
                 "(de minuut kiest u zelf)."))


def start_delays_reminders(start) -> str:
    """Why staff may not let a task start at ``start`` (None: at once): until then it does not run, which is a gap
    of its schedule like any other (see :func:`delays_reminders`). Empty when it starts within the hour."""
    if start is None or start <= timezone.now() + MAX_GAP:
        return ""
    return str(_("Tot de begintijd draait de taak niet. Ligt die verder dan een uur vooruit, dan kan een herinnering "
                 "te laat komen, zelfs na de deadline of de bijeenkomst. Kies een begintijd binnen een uur of laat "
                 "het veld leeg."))


SCHEDULE_KINDS = ("interval", "crontab", "solar", "clocked")


class _OneScheduleForm(forms.ModelForm):
    """A task runs on exactly one kind of schedule. The package checks that in the model's validate_unique, in English
    that gettext never sees ("Only one of clocked, interval, crontab, or solar must be set"): the form says it in
    Dutch, at the fields it is about, and then leaves the package's check out."""

    def clean(self):
        cleaned = super().clean()
        if any(name in self.errors for name in SCHEDULE_KINDS):  # (said at that field already)
            self._schedule_refused = True
            return cleaned
        chosen = [name for name in SCHEDULE_KINDS
                  if (cleaned.get(name) if name in self.fields else getattr(self.instance, name))]
        self._schedule_refused = len(chosen) != 1 or (
            "clocked" in chosen and not (cleaned.get("one_off") if "one_off" in self.fields else self.instance.one_off))
        if not chosen:
            self.add_error(None, _("Kies een planning voor deze taak: een interval of een cronschema."))
        elif len(chosen) > 1:
            for name in chosen:
                self.add_error(name if name in self.fields else None,
                               _("Kies één soort planning en laat de andere leeg."))
        elif self._schedule_refused:
            self.add_error("one_off", _("Een taak op een vast tijdstip draait één keer: vink ‘Eenmalige taak’ aan."))
        return cleaned

    def validate_unique(self):
        if not getattr(self, "_schedule_refused", False):
            super().validate_unique()


class PeriodicTaskForm(_OneScheduleForm, beat_admin.PeriodicTaskForm):
    """The package's form of the whole task (the superuser's), with the schedule check in Dutch."""


class ScheduleForm(_OneScheduleForm):
    """The part of a periodic task staff may change: when it runs (at least every hour, see
    :func:`delays_reminders`)."""

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
            "interval": _("Intervalschema waarop de taak draait, van hoogstens een uur. Stel maar één soort planning "
                          "in en laat de andere leeg."),
            "crontab": _("Cronschema waarop de taak draait, minstens elk uur. Stel maar één soort planning in en laat "
                         "de andere leeg."),
            "start_time": _("Vanaf dit moment start de planning de taak: hoogstens een uur vooruit, of leeg."),
        }

    def clean(self):
        cleaned = super().clean()
        for name in ("interval", "crontab", "solar"):
            if reason := delays_reminders(cleaned.get(name)):
                self.add_error(name, reason)
        return cleaned

    def clean_start_time(self):
        start = self.cleaned_data.get("start_time")
        if reason := start_delays_reminders(start):
            raise forms.ValidationError(reason, code="delays_reminders")
        return start


# The package names this model "clocked" in the singular and the plural alike, so the admin said "Vast tijdstip" for
# the list of them: give it its plural.
ClockedSchedule._meta.verbose_name_plural = _("vaste tijdstippen")
# The package gives the task's name a label that gettext never sees ("Task Name", in the form, the list's filter and
# the schedules' list of tasks).
PeriodicTask._meta.get_field("task").verbose_name = _("taaknaam")

# cron_descriptor's languages, by the page's language (it takes the process's locale, so the package said "Every
# hour" on a Dutch page).
_CRON_LOCALES = {"nl": "nl_NL", "en": "en_US"}


def crontab_in_words(crontab: CrontabSchedule) -> str:
    """What CrontabSchedule.human_readable says ("Elk uur Europe/Amsterdam"), in the page's language and on a 24-hour
    clock. Day and month names come from the process's locale: they are named as Django names them."""
    options = Options()
    options.locale_code = _CRON_LOCALES.get((get_language() or "nl")[:2], "en_US")
    options.use_24hour_time_format = True
    expression = " ".join(cronexp(getattr(crontab, name)) for name in
                          ("minute", "hour", "day_of_month", "month_of_year", "day_of_week"))
    try:
        words = ExpressionDescriptor(expression, options).get_description()
    except (MissingFieldException, FormatException, WrongArgumentException):
        words = expression
    for there, here in zip([*calendar.day_name, *calendar.month_name[1:]], [*WEEKDAYS.values(), *MONTHS.values()],
                           strict=True):
        words = words.replace(there, str(here))
    return f"{words} {crontab.timezone}"


# The package names a crontab "0 * * * * (m/h/dM/MY/d) Europe/Amsterdam", with abbreviations no gettext sees, and
# the admin shows that name in the task's list and choice of crontab, in page titles, messages and the history: in
# words there, in the page's language (the list of crontabs shows the five fields under their own headers).
CrontabSchedule.__str__ = crontab_in_words

admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    # The package's template has an inline script (the CSP blocks it): ours loads the same behaviour from a file.
    change_form_template = "admin/django_celery_beat/periodictask/change_form.html"
    form = PeriodicTaskForm
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

    @admin.display(description=_("in woorden"))
    def crontab_translation(self, obj):
        return crontab_in_words(obj.crontab) if obj.crontab else self.get_empty_value_display()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The package's view puts every crontab in words in English for the page's script: ours are in the page's
        # language (the rest of the package's view is Django's).
        readable = {crontab.pk: crontab_in_words(crontab) for crontab in CrontabSchedule.objects.all()}
        return admin.ModelAdmin.changeform_view(self, request, object_id, form_url,
                                                {**(extra_context or {}), "readable_crontabs": readable})

    @admin.action(description=beat_admin.PeriodicTaskAdmin.run_tasks.short_description)
    def run_tasks(self, request, queryset):
        # The package's refusal of a task that does not exist puts the task's name into its msgid (an f-string), so
        # no translation finds it: the same check first, in Dutch.
        self.celery_app.loader.import_default_modules()
        missing = next((task.task for task in queryset if task.task not in self.celery_app.tasks), None)
        if missing is not None:
            self.message_user(request, _("De taak “%(task)s” bestaat niet; er is niets gestart.") % {"task": missing},
                              level=messages.ERROR)
            return None
        return super().run_tasks(request, queryset)

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


# The five fields of a crontab in words, in the order of python-crontab's S_INFO (which holds their ranges).
CRON_FIELDS = (("minute", _("minuut")), ("hour", _("uur")), ("day_of_month", _("dag van de maand")),
               ("month_of_year", _("maand")), ("day_of_week", _("dag van de week")))


def cron_field_problem(name: str, value: str) -> str:
    """Why ``value`` cannot be the crontab's field ``name``, in Dutch, naming the field and its range; empty when it
    can. The package's own check decides (python-crontab, through django-celery-beat's validator of the field): its
    English ("'61', not in 0-59 for Minutes") never reaches gettext."""
    index = next(i for i, (field, _words) in enumerate(CRON_FIELDS) if field == name)
    try:
        getattr(validators, f"{name}_validator")(value)
    except ValidationError:
        info = crontab.S_INFO[index]
        return str(_("“%(value)s” kan niet bij ‘%(field)s’: kies een getal van %(min)s tot en met %(max)s, of “*” "
                     "(elke waarde). Ook een lijst (1,3), een reeks (1-5) of een stap (*/15) binnen die grenzen kan.")
                   % {"value": value, "field": CRON_FIELDS[index][1], "min": info["min"], "max": info["max"]})
    return ""


class _CronFieldsForm(forms.ModelForm):
    """A crontab's five fields checked one by one, with a Dutch message per field (:func:`cron_field_problem`); a
    field refused here is left out of the model's English check. A form without those fields checks nothing here."""

    def _clean_cron(self, name):
        value = self.cleaned_data.get(name)
        if value and (problem := cron_field_problem(name, value)):
            raise forms.ValidationError(problem, code="cron_field")
        return value

    def clean_minute(self):
        return self._clean_cron("minute")

    def clean_hour(self):
        return self._clean_cron("hour")

    def clean_day_of_month(self):
        return self._clean_cron("day_of_month")

    def clean_month_of_year(self):
        return self._clean_cron("month_of_year")

    def clean_day_of_week(self):
        return self._clean_cron("day_of_week")


class _StaffScheduleForm(_CronFieldsForm):
    """A schedule row as staff save it: one that still runs its tasks at least every hour (see delays_reminders)."""

    class Meta:
        # The package's examples ("1,15", "8,20", "days") are rows staff cannot save: their texts say what they can
        # (crontab and interval fields alike; each form uses the ones it has).
        help_texts = {
            **{name: _("Altijd “*”: dan draaien de taken elk uur, en komt geen herinnering te laat.")
               for name in HOURLY_CRONTAB_FIELDS},
            "every": _("Aantal perioden tussen twee runs, samen hoogstens een uur (bijvoorbeeld 15 minuten)."),
            "period": _("Soort periode tussen twee runs, bijvoorbeeld minuten: samen met het aantal hoogstens een "
                        "uur."),
        }

    def clean(self):
        cleaned = super().clean()
        if not self.errors and (reason := delays_reminders(self.instance.__class__(**{
                name: cleaned.get(name) for name in self._meta.fields if name in cleaned}))):
            raise forms.ValidationError(reason, code="delays_reminders")
        return cleaned


class _RightsScheduleMixin:
    """Staff keep the schedule rows they choose from (a crontab at another hour), the superuser anything."""

    def get_form(self, request, obj=None, **kwargs):
        if not grants_rights(request.user):
            kwargs["form"] = _StaffScheduleForm
        return super().get_form(request, obj, **kwargs)


admin.site.unregister(CrontabSchedule)
admin.site.unregister(IntervalSchedule)


@admin.register(CrontabSchedule)
class CrontabScheduleAdmin(_RightsScheduleMixin, beat_admin.CrontabScheduleAdmin):
    form = _CronFieldsForm  # (the superuser's; staff's adds the hourly rule)
    # The package's "human_readable" is English and so is its label: the crontab in words in the page's language (its
    # name, see CrontabSchedule.__str__ above), then its five fields.
    list_display = ("__str__", "minute", "hour", "day_of_month", "month_of_year", "day_of_week", "timezone")
    fields = ("in_words", "minute", "hour", "day_of_month", "month_of_year", "day_of_week", "timezone")
    readonly_fields = ("in_words",)

    @admin.display(description=_("in woorden"))
    def in_words(self, obj):
        return crontab_in_words(obj)


@admin.register(IntervalSchedule)
class IntervalScheduleAdmin(_RightsScheduleMixin, beat_admin.IntervalScheduleAdmin):
    pass
