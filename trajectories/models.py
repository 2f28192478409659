"""Advisers, trajectories (scholenkoppels), their meetings and logs, pulse surveys, outcomes, and the money:
reimbursement claims (declaraties verletkosten) and the immutable finance export batches."""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from ambassadors.models import GoodPractice
from lobmatch.models import School, Theme, Tranche
from lobmatch.validators import validate_quarter_hours
from partners.models import PartnerApplication, WorkingGroupMember


class Adviser(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="adviser")
    expertise = models.ManyToManyField(Theme, verbose_name=_("expertise (LOB-thema's)"), blank=True,
                                       related_name="advisers")
    provinces = models.JSONField(_("provincies (werkgebied)"), default=list, blank=True,
                                 help_text=_("Provinciecodes, bijvoorbeeld [\"NB\", \"LI\"]."))
    capacity = models.PositiveSmallIntegerField(
        _("capaciteit per tranche"), null=True, blank=True,
        help_text=_("Maximaal aantal trajecten per tranche; leeg = de standaard van de tranche."),
    )
    ties = models.ManyToManyField(School, verbose_name=_("banden met scholen (uitgesloten)"), blank=True,
                                  related_name="tied_advisers")
    bio = models.TextField(_("profiel"), blank=True)
    active = models.BooleanField(_("actief"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("externe adviseur")
        verbose_name_plural = _("externe adviseurs")

    def __str__(self):
        return str(self.user)

    def capacity_for(self, tranche: Tranche) -> int:
        return self.capacity if self.capacity is not None else tranche.adviser_capacity


class Trajectory(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("voorgesteld")
        CONFIRMED = "confirmed", _("bevestigd")
        PUBLISHED = "published", _("gepubliceerd")
        COMPLETED = "completed", _("afgerond")
        CANCELLED = "cancelled", _("geannuleerd")

    ACTIVE = [Status.PROPOSED, Status.CONFIRMED, Status.PUBLISHED, Status.COMPLETED]
    # What the school, ambassador and adviser read: the workflow's words ("gepubliceerd") are the programme office's.
    PARTICIPANT_LABELS = {
        Status.PROPOSED: _("in voorbereiding"),
        Status.CONFIRMED: _("in voorbereiding"),
        Status.PUBLISHED: _("lopend"),
        Status.COMPLETED: _("afgerond"),
    }

    tranche = models.ForeignKey(Tranche, on_delete=models.PROTECT, related_name="trajectories")
    application = models.ForeignKey(PartnerApplication, on_delete=models.PROTECT, related_name="trajectories",
                                    verbose_name=_("aanmelding"))
    practice = models.ForeignKey(GoodPractice, on_delete=models.PROTECT, related_name="trajectories",
                                 verbose_name=_("good practice"))
    adviser = models.ForeignKey(Adviser, on_delete=models.PROTECT, related_name="trajectories",
                                verbose_name=_("externe adviseur"))
    status = FSMField(_("status"), default=Status.PROPOSED, choices=Status.choices, max_length=20, db_index=True)
    score = models.IntegerField(_("score"), default=0)
    score_details = models.JSONField(_("opbouw score"), default=dict, blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    outcome_kind = models.CharField(
        _("resultaat"), max_length=20, blank=True,
        choices=[("implemented", _("good practice geïmplementeerd")), ("plan", _("implementatieplan"))],
    )
    outcome_summary = models.TextField(_("samenvatting resultaat"), blank=True)
    outcome_plan = models.FileField(_("implementatieplan"), upload_to="plans/", blank=True, max_length=300)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=~Q(status="cancelled"), name="one_active_trajectory_per_application"
            ),
        ]
        indexes = [
            # The matching page's order (its pages read 50 rows, not the tranche's 10,000); serves (tranche, status) too.
            models.Index(fields=["tranche", "status", "-score", "id"], name="trajectory_matching_order"),
            models.Index(fields=["-created_at", "-id"], name="trajectory_list_order"),  # the staff changelist
        ]

    def __str__(self):
        return f"{self.application.school} ↔ {self.practice.ambassador}"

    @property
    def participant_status(self) -> str:
        return self.PARTICIPANT_LABELS.get(self.status, self.get_status_display())

    @transition(field=status, source=Status.PROPOSED, target=Status.CONFIRMED)
    def confirm(self):
        pass

    @transition(field=status, source=Status.CONFIRMED, target=Status.PUBLISHED)
    def publish(self):
        pass

    @transition(field=status, source=Status.PUBLISHED, target=Status.COMPLETED)
    def complete(self):
        pass

    @transition(field=status, source=[Status.PROPOSED, Status.CONFIRMED, Status.PUBLISHED], target=Status.CANCELLED)
    def cancel(self):
        pass

    @transition(field=status, source=Status.PROPOSED, target=Status.CANCELLED)
    def reject(self):
        """Staff turn a proposal down (services.matching.reject), recorded apart from one that lapsed (replaced by a
        new round, or its application left): the matching page counts them as "voorstel afgewezen"."""


def programme_order():
    """Kickoff, guided sessions 1-3, closing: the order of the programme, whatever the planned dates."""
    return [Case(When(kind="kickoff", then=Value(0)), When(kind="session", then=Value(1)), default=Value(2)),
            "number"]


class Meeting(models.Model):
    class Kind(models.TextChoices):
        KICKOFF = "kickoff", _("startgesprek")
        SESSION = "session", _("begeleide bijeenkomst")
        CLOSING = "closing", _("adviesgesprek")

    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        HELD = "held", _("gehouden")
        CANCELLED = "cancelled", _("geannuleerd")

    trajectory = models.ForeignKey(Trajectory, verbose_name=_("traject"),
                                   on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("nummer"), default=0, help_text=_("1–3 voor begeleide bijeenkomsten"))
    planned_start = models.DateTimeField(_("gepland begin"), null=True, blank=True, db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=240)
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED,
                              db_index=True)
    school_leader_present = models.BooleanField(_("schoolleider aanwezig"), null=True, blank=True)
    ambassador_present = models.BooleanField(_("ambassadeur aanwezig"), null=True, blank=True)
    notes = models.TextField(_("verslag"), blank=True)
    agreed_actions = models.TextField(_("afspraken"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("voortgangsmeter (1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    logged_at = models.DateTimeField(_("vastgelegd op"), null=True, blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verslag door"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    # The SEQUENCE of the meeting's calendar event: raised by every update or cancellation sent to calendars.
    sequence = models.PositiveIntegerField(_("volgnummer agenda"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["trajectory", "planned_start", "pk"]
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "kind", "number"], name="meeting_unique_per_trajectory"),
            models.CheckConstraint(
                condition=(Q(kind="session", number__gte=1) | (~Q(kind="session") & Q(number=0))),
                name="meeting_number_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__gte=1, progress__lte=5), name="meeting_progress_1_5"
            ),
        ]

    def __str__(self):
        # The enum's label, not get_kind_display() (nor Kind.values): those build a list of every choice on each
        # call, and the adviser's list names 250 meetings.
        try:
            label = self.Kind(self.kind).label
        except ValueError:
            label = self.kind
        if self.kind == self.Kind.SESSION:
            return f"{label} {self.number}"
        return str(label)

    @property
    def expects_school_leader(self) -> bool:
        return self.kind in (self.Kind.KICKOFF, self.Kind.CLOSING) or (
            self.kind == self.Kind.SESSION and self.number == 1
        )

    @property
    def ends_at(self):
        if self.planned_start is None:
            return None
        return self.planned_start + timezone.timedelta(minutes=self.duration_minutes)


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("bijeenkomst"),
                                on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(WorkingGroupMember, verbose_name=_("werkgroeplid"),
                               on_delete=models.PROTECT, related_name="attendances")
    hours_present = models.DecimalField(_("uren aanwezig"), max_digits=4, decimal_places=2, default=Decimal("0"),
                                        validators=[validate_quarter_hours])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique_member"),
            models.CheckConstraint(condition=Q(hours_present__gte=0, hours_present__lte=24),
                                   name="attendance_hours_range"),
        ]

    def __str__(self):
        return f"{self.member}: {self.hours_present}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class PulseInvitation(models.Model):
    """A one-time link for one working-group member to answer the anonymous pulse survey of one session."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pulse_invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    email = models.EmailField()
    # Whether it was used, not when: a moment could be lined up with the order of the answers and name the person.
    answered = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "email"], name="pulse_one_invitation_per_member")]

    def __str__(self):
        return f"{self.meeting} → {self.email}"


class PulseResponse(models.Model):
    """An anonymous answer: linked to the session, never to the invitation or the person."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pulse_responses")
    useful = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    progress = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    support = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(blank=True)
    answered_on = models.DateField(auto_now_add=True)

    class Meta:
        verbose_name = _("peiling na een bijeenkomst")
        verbose_name_plural = _("peilingen na bijeenkomsten")
        constraints = [
            models.CheckConstraint(
                condition=Q(useful__gte=1, useful__lte=5, progress__gte=1, progress__lte=5, support__gte=1,
                            support__lte=5),
                name="pulse_scores_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.useful}/{self.progress}/{self.support}"


class ExportBatch(models.Model):
    """One immutable finance export of approved claims. The files are written once and served byte-identical."""

    reference = models.CharField(_("kenmerk"), max_length=40, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gemaakt door"),
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)
    claim_count = models.PositiveIntegerField(_("aantal declaraties"), default=0)
    total_amount = models.DecimalField(_("totaalbedrag"), max_digits=14, decimal_places=2, default=Decimal("0"))
    csv_file = models.FileField(_("CSV-bestand"), upload_to="exports/", max_length=300, blank=True)
    xlsx_file = models.FileField(_("Excel-bestand"), upload_to="exports/", max_length=300, blank=True)
    sepa_file = models.FileField(_("SEPA-bestand"), upload_to="exports/", max_length=300, blank=True)
    checksums = models.JSONField(_("controlegetallen"), default=dict, blank=True)
    # The day the bank carried out the file, as finance says when it marks it paid. Kept here, not only on the claims:
    # a transfer the bank sends back leaves the batch, and the file's own date must not leave with it.
    paid_on = models.DateField(_("betaald op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("betaalbestand")
        verbose_name_plural = _("betaalbestanden")

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("trajectories:finance_batch_detail", args=[self.pk])


class ReimbursementClaim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        SUBMITTED = "submitted", _("ingediend")
        APPROVED = "approved", _("goedgekeurd")
        REJECTED = "rejected", _("afgewezen")
        EXPORTED = "exported", _("in betaalbestand")
        PAID = "paid", _("betaald")
        RETURNED = "returned", _("teruggeboekt")

    # The school may (re)submit from these: its draft or a rejection. (A claim the bank sent back was approved and
    # stays so: the school corrects its account and finance transfers it again, outside any batch.)
    OPEN_TO_SCHOOL = (Status.DRAFT, Status.REJECTED)

    trajectory = models.OneToOneField(Trajectory, verbose_name=_("traject"),
                                      on_delete=models.PROTECT, related_name="claim")
    status = FSMField(_("status"), default=Status.DRAFT, choices=Status.choices, max_length=20, db_index=True)
    # The money fields: what the school submitted (for finance's queue and its sums), then frozen at approval with the
    # lines the statement and the payment files print. Before approval every page reads the money from the logs
    # (trajectories.services.claims.money), never from here.
    amount = models.DecimalField(_("bedrag"), max_digits=10, decimal_places=2, default=Decimal("0.00"))
    cap_amount = models.DecimalField(_("maximum"), max_digits=10, decimal_places=2)
    counted_hours = models.DecimalField(_("vergoede uren"), max_digits=7, decimal_places=2, default=Decimal("0"))
    hourly_rate = models.DecimalField(_("uurtarief"), max_digits=7, decimal_places=2)
    lines = models.JSONField(_("berekening"), default=list, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    account_holder = models.CharField(_("tenaamstelling rekening"), max_length=140, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ingediend door"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("besluit door"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(_("besluit op"), null=True, blank=True)
    decision_reason = models.TextField(_("toelichting besluit"), blank=True)
    batch = models.ForeignKey(ExportBatch, verbose_name=_("betaalbestand"),
                              null=True, blank=True, on_delete=models.PROTECT, related_name="claims")
    paid_at = models.DateTimeField(_("betaald op"), null=True, blank=True)
    # The day the money left the programme's account, as finance says when it marks the batch paid (paid_at is only
    # when that was recorded).
    paid_on = models.DateField(_("betaald op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        # Finance's queue: one status, oldest submitted first, 50 a page (without it the page joins and sorts every
        # claim of that status before taking 50: 15 ms at 2,500 submitted claims).
        # By IBAN: the queue flags an account that claims of other schools name too (selectors.schools_sharing_ibans);
        # without it every page scanned all claims: 32 ms at 10,000.
        indexes = [models.Index(fields=["status", "submitted_at", "id"], name="claim_queue_order"),
                   models.Index(fields=["iban"], name="claim_iban"),
                   # A batch's page: its transfers in order, 50 at a time. Finance opens it right after making the
                   # batch, before PostgreSQL's statistics know the batch's thousands of claims: without it the page
                   # joined and sorted all of them (21 ms at 5,000); with it, it reads the 50 it shows.
                   models.Index(fields=["batch", "id"], name="claim_batch_order")]
        verbose_name = _("declaratie verletkosten")
        verbose_name_plural = _("declaraties verletkosten")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(amount__lte=F("cap_amount")), name="claim_amount_within_cap"
            ),
            models.CheckConstraint(
                condition=Q(batch__isnull=True) | Q(status__in=["exported", "paid"]), name="claim_batch_only_exported"
            ),
        ]

    def __str__(self):
        return f"{_('Declaratie')} {self.trajectory.application.school}"

    @property
    def status_label(self) -> str:
        """The status as shown: get_status_display() builds a dict of every status on each call, 50 times on a page
        of finance's lists."""
        return self.Status(self.status).label

    @property
    def is_locked(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.EXPORTED, self.Status.PAID, self.Status.RETURNED)

    @transition(field=status, source=list(OPEN_TO_SCHOOL), target=Status.SUBMITTED)
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(field=status, source=Status.SUBMITTED, target=Status.APPROVED)
    def approve(self):
        self.decided_at = timezone.now()

    @transition(field=status, source=Status.SUBMITTED, target=Status.REJECTED)
    def reject(self):
        self.decided_at = timezone.now()

    @transition(field=status, source=Status.APPROVED, target=Status.EXPORTED)
    def export(self, batch: ExportBatch):
        self.batch = batch

    @transition(field=status, source=Status.EXPORTED, target=Status.PAID)
    def mark_paid(self, paid_on):
        self.paid_at, self.paid_on = timezone.now(), paid_on

    @transition(field=status, source=[Status.EXPORTED, Status.PAID], target=Status.RETURNED)
    def record_return(self):
        """The bank sent the transfer back: the claim leaves its batch (whose files stay as they were; the
        :class:`PaymentReturn` remembers it). Its amount stays approved; the school checks its account."""
        self.batch, self.paid_at, self.paid_on = None, None, None

    @transition(field=status, source=Status.RETURNED, target=Status.PAID)
    def repay(self, paid_on):
        """Finance transferred the amount again by hand, on ``paid_on``: a claim is in at most one batch, ever."""
        self.paid_at, self.paid_on = timezone.now(), paid_on


class PaymentReturn(models.Model):
    """A transfer of an export batch that the bank sent back (a closed account, a wrong name, …), and its second
    transfer by hand.

    Kept for good, like the batch: the batch's files and totals never change, so this record is what says that part
    of it was not paid, and how it was paid after all. The claim never enters a second batch."""

    claim = models.ForeignKey(ReimbursementClaim, verbose_name=_("declaratie"),
                              on_delete=models.PROTECT, related_name="returns")
    batch = models.ForeignKey(ExportBatch, verbose_name=_("betaalbestand"),
                              on_delete=models.PROTECT, related_name="returns")
    amount = models.DecimalField(_("bedrag"), max_digits=10, decimal_places=2)
    iban = models.CharField(_("IBAN van de teruggestuurde overboeking"), max_length=34)
    account_holder = models.CharField(_("tenaamstelling van de teruggestuurde overboeking"), max_length=140,
                                      blank=True)
    reason = models.CharField(_("reden"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    # Finance's transfer by hand, once the school's account is right (never a second batch).
    repaid_iban = models.CharField(_("IBAN van de nieuwe overboeking"), max_length=34, blank=True)
    repaid_note = models.CharField(_("kenmerk nieuwe overboeking"), max_length=300, blank=True)
    repaid_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opnieuw overgemaakt door"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    repaid_at = models.DateTimeField(_("opnieuw overgemaakt op"), null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("terugboeking")
        verbose_name_plural = _("terugboekingen")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_return_amount_positive"),
            # A claim is in a batch once; its return takes it out.
            models.UniqueConstraint(fields=["claim", "batch"], name="payment_return_once_per_batch"),
        ]

    def __str__(self):
        return f"{self.batch} – {self.claim_id}"

    def account_changed(self, claim: ReimbursementClaim) -> bool:
        """Has the school put another account (number or name) on the claim since the bank sent this back?"""
        return (claim.iban, claim.account_holder) != (self.iban, self.account_holder)


def report_upload_to(instance, filename):
    return f"reports/{uuid.uuid4().hex}-{filename}"


class GeneratedReport(models.Model):
    """A report rendered in the background (tranche overview, zip of trajectory reports) with its progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wachtend")
        RUNNING = "running", _("bezig")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    kind = models.CharField(max_length=40)
    tranche = models.ForeignKey(Tranche, on_delete=models.CASCADE, related_name="reports", null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=report_upload_to, blank=True, max_length=300)
    error = models.TextField(blank=True)
    # When a worker took it (the last time): a running report is taken over only when that is long ago.
    started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} ({self.get_status_display()})"


# --- planning meetings: availability polls and calendar feeds -----------------------------------------------------

def new_secret() -> str:
    """A long random secret for a personal link (256 bits); compared in constant time (see trajectories.tokens)."""
    return secrets.token_urlsafe(32)


class MeetingPoll(models.Model):
    """The adviser's proposed slots for one meeting; everyone expected answers through a personal link."""

    class Status(models.TextChoices):
        OPEN = "open", _("peiling loopt")
        CHOSEN = "chosen", _("gekozen")
        CLOSED = "closed", _("gesloten")

    meeting = models.ForeignKey(Meeting, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="polls")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=240)
    chosen_slot = models.ForeignKey("PollSlot", verbose_name=_("gekozen tijdstip"),
                                    null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gemaakt door"),
                                   null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("peiling bijeenkomst")
        verbose_name_plural = _("peilingen bijeenkomsten")
        constraints = [models.UniqueConstraint(fields=["meeting"], condition=Q(status="open"),
                                               name="one_open_poll_per_meeting")]

    def __str__(self):
        return f"{self.meeting} ({self.get_status_display()})"


class PollSlot(models.Model):
    poll = models.ForeignKey(MeetingPoll, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(_("begin"))

    class Meta:
        ordering = ["start", "pk"]
        constraints = [models.UniqueConstraint(fields=["poll", "start"], name="poll_slot_unique_start")]

    def __str__(self):
        return date_format(timezone.localtime(self.start), "SHORT_DATETIME_FORMAT")


class PollParticipant(models.Model):
    """One person expected at the polled meeting, with the secret of their personal link."""

    class Role(models.TextChoices):
        PROJECT_LEADER = "project_leader", _("projectleider")
        SCHOOL_LEADER = "school_leader", _("schoolleider")
        MEMBER = "member", _("werkgroeplid")
        AMBASSADOR = "ambassador", _("ambassadeur")
        ADVISER = "adviser", _("adviseur")

    poll = models.ForeignKey(MeetingPoll, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(max_length=20, choices=Role.choices)
    name = models.CharField(max_length=150, blank=True)
    email = models.EmailField()
    required = models.BooleanField(default=False)
    secret = models.CharField(max_length=64, default=new_secret)
    member = models.ForeignKey(WorkingGroupMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["poll", "email"], name="poll_one_participant_per_email")]

    def __str__(self):
        return f"{self.name or self.email} ({self.get_role_display()})"

    @property
    def token(self) -> str:
        return f"{self.pk}.{self.secret}"


class PollAnswer(models.Model):
    class Choice(models.TextChoices):
        YES = "yes", _("ja")
        MAYBE = "maybe", _("zo nodig")
        NO = "no", _("nee")

    participant = models.ForeignKey(PollParticipant, on_delete=models.CASCADE, related_name="answers")
    slot = models.ForeignKey(PollSlot, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=5, choices=Choice.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "slot"], name="poll_one_answer_per_slot")]

    def __str__(self):
        return f"{self.participant}: {self.slot} {self.get_choice_display()}"


class CalendarFeed(models.Model):
    """A personal calendar feed (webcal) of the meetings one person is expected at: an account's, or a working-group
    member's (through their poll link). Revoked feeds stay (revoked_at) so an old link keeps giving 404."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="calendar_feeds")
    email = models.EmailField()
    secret = models.CharField(max_length=64, default=new_secret)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(revoked_at__isnull=True, user__isnull=False),
                                    name="one_live_feed_per_user"),
            models.UniqueConstraint(fields=["email"], condition=Q(revoked_at__isnull=True, user__isnull=True),
                                    name="one_live_feed_per_address"),
        ]

    def __str__(self):
        return self.email

    @property
    def token(self) -> str:
        return f"{self.pk}.{self.secret}"
