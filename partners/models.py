"""The partner-school application (aanmelding partnerschool), its working group, preferences and extensions."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from ambassadors.models import GoodPractice
from lobmatch.models import School, Tranche

MIN_WORKING_GROUP = 3
MAX_WORKING_GROUP = 8
MAX_PREFERENCES = 3


LONG_TEXT = 10_000  # characters of one of the application's answers


class PartnerApplication(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        SUBMITTED = "submitted", _("ingediend")
        UNDER_REVIEW = "under_review", _("in behandeling")
        MATCHED = "matched", _("gekoppeld")
        WAITLISTED = "waitlisted", _("op de wachtlijst")
        REJECTED = "rejected", _("afgewezen")
        WITHDRAWN = "withdrawn", _("ingetrokken")

    NOT_COUNTING = [Status.DRAFT, Status.WITHDRAWN]  # per school one application counts (see the constraint)
    TO_MATCH = [Status.SUBMITTED, Status.UNDER_REVIEW, Status.WAITLISTED]  # what matching may give a trajectory

    tranche = models.ForeignKey(Tranche, on_delete=models.PROTECT, related_name="applications",
                                verbose_name=_("tranche"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="applications",
                               verbose_name=_("school"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="partner_applications", verbose_name=_("ingevuld door"))
    status = FSMField(_("status"), default=Status.DRAFT, choices=Status.choices, max_length=20, db_index=True)

    project_leader_name = models.CharField(_("naam projectleider"), max_length=120, blank=True)
    project_leader_email = models.EmailField(_("e-mail projectleider"), blank=True)
    project_leader_phone = models.CharField(_("telefoon projectleider"), max_length=40, blank=True)
    project_leader_position = models.CharField(_("functie projectleider"), max_length=120, blank=True)
    school_leader_name = models.CharField(_("naam schoolleider"), max_length=120, blank=True)
    school_leader_email = models.EmailField(_("e-mail schoolleider"), blank=True)

    # A few pages each at most (the form says so when more is typed): a whole form then always fits in what is kept
    # for someone who types before logging in (partners.pending.MAX_CHARS).
    lob_situation = models.TextField(_("huidige LOB-situatie"), blank=True, max_length=LONG_TEXT)
    ambition = models.TextField(_("ambitie"), blank=True, max_length=LONG_TEXT)
    motivation = models.TextField(_("motivatie"), blank=True, max_length=LONG_TEXT)
    availability_kickoff = models.TextField(_("beschikbaarheid startgesprek"), blank=True, max_length=LONG_TEXT)
    availability_sessions = models.TextField(_("beschikbaarheid begeleide bijeenkomsten"), blank=True,
                                             max_length=LONG_TEXT)

    commit_project_leader = models.BooleanField(_("wij stellen een projectleider aan"), default=False)
    commit_working_group = models.BooleanField(
        _("wij stellen de werkgroep vrij voor drie begeleide bijeenkomsten van ongeveer vier uur"), default=False
    )
    commit_school_leader = models.BooleanField(
        _("de schoolleider is aanwezig bij het startgesprek, de eerste bijeenkomst en het adviesgesprek"),
        default=False,
    )
    consent_publicity = models.BooleanField(
        _("wij werken mee aan publiciteit over het project (sociale media, website VO-raad)"), default=False
    )
    consent_privacy = models.BooleanField(_("ik heb de privacyverklaring gelezen en ga akkoord"), default=False)

    # A school that is not in the register yet: what the applicant typed, kept with the draft and turned into a
    # School only when the application is submitted (so typos never become schools).
    school_entry = models.JSONField(_("ingevoerde nieuwe school"), default=dict, blank=True)

    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    submitted_late = models.BooleanField(_("ingediend met verlenging"), default=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("aanmelding partnerschool")
        verbose_name_plural = _("aanmeldingen partnerscholen")
        constraints = [
            # One application per school per tranche that counts: submitted or further. Drafts do not count, so
            # that an account typing a school's code cannot keep that school from applying (the first submitted
            # draft is the school's application; colleagues are told of each other's drafts).
            models.UniqueConstraint(
                fields=["school", "tranche"],
                condition=~Q(status__in=["withdrawn", "draft"]),
                name="one_live_application_per_school_per_tranche",
                violation_error_message=_("Deze school heeft zich voor deze tranche al aangemeld."),
            ),
        ]
        indexes = [
            # A tranche's applications by status, with the school and id beside them: the dashboard counts them
            # per status and province, and its first choices per practice, from this index alone (an index-only
            # scan) instead of reading 10,000 wide rows (trajectories.documents.tranche_figures).
            models.Index(fields=["tranche", "status"], include=["school", "id"], name="application_tranche_counts"),
            # The default ordering (the admin adds -id): the staff changelist reads its page off this index.
            models.Index(fields=["-submitted_at", "-created_at", "-id"], name="application_list_order"),
            # A personal calendar feed finds the trajectories of an address (trajectories.services.planning).
            models.Index(Upper("project_leader_email"), name="application_leader_email_ci"),
            models.Index(Upper("school_leader_email"), name="application_school_leader_ci"),
        ]

    def __str__(self):
        school = self.school.name if self.school_id else _("(nog geen school)")
        return f"{school} – {self.tranche}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @transition(field=status, source=Status.DRAFT, target=Status.SUBMITTED)
    def submit(self, late: bool = False):
        self.submitted_at = timezone.now()
        self.submitted_late = late

    # Until the deadline (or the school's extension) a school may change what it submitted; the change is a
    # submission of its own, so the history shows it and the moment that counts for the deadline is the last one.
    @transition(field=status, source=Status.SUBMITTED, target=Status.SUBMITTED)
    def resubmit(self, late: bool = False):
        self.submitted_at = timezone.now()
        self.submitted_late = late

    @transition(field=status, source=Status.SUBMITTED, target=Status.UNDER_REVIEW)
    def start_review(self):
        pass

    @transition(field=status, source=[Status.SUBMITTED, Status.UNDER_REVIEW, Status.WAITLISTED],
                target=Status.MATCHED)
    def match(self):
        pass

    # Not from 'matched': a matched school has a trajectory; cancelling that (which unmatches) comes first.
    @transition(field=status, source=[Status.SUBMITTED, Status.UNDER_REVIEW], target=Status.WAITLISTED)
    def waitlist(self):
        pass

    @transition(field=status, source=[Status.SUBMITTED, Status.UNDER_REVIEW, Status.WAITLISTED],
                target=Status.REJECTED)
    def reject(self):
        pass

    @transition(field=status, source=[Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.WAITLISTED],
                target=Status.WITHDRAWN)
    def withdraw(self):
        pass

    @transition(field=status, source=Status.MATCHED, target=Status.SUBMITTED)
    def unmatch(self):
        pass


class WorkingGroupMember(models.Model):
    application = models.ForeignKey(PartnerApplication, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("naam"), max_length=120, blank=True)  # a draft may hold a row with only an e-mail
    role = models.CharField(_("functie"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_project_leader = models.BooleanField(_("projectleider"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("werkgroeplid")
        verbose_name_plural = _("werkgroepleden")
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(is_project_leader=True), name="one_project_leader_per_group"
            ),
        ]
        # A personal calendar feed finds the trajectories of an address (trajectories.services.planning).
        indexes = [models.Index(Upper("email"), name="member_email_ci")]

    def __str__(self):
        return self.name


class Preference(models.Model):
    application = models.ForeignKey(PartnerApplication, on_delete=models.CASCADE, related_name="preferences")
    practice = models.ForeignKey(GoodPractice, on_delete=models.PROTECT, related_name="preferences",
                                 verbose_name=_("good practice"))
    rank = models.PositiveSmallIntegerField(
        _("voorkeur"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PREFERENCES)]
    )

    class Meta:
        ordering = ["rank"]
        verbose_name = _("voorkeur")
        verbose_name_plural = _("voorkeuren")
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="preference_unique_rank"),
            models.UniqueConstraint(fields=["application", "practice"], name="preference_unique_practice"),
            models.CheckConstraint(condition=Q(rank__gte=1, rank__lte=MAX_PREFERENCES), name="preference_rank_1_3"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.practice}"


class DeadlineExtension(models.Model):
    """Staff let exactly one school submit after the deadline, until a given moment, for a recorded reason."""

    tranche = models.ForeignKey(Tranche, on_delete=models.CASCADE, related_name="extensions")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="deadline_extensions")
    until = models.DateTimeField(_("verlengd tot"))
    reason = models.TextField(_("reden"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("toegekend door"),
                                   null=True, on_delete=models.SET_NULL)
    granted_at = models.DateTimeField(_("toegekend op"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verlenging deadline")
        verbose_name_plural = _("verlengingen deadline")
        constraints = [models.UniqueConstraint(fields=["tranche", "school"], name="one_extension_per_school")]

    def __str__(self):
        return f"{self.school} tot {timezone.localtime(self.until):%d-%m-%Y %H:%M}"
