"""Core models shared by the whole programme: users, tranches, schools, LOB themes, the status history and the
outbox. The programme's apps depend on these, never the other way round."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import tranche_rules
from .mail_names import MAILS
from .validators import normalize_brin


class Role(models.TextChoices):
    """The programme roles. Each is a Django group of the same name, created by a migration."""

    SCHOOL_CONTACT = "school_contact", _("Contactpersoon school")
    AMBASSADOR = "ambassador", _("Ambassadeur")
    ADVISER = "adviser", _("Externe adviseur")
    STAFF = "staff", _("Medewerker VO-raad")
    FINANCE = "finance", _("Financiële administratie")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in with an email address. Roles are groups (see :class:`Role`)."""

    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    language = models.CharField(_("taal"), max_length=8, choices=settings.LANGUAGES, default="nl")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]
        # Addresses are looked up without regard to case (logging in, a password reset, who is expected at a
        # meeting, a calendar feed): without this index every such lookup read every user.
        indexes = [models.Index(Upper("email"), name="user_email_ci")]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def role_names(self) -> set[str]:
        cached = getattr(self, "_role_names", None)
        if cached is None:
            cached = set(self.groups.values_list("name", flat=True)) if self.pk else set()
            self._role_names = cached
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.role_names


class Province(models.TextChoices):
    DRENTHE = "DR", "Drenthe"
    FLEVOLAND = "FL", "Flevoland"
    FRIESLAND = "FR", "Friesland"
    GELDERLAND = "GE", "Gelderland"
    GRONINGEN = "GR", "Groningen"
    LIMBURG = "LI", "Limburg"
    NOORD_BRABANT = "NB", "Noord-Brabant"
    NOORD_HOLLAND = "NH", "Noord-Holland"
    OVERIJSSEL = "OV", "Overijssel"
    UTRECHT = "UT", "Utrecht"
    ZEELAND = "ZE", "Zeeland"
    ZUID_HOLLAND = "ZH", "Zuid-Holland"

    @classmethod
    def from_name(cls, name: str) -> str | None:
        key = (name or "").strip().lower().replace(" ", "-").replace("fryslân", "friesland")
        for value, label in cls.choices:
            if label.lower() == key or value.lower() == key:
                return value
        return None


class NamedInBothLanguages:
    """Reference data with a Dutch ``name`` and an English ``name_en``: ``label`` (and str) is the one of the
    active language, Dutch where no English name is set."""

    @property
    def label(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class SchoolType(NamedInBothLanguages, models.Model):
    """A school type (schoolsoort): pro, vmbo-b, vmbo-k, vmbo-g, vmbo-t, havo, vwo. Rows come from a migration."""

    code = models.SlugField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("naam"), max_length=60)
    name_en = models.CharField(_("naam (Engels)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("schoolsoort")
        verbose_name_plural = _("schoolsoorten")

    def __str__(self):
        return self.label


class Theme(NamedInBothLanguages, models.Model):
    """One of the twelve LOB themes (LOB-thema's) of the Expertisepunt LOB. Rows come from a migration."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    name_en = models.CharField(_("naam (Engels)"), max_length=160, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("LOB-thema")
        verbose_name_plural = _("LOB-thema's")

    def __str__(self):
        return self.label


class School(models.Model):
    """A secondary-school location (vestiging) as DUO registers it: BRIN (instellingscode) plus location code."""

    brin = models.CharField(_("BRIN-code"), max_length=4, db_index=True)
    location_code = models.CharField(_("vestigingscode"), max_length=2, blank=True, default="")
    name = models.CharField(_("naam"), max_length=200)
    street = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=100)
    province = models.CharField(_("provincie"), max_length=2, choices=Province.choices)
    denomination = models.CharField(_("denominatie"), max_length=100, blank=True)
    school_types = models.ManyToManyField(SchoolType, verbose_name=_("schoolsoorten"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "city"]
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        constraints = [
            models.UniqueConstraint(fields=["brin", "location_code"], name="school_unique_brin_location"),
        ]

    def __str__(self):
        return f"{self.name} ({self.city})"

    @property
    def place(self) -> str:
        """"Houten (Utrecht)", or just "Utrecht" where the city and the province have the same name."""
        province = self.get_province_display()
        return self.city if self.city.casefold() == province.casefold() else f"{self.city} ({province})"

    @property
    def code(self) -> str:
        return f"{self.brin}{self.location_code}"

    def clean(self):
        compact = normalize_brin(f"{self.brin}{self.location_code}")
        self.brin, self.location_code = compact[:4], compact[4:]

    @classmethod
    def for_code(cls, code: str) -> list[School]:
        """The registered schools a typed BRIN means (with or without its location code, normalised): the one
        registered under exactly that code; for the main location (00) also the one registered under the bare BRIN,
        the same school typed another way (as two rows, "21ZW" and "21ZW00" let one school apply twice); for a
        bare BRIN, when none is registered bare, each of its locations (more than one: the location must be
        typed)."""
        brin, location = code[:4], code[4:]
        schools = list(cls.objects.filter(brin=brin).order_by("location_code")[:6])
        exact = [school for school in schools if school.location_code == location]
        if exact:
            return exact
        if location == MAIN_LOCATION:
            return [school for school in schools if school.location_code == ""]
        return [] if location else schools


MAIN_LOCATION = "00"  # DUO's number of a school's main location (hoofdvestiging)


def end_of_day(day: dt.date) -> dt.datetime:
    """A deadline given as a date means the end of that day in Europe/Amsterdam."""
    tz = timezone.get_default_timezone()
    return dt.datetime.combine(day, dt.time(23, 59, 59, 999999)).replace(tzinfo=tz)


class Tranche(models.Model):
    """One round of the programme, with its dates, money rules and matching weights."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("naam"), max_length=120)
    application_opens_at = models.DateTimeField(_("aanmelding open vanaf"))
    application_deadline = models.DateTimeField(_("deadline aanmelding"))
    kickoff_starts_on = models.DateField(_("startgesprekken vanaf"))
    kickoff_ends_on = models.DateField(_("startgesprekken tot en met"))
    sessions_start_on = models.DateField(_("begeleide bijeenkomsten vanaf"))
    sessions_end_on = models.DateField(_("begeleide bijeenkomsten tot en met"))
    hourly_rate = models.DecimalField(
        _("uurvergoeding verletkosten"), max_digits=7, decimal_places=2, default=Decimal("55.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_hours_per_session = models.DecimalField(
        _("max. uren per bijeenkomst"), max_digits=4, decimal_places=2, default=Decimal("4"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_members_reimbursed = models.PositiveSmallIntegerField(_("max. vergoede werkgroepleden"), default=6)
    guided_sessions = models.PositiveSmallIntegerField(_("aantal begeleide bijeenkomsten"), default=3)
    ambassador_capacity = models.PositiveSmallIntegerField(
        _("standaardcapaciteit ambassadeursschool"), default=2,
        help_text=_("Hoeveel partnerscholen één ambassadeursschool per tranche begeleidt."),
    )
    adviser_capacity = models.PositiveSmallIntegerField(
        _("standaardcapaciteit adviseur"), default=4,
        help_text=_("Hoeveel trajecten één externe adviseur per tranche begeleidt."),
    )
    # Matching weights (points); staff can edit them per tranche.
    weight_rank_1 = models.PositiveIntegerField(_("punten 1e keuze"), default=1000)
    weight_rank_2 = models.PositiveIntegerField(_("punten 2e keuze"), default=300)
    weight_rank_3 = models.PositiveIntegerField(_("punten 3e keuze"), default=100)
    weight_school_type = models.PositiveIntegerField(_("punten per gedeelde schoolsoort"), default=10)
    weight_same_province_ambassador = models.PositiveIntegerField(_("punten zelfde provincie ambassadeur"), default=40)
    weight_same_province_adviser = models.PositiveIntegerField(_("punten regio adviseur"), default=30)
    weight_expertise = models.PositiveIntegerField(_("punten per thema-expertise adviseur"), default=15)

    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        constraints = [
            models.CheckConstraint(
                condition=Q(application_opens_at__lt=F("application_deadline")), name="tranche_opens_before_deadline"
            ),
            models.CheckConstraint(
                condition=Q(kickoff_starts_on__lte=F("kickoff_ends_on")), name="tranche_kickoff_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(sessions_start_on__lte=F("sessions_end_on")), name="tranche_session_window_ordered"
            ),
            models.CheckConstraint(condition=Q(guided_sessions__gte=1), name="tranche_guided_sessions_positive"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.application_opens_at and self.application_deadline:
            if self.application_opens_at >= self.application_deadline:
                errors["application_deadline"] = _("De deadline moet na de opening van de aanmelding liggen.")
        if self.kickoff_starts_on and self.kickoff_ends_on and self.kickoff_starts_on > self.kickoff_ends_on:
            errors["kickoff_ends_on"] = _("Het einde van de startgesprekken ligt voor het begin.")
        if self.sessions_start_on and self.sessions_end_on and self.sessions_start_on > self.sessions_end_on:
            errors["sessions_end_on"] = _("Het einde van de bijeenkomsten ligt voor het begin.")
        if self.application_deadline and self.kickoff_starts_on:
            if timezone.localdate(self.application_deadline) >= self.kickoff_starts_on:
                errors["kickoff_starts_on"] = _("De startgesprekken beginnen na de deadline van de aanmelding.")
        if self.kickoff_starts_on and self.sessions_start_on and self.kickoff_starts_on > self.sessions_start_on:
            errors["sessions_start_on"] = _("De bijeenkomsten beginnen niet voor de startgesprekken.")
        for field, message in tranche_rules.problems(self).items():  # what the apps add
            errors.setdefault(field, message)
        if errors:
            raise ValidationError(errors)

    @property
    def max_claim_amount(self) -> Decimal:
        """The most a trajectory can be reimbursed: rate × hours × members × sessions (€3,960.00 by default)."""
        amount = self.hourly_rate * self.max_hours_per_session * self.max_members_reimbursed * self.guided_sessions
        return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # as the claim itself is rounded

    def is_open(self, at: dt.datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.application_opens_at <= at <= self.application_deadline

    def rank_weight(self, rank: int) -> int:
        return {1: self.weight_rank_1, 2: self.weight_rank_2, 3: self.weight_rank_3}.get(rank, 0)


class StatusChange(models.Model):
    """Every status transition of every workflow object: who, when, from, to and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(max_length=60)
    source = models.CharField(max_length=30)
    target = models.CharField(max_length=30)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")

    def __str__(self):
        return f"{self.source} → {self.target} ({self.at:%Y-%m-%d %H:%M})"


class OutboxMessage(models.Model):
    """A message (email or task) written in the same transaction as the state change that causes it.

    The dispatcher hands pending messages to Celery after commit; ``dedupe_key`` makes a reminder unique per
    reminder, object and recipient, so it is recorded (and sent) at most once.
    """

    class Kind(models.TextChoices):
        EMAIL = "email", _("e-mail")
        TASK = "task", _("taak")

    class Status(models.TextChoices):
        PENDING = "pending", _("wachtend")
        SENT = "sent", _("verzonden")
        FAILED = "failed", _("mislukt")
        # Not sent on purpose: by the time it could go out it no longer applied (a reminder after its deadline or
        # meeting, or of a draft submitted or a meeting cancelled in the meantime).
        SKIPPED = "skipped", _("vervallen")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.EMAIL)
    dedupe_key = models.CharField(_("sleutel"), max_length=200, null=True, blank=True,
                                  help_text=_("Een bericht met dezelfde sleutel wordt niet nog eens verstuurd."))
    payload = models.JSONField(_("inhoud"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    # When the message was last handed to the broker (or last failed): the periodic sweep re-dispatches only what
    # was never handed over or went stale, so a backlog is not queued twice every minute.
    dispatched_at = models.DateTimeField(_("aangeboden op"), null=True, blank=True)
    # When staff last asked to send it again (admin retry): the sweep's age limit counts from here as well.
    requeued_at = models.DateTimeField(_("opnieuw aangeboden op"), null=True, blank=True)
    # When a worker began delivering it, committed before sending and cleared with the outcome. Still set a while
    # later while no worker holds the row: that worker died (killed, out of memory), so the sweep hands it over again.
    taken_at = models.DateTimeField(_("in behandeling sinds"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")
        # Declared here rather than as unique=True and db_index=True on the fields: on PostgreSQL those also give
        # each column a second (varchar_pattern_ops) index for LIKE 'prefix%', which nothing here asks. Every
        # reminder the beat records wrote all six indexes; with four, its INSERT of 73,000 reminders took 1.18 s
        # instead of 1.45 s.
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], name="outbox_dedupe_key_unique")]
        indexes = [models.Index(fields=["status"], name="outbox_status")]

    def __str__(self):
        """What it is and to whom, as the programme office says it ("uitnodiging bijeenkomst aan …"), not its key."""
        to = self.payload.get("to") or []
        what = MAILS.get(self.payload.get("template"), self.payload.get("template")) or self.payload.get("task") \
            or self.get_kind_display()
        if to:
            others = len(to) - 1
            what = _("%(what)s aan %(to)s") % {"what": what, "to": ngettext(
                "%(first)s en %(n)s ander", "%(first)s en %(n)s anderen", others) % {"first": to[0], "n": others}
                if others else to[0]}
        return f"{what} ({self.get_status_display()})"
