"""The admin's history pages as staff read them: every change in words, not in Python's.

django-simple-history shows a change as the stored values: ``draft → published``, ``None → 2026-12-07
08:00:59.172264+00:00``, a list of school types as ``[vmbo …[53 chars]rweg]``. Here a value is written as the
screens write it: a choice by its label, a moment in Amsterdam time, yes/no, "—" for nothing, a list in full."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"


class ReadableChanges(HistoricalRecordContextHelper):
    def __init__(self, model, historical_record, **kwargs):
        # A changed text is shown whole: staff read it to see what was changed, not to spot the difference.
        super().__init__(model, historical_record, max_displayed_delta_change_chars=2_000)

    def prepare_delta_change_value(self, change, value) -> Any:
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(value, list):
            return [in_words(field, item) for item in value] or [EMPTY]
        return in_words(field, value)

    def stringify_delta_change_values(self, change, old, new):
        def text(value):
            return ", ".join(map(str, value)) if isinstance(value, list) else str(value)

        return conditional_escape(text(old)), conditional_escape(text(new))


def in_words(field: models.Field, value: Any) -> str:
    """One stored value as the screens show it."""
    if value is None or value == "":
        return EMPTY
    if getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)
