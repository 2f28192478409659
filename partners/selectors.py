from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from ambassadors.models import GoodPractice
from lobmatch.models import Role
from lobmatch.roles import has_role

from .models import PartnerApplication, Preference


def applications_for(user) -> QuerySet[PartnerApplication]:
    """A school contact sees the applications they created; staff see all; nobody else any."""
    qs = PartnerApplication.objects.select_related("tranche", "school").prefetch_related(
        Prefetch("preferences", queryset=Preference.objects.select_related("practice__ambassador__school")),
        "members",
    )
    if has_role(user, Role.STAFF):
        return qs
    if getattr(user, "is_authenticated", False):
        return qs.filter(created_by=user)
    return qs.none()


def choosable_practices():
    return GoodPractice.objects.filter(status=GoodPractice.Status.PUBLISHED).select_related(
        "ambassador__school").order_by("title")
