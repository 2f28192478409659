"""Ambassador schools and the good practices (praktijkvoorbeelden) they offer to partner schools."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from lobmatch.models import Province, School, SchoolType, Theme, Tranche
from lobmatch.textsearch import stemmed_text
from lobmatch.uploads import ALLOWED


class AmbassadorSchool(models.Model):
    school = models.OneToOneField(School, on_delete=models.PROTECT, verbose_name=_("school"), related_name="ambassador")
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("contactpersonen"), blank=True, related_name="ambassador_schools"
    )
    tranches = models.ManyToManyField(Tranche, verbose_name=_("doet mee in tranches"), blank=True,
                                      related_name="ambassador_schools")
    capacity = models.PositiveSmallIntegerField(
        _("capaciteit per tranche"), null=True, blank=True,
        help_text=_("Maximaal aantal partnerscholen per tranche; leeg = de standaard van de tranche."),
    )
    introduction = models.TextField(_("introductie"), blank=True)
    active = models.BooleanField(_("actief"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school__name"]
        verbose_name = _("ambassadeursschool")
        verbose_name_plural = _("ambassadeursscholen")

    def __str__(self):
        return self.school.name

    def capacity_for(self, tranche: Tranche) -> int:
        return self.capacity if self.capacity is not None else tranche.ambassador_capacity

    def clean(self):
        from .contributions import capacity_problem  # seats are filled by another app

        if problem := capacity_problem(self):
            raise ValidationError({"capacity": problem})


# The texts whose stems the catalogue search matches (the school's name is matched as typed, see selectors.search).
SEARCH_TEXT_FIELDS = ("title", "summary", "description", "principles", "tips", "region")


class GoodPractice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        SUBMITTED = "submitted", _("ter publicatie aangeboden")
        PUBLISHED = "published", _("gepubliceerd")
        ARCHIVED = "archived", _("gearchiveerd")

    ambassador = models.ForeignKey(AmbassadorSchool, on_delete=models.PROTECT, related_name="practices",
                                   verbose_name=_("ambassadeursschool"))
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("adres (slug)"), max_length=220, unique=True)
    region = models.CharField(_("regio"), max_length=120, blank=True)
    province = models.CharField(_("provincie"), max_length=2, choices=Province.choices)
    summary = models.CharField(_("samenvatting"), max_length=400)
    description = models.TextField(_("beschrijving"))
    principles = models.TextField(_("uitgangspunten"), blank=True, help_text=_("Eén uitgangspunt per regel."))
    tips = models.TextField(_("tips"), blank=True, help_text=_("Eén tip per regel."))
    contact_name = models.CharField(_("contactpersoon"), max_length=120)
    contact_email = models.EmailField(_("e-mail contactpersoon"))
    themes = models.ManyToManyField(Theme, verbose_name=_("LOB-thema's"), related_name="practices")
    school_types = models.ManyToManyField(SchoolType, verbose_name=_("schoolsoorten"), related_name="practices")
    status = FSMField(_("status"), default=Status.DRAFT, choices=Status.choices, max_length=20, db_index=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    # An ambassador's edit of a published practice is online at once; staff see that it changed and look again.
    changed_since_review_at = models.DateTimeField(_("gewijzigd na publicatie, nog niet nagekeken"), null=True,
                                                   blank=True)
    # The stems of the searchable texts (lobmatch.textsearch), kept by save(): the catalogue search matches Dutch
    # word forms ("stages" finds "stage") the same way on SQLite and PostgreSQL.
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"], m2m_fields=[themes, school_types])

    class Meta:
        ordering = ["title"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        indexes = [models.Index(fields=["status", "title"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(SEARCH_TEXT_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("ambassadors:practice_detail", kwargs={"slug": self.slug})

    def build_search_text(self) -> str:
        return stemmed_text(*(getattr(self, field) for field in SEARCH_TEXT_FIELDS))

    @property
    def region_label(self) -> str:
        """"Walcheren (Zeeland)", or just "Zeeland" where the region is the province."""
        province = self.get_province_display()
        if not self.region or self.region.casefold() == province.casefold():
            return self.region or province
        return f"{self.region} ({province})"

    @property
    def principle_list(self) -> list[str]:
        return [line.strip(" •-\t") for line in self.principles.splitlines() if line.strip(" •-\t")]

    @property
    def tip_list(self) -> list[str]:
        return [line.strip(" •-\t") for line in self.tips.splitlines() if line.strip(" •-\t")]

    @transition(field=status, source=[Status.DRAFT], target=Status.SUBMITTED)
    def submit(self):
        pass

    @transition(field=status, source=[Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED], target=Status.PUBLISHED)
    def publish(self):
        self.published_at = self.published_at or timezone.now()
        self.changed_since_review_at = None  # publishing is a review

    @transition(field=status, source=[Status.SUBMITTED, Status.PUBLISHED], target=Status.DRAFT)
    def unpublish(self):
        pass

    @transition(field=status, source=[Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED], target=Status.ARCHIVED)
    def archive(self):
        pass


def material_upload_to(instance: Material, filename: str) -> str:
    # The stored name never contains the user's file name: it is served only through a permission check. Its
    # extension is the one of the type sniffed from the content (``content_type``), never the uploaded name's.
    return f"materials/{instance.practice_id}/{uuid.uuid4().hex}.{ALLOWED.get(instance.content_type, 'bin')}"


class Material(models.Model):
    practice = models.ForeignKey(GoodPractice, verbose_name=_("good practice"),
                                 on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to=material_upload_to, max_length=300)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(_("bestandstype"), max_length=120)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("geüpload door"),
                                    null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("materiaal")
        verbose_name_plural = _("materialen")

    def __str__(self):
        return self.title
