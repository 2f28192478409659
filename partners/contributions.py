"""What the apps built on this one decide about applications.

This app takes applications; matching them with a good practice and an adviser is another app's work. That app
registers here, in its ``AppConfig.ready``, which applications it may still match, so that the pages here offer only
those (the arrow points from that app to this one)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

from .models import PartnerApplication

_to_match: Callable[[QuerySet], QuerySet] | None = None


def register_to_match(selector: Callable[[QuerySet], QuerySet]) -> None:
    """``selector(applications)``: those of ``applications`` a proposal can still be made for (the rule the matching
    side applies when the proposal is saved)."""
    global _to_match
    _to_match = selector


def still_to_match(applications: QuerySet) -> QuerySet:
    """The applications of ``applications`` that can still be matched; without a matching side, those in a status
    matching may take."""
    if _to_match is None:
        return applications.filter(status__in=PartnerApplication.TO_MATCH)
    return _to_match(applications)
