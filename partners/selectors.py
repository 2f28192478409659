"""Queries scoped per user: what you may not see does not exist for you (404)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from ambassadors.models import GoodPractice
from lobmatch.models import Role, School, Tranche
from lobmatch.roles import has_role

from .models import PartnerApplication, Preference

BRIN_PREFIX = re.compile(r"^\d{2}[A-Z]{0,2}\d{0,2}$")


def _base() -> QuerySet[PartnerApplication]:
    return PartnerApplication.objects.select_related("tranche", "school").prefetch_related(
        Prefetch("preferences", queryset=Preference.objects.select_related("practice__ambassador__school")),
        "members",
    )


def applications_for(user) -> QuerySet[PartnerApplication]:
    """A school contact sees the applications they created; staff see all; nobody else any."""
    if has_role(user, Role.STAFF):
        return _base()
    if getattr(user, "is_authenticated", False):
        return _base().filter(created_by=user)
    return PartnerApplication.objects.none()


def own_applications(user) -> QuerySet[PartnerApplication]:
    """Only what this user created: the pages where one edits or withdraws (staff use the admin)."""
    if not getattr(user, "is_authenticated", False):
        return PartnerApplication.objects.none()
    return _base().filter(created_by=user)


def own_applications_to_edit(user) -> QuerySet[PartnerApplication]:
    """Own applications as the form shows them: with their members and the ids of their choices (the form lists
    the practices itself)."""
    if not getattr(user, "is_authenticated", False):
        return PartnerApplication.objects.none()
    return PartnerApplication.objects.filter(created_by=user).select_related("tranche", "school").prefetch_related(
        "preferences", "members")


def withdrawn_to_copy(user, pk: str) -> PartnerApplication | None:
    """The user's own withdrawn application ``pk`` (as the link of its status page gives it), to start again from."""
    if not pk.isdigit():
        return None
    return own_applications_to_edit(user).filter(pk=pk, status=PartnerApplication.Status.WITHDRAWN).first()


def open_draft(user, tranche: Tranche) -> PartnerApplication | None:
    return own_applications_to_edit(user).filter(tranche=tranche, status=PartnerApplication.Status.DRAFT).first()


def own_counting_applications(user, tranche: Tranche) -> list[PartnerApplication]:
    """The user's own applications in ``tranche`` that count (submitted or further): a new application form points
    to them, so a school that already applied changes its application instead of typing a second one."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(PartnerApplication.objects.filter(created_by=user, tranche=tranche)
                .exclude(status__in=PartnerApplication.NOT_COUNTING).select_related("tranche", "school")
                .order_by("submitted_at", "pk"))


def colleagues_application(application: PartnerApplication | None) -> str:
    """What another application has for the same school and tranche as this draft: "own_submitted" (the user's own
    application that counts: this draft can no longer be submitted; they change that one), "submitted" (the same,
    from another account: a colleague, most likely), "draft" (another account's draft: only the first of the drafts
    submitted counts) or "". The form says so; nothing about whose it is. One query."""
    if application is None:
        return ""
    return colleagues_applications([application]).get(application.pk, "")


def colleagues_applications(applications) -> dict[int, str]:
    """:func:`colleagues_application` for each of ``applications`` at once (a list page), by pk; one query for them
    all, none when none is a draft with a school."""
    drafts = [a for a in applications
              if a.school_id is not None and a.status == PartnerApplication.Status.DRAFT]
    if not drafts:
        return {}
    same_school = Q()
    for draft in drafts:
        same_school |= Q(school_id=draft.school_id, tranche_id=draft.tranche_id)
    rows = list(PartnerApplication.objects.filter(same_school).exclude(status=PartnerApplication.Status.WITHDRAWN)
                .values_list("pk", "school_id", "tranche_id", "status", "created_by_id"))
    found = {}
    for draft in drafts:
        others = {(status, by) for pk, school_id, tranche_id, status, by in rows
                  if (school_id, tranche_id) == (draft.school_id, draft.tranche_id) and pk != draft.pk}
        counting = {by for status, by in others if status != PartnerApplication.Status.DRAFT}
        if draft.created_by_id in counting:  # the user's own: no colleague to talk to, their application to change
            found[draft.pk] = "own_submitted"
        elif counting:
            found[draft.pk] = "submitted"
        elif others:
            found[draft.pk] = "draft"
    return found


@dataclass(frozen=True, slots=True)
class PracticeChoice:
    """A good practice as the application form offers it: what its choice lists show and store."""

    pk: int
    slug: str
    title: str
    school: str
    city: str

    @property
    def label(self) -> str:
        return f"{self.title} ({self.school}, {self.city})"


def choosable_practices(among=None) -> list[PracticeChoice]:
    """The practices a school may choose (published, of a taking-part school), by title; with ``among`` (ids as
    posted) only those of them. Only the columns the choice lists show: the form lists all 300, and whole rows with
    their texts cost more than the page."""
    rows = GoodPractice.objects.filter(status=GoodPractice.Status.PUBLISHED, ambassador__active=True)
    if among is not None:
        rows = rows.filter(pk__in=[int(pk) for pk in among if str(pk).isdigit()])
    rows = rows.order_by("title", "pk").values_list("pk", "slug", "title", "ambassador__school__name",
                                                    "ambassador__school__city")
    return [PracticeChoice(*row) for row in rows]


def choosable_practice(slug: str) -> PracticeChoice | None:
    """The practice ``slug`` names if a school may choose it (as :func:`choosable_practices`), else None."""
    row = (GoodPractice.objects.filter(status=GoodPractice.Status.PUBLISHED, ambassador__active=True, slug=slug)
           .values_list("pk", "slug", "title", "ambassador__school__name", "ambassador__school__city").first())
    return PracticeChoice(*row) if row else None


def search_schools(query: str, limit: int = 12) -> list[School]:
    """Imported schools by BRIN (prefix, with or without location), name or place."""
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    compact = query.replace(" ", "").upper()
    condition = Q(name__icontains=query) | Q(city__iexact=query)
    if BRIN_PREFIX.match(compact):
        condition |= Q(brin__startswith=compact[:4], location_code__startswith=compact[4:6])
    elif " " in query:
        # "Lyceum Utrecht": every word must appear in the name or the place.
        condition = Q()
        for word in query.split():
            condition &= Q(name__icontains=word) | Q(city__icontains=word)
    qs = School.objects.filter(condition).prefetch_related("school_types").order_by("name", "city")
    return list(qs[:limit])
