from __future__ import annotations

from django.utils import timezone

from .models import Tranche


def current_tranche() -> Tranche | None:
    """The tranche schools apply for now: the first whose deadline has not passed, else the latest."""
    now = timezone.now()
    upcoming = Tranche.objects.filter(application_deadline__gte=now).order_by("application_deadline").first()
    return upcoming or Tranche.objects.order_by("-number").first()
