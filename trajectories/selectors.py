"""Queries scoped by user: object access is decided in the queryset, never by an if after a plain get."""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DecimalField, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from ambassadors.models import GoodPractice
from lobmatch.models import Role, StatusChange
from lobmatch.roles import has_role
from partners.models import PartnerApplication, Preference

from .models import Adviser, ExportBatch, Meeting, MeetingPoll, PaymentReturn, ReimbursementClaim, Trajectory

VISIBLE = (Trajectory.Status.PUBLISHED, Trajectory.Status.COMPLETED)  # proposed (unpublished) matches: staff only


def practices_apart(*only: str) -> Prefetch:
    """The trajectories' good practices with their ambassador schools, in a query of their own. Joined into the
    trajectories' query with their other relations (eight or nine tables), PostgreSQL took longer to plan that query
    (2 ms for one trajectory, 6-12 ms for a list) than to run it. ``only``: the practice's columns a page shows."""
    practices = GoodPractice.objects.select_related("ambassador__school")
    return Prefetch("practice", practices.only(*only) if only else practices)


def applications_to_match(applications: QuerySet[PartnerApplication] | None = None) -> QuerySet[PartnerApplication]:
    """The applications (of ``applications``, else all) a proposal can still be made for: submitted (a status
    matching may take), with a registered school, and without a live proposal or trajectory (a cancelled one does
    not count). The rule of a proposal made by hand (services.matching.check_proposal) and of the admin's choice
    of application for it, so the list offers nothing the save refuses."""
    qs = PartnerApplication.objects.all() if applications is None else applications
    live = Trajectory.objects.filter(application=OuterRef("pk"), status__in=Trajectory.ACTIVE)
    return qs.filter(~Exists(live), status__in=PartnerApplication.TO_MATCH, school__isnull=False)


def chosen_practices(application_id: int) -> QuerySet[Preference]:
    """The school's choices a proposal for the application may take, in the school's order: its preferences for a
    published good practice of an active ambassador school (DESIGN.md: only good practices the school chose). With the
    practice and its ambassador school."""
    return (Preference.objects.filter(application_id=application_id, practice__status=GoodPractice.Status.PUBLISHED,
                                      practice__ambassador__active=True)
            .select_related("practice__ambassador__school").order_by("rank"))


def trajectories_for(user) -> QuerySet[Trajectory]:
    """Trajectories the user may read: staff and finance all; advisers their own; ambassadors those that use their
    practices; school contacts those of their own applications. Proposed (unpublished) matches are staff-only.
    With their tranche, school and adviser, and their good practice apart (practices_apart)."""
    qs = Trajectory.objects.select_related("tranche", "application__school", "adviser__user").prefetch_related(
        practices_apart())
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if has_role(user, Role.STAFF) or has_role(user, Role.FINANCE):
        return qs
    # Each role's scope is a subquery, not a join: no row is repeated (so no DISTINCT), and PostgreSQL plans the
    # query in well under a millisecond; the OR of joins took it 7 ms to plan for a 0.2 ms execution.
    scope = Q(pk__in=[])
    if has_role(user, Role.ADVISER):
        scope |= Q(adviser__in=Adviser.objects.filter(user=user).values("pk"))
    if has_role(user, Role.AMBASSADOR):
        scope |= Q(practice__in=GoodPractice.objects.filter(ambassador__contacts=user).values("pk"))
    if has_role(user, Role.SCHOOL_CONTACT):
        scope |= Q(application__in=PartnerApplication.objects.filter(created_by=user).values("pk"))
    return qs.filter(scope, status__in=VISIBLE)


def sees_working_group(user, trajectory: Trajectory) -> bool:
    """Whether ``user`` (one who may read ``trajectory``, see :func:`trajectories_for`) sees its working group's hours
    and its claim: staff, finance, its adviser and its school do; the ambassador reads the trajectory, not what the
    school is paid for whom (the trajectory page and the report alike)."""
    if has_role(user, Role.STAFF) or has_role(user, Role.FINANCE):
        return True
    return (trajectory.adviser.user_id == user.pk and has_role(user, Role.ADVISER)) or (
        trajectory.application.created_by_id == user.pk and has_role(user, Role.SCHOOL_CONTACT))


def trajectory_counts(tranche) -> list[tuple[str, str, int]]:
    """The tranche's trajectories counted by status, as (key, label, count) in the workflow's order, with the
    cancelled ones in three: proposals staff rejected (the word of the page's button and message), proposals that
    lapsed (replaced by a new matching round, or their application left: a school never heard of them) and matches
    that were ended after staff confirmed them. Counted together as "geannuleerd", a few rounds of auto-match showed
    hundreds of cancellations where nothing had been called off. Two queries."""
    by_status = dict(Trajectory.objects.filter(tranche=tranche).order_by().values_list("status")
                     .annotate(n=Count("*")))
    rows = [(status, str(label), by_status[status]) for status, label in Trajectory.Status.choices
            if by_status.get(status) and status != Trajectory.Status.CANCELLED]
    if cancelled := by_status.get(Trajectory.Status.CANCELLED, 0):
        ended_from = [Trajectory.Status.CONFIRMED, Trajectory.Status.PUBLISHED]
        split = StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(Trajectory), target=Trajectory.Status.CANCELLED,
            object_id__in=Trajectory.objects.filter(tranche=tranche, status=Trajectory.Status.CANCELLED).values("pk"),
        ).aggregate(ended=Count("object_id", distinct=True, filter=Q(transition="cancel", source__in=ended_from)),
                    rejected=Count("object_id", distinct=True, filter=Q(transition="reject")))
        ended, rejected = split["ended"], split["rejected"]
        rows += [(key, label, n) for key, label, n in (
            ("rejected", str(_("voorstel afgewezen")), rejected),
            ("lapsed", str(_("voorstel vervallen")), cancelled - ended - rejected),
            ("ended", str(_("koppeling beëindigd")), ended)) if n]
    return rows


def room_for(ambassador, tranche) -> dict:
    """Capacity, seats taken and seats left of an ambassador school in a tranche (shown on the catalogue's pages,
    registered in ambassadors.contributions). Every active trajectory takes a seat: a pending proposal holds it too,
    so the public page never promises room that staff are about to fill."""
    taken = Trajectory.objects.filter(practice__ambassador=ambassador, tranche=tranche,
                                      status__in=Trajectory.ACTIVE).count()
    capacity = ambassador.capacity_for(tranche)
    return {"capacity": capacity, "taken": taken, "left": max(0, capacity - taken), "tranche": tranche}


def with_visible_trajectories(practices: QuerySet, user) -> QuerySet:
    """Good practices, each with ``visible_trajectories``: the trajectories using it that ``user`` may read
    (trajectories_for). One query more, whatever the number of rows."""
    # (the practice is the parent here: not read again)
    trajectories = trajectories_for(user).prefetch_related(None).order_by("-tranche__number", "pk")
    return practices.prefetch_related(Prefetch("trajectories", to_attr="visible_trajectories", queryset=trajectories))


def trajectories_logged_by(user) -> QuerySet[Trajectory]:
    """Trajectories whose meetings the user may schedule and log: the adviser's own, published ones."""
    if not has_role(user, Role.ADVISER):
        return Trajectory.objects.none()
    # Narrower than trajectories_for (no OR of roles, so no DISTINCT, and no adviser join): PostgreSQL planned
    # that query in 10 ms for a 1 ms execution.
    return Trajectory.objects.select_related("tranche", "application__school", "practice__ambassador__school").filter(
        adviser__user=user, status__in=VISIBLE)


def meetings_logged_by(user) -> QuerySet[Meeting]:
    """Meetings the user may plan, poll for and log: those of :func:`trajectories_logged_by`."""
    return Meeting.objects.filter(trajectory__in=trajectories_logged_by(user).values("pk")).select_related(
        "trajectory__tranche", "trajectory__application__school")


def polls_logged_by(user) -> QuerySet[MeetingPoll]:
    """The availability polls of the meetings of :func:`meetings_logged_by` (the same scope)."""
    return MeetingPoll.objects.filter(meeting__in=meetings_logged_by(user).values("pk")).select_related(
        "meeting__trajectory__application__school", "meeting__trajectory__tranche")


def meetings_for(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(trajectory__in=trajectories_for(user).values("pk")).select_related(
        "trajectory__application__school", "trajectory__adviser__user"
    )


def claims_for(user) -> QuerySet[ReimbursementClaim]:
    """Finance sees every claim; a school contact its own; nobody else any."""
    qs = ReimbursementClaim.objects.select_related("trajectory__application__school", "trajectory__tranche")
    if has_role(user, Role.FINANCE):
        return qs
    if has_role(user, Role.SCHOOL_CONTACT):
        return qs.filter(trajectory__application__created_by=user)
    return qs.none()


# The columns of a claim that finance's lists show, with the school and the tranche they name.
LIST_COLUMNS = ("status", "amount", "iban", "trajectory__application__school__name", "trajectory__tranche__name")


def finance_queue(user, *, status: str | None = None, tranche_id: int | None = None,
                  search: str = "") -> QuerySet[ReimbursementClaim]:
    """Finance's claim queue: every claim past its draft, of ``status`` and of the tranche ``tranche_id`` when given,
    and matching ``search`` (see :func:`claim_search`), oldest submission first. A returned claim carries ``return_batch``, the batch whose page records its new transfer,
    and every claim ``logs_changed``: a session logged after it was submitted (columns, not a query per row)."""
    qs = claims_for(user).exclude(status=ReimbursementClaim.Status.DRAFT)
    if status is not None:
        qs = qs.filter(status=status)
    if tranche_id is not None:
        qs = qs.filter(trajectory__tranche_id=tranche_id)
    if search.strip():
        qs = qs.filter(claim_search(search))
    # Only the columns the queue shows (an application row alone carries its whole text).
    return qs.only(*LIST_COLUMNS, "submitted_at", "decision_reason").annotate(
        return_batch=Subquery(PaymentReturn.objects.filter(claim=OuterRef("pk"))
                              .order_by("-recorded_at", "-pk").values("batch")[:1]),
        # A session logged again after the school submitted: the amount shown is the submitted one, the claim page
        # (and approval) has what the logs give now.
        logs_changed=Exists(Meeting.objects.filter(trajectory=OuterRef("trajectory_id"), kind=Meeting.Kind.SESSION,
                                                   logged_at__gt=OuterRef("submitted_at"))),
    ).order_by("submitted_at", "pk")


def claim_search(text: str) -> Q:
    """What finance types to find a claim: its number (as the payment files and the bank statement give it, also
    "declaratie 123" or a transfer's reference "LOB-…-123"), a payment file's reference (its claims), part of the
    school's name or BRIN, or an IBAN (spaces left out), also one a transfer was sent back from."""
    text = " ".join(text.split())
    condition = Q(trajectory__application__school__name__icontains=text)
    compact = text.replace(" ", "").upper()
    if len(compact) >= 4:
        # also the account a transfer was sent back from (the one the bank's notice names), which the school may
        # have replaced since
        condition |= Q(iban__icontains=compact) | Exists(PaymentReturn.objects.filter(claim=OuterRef("pk"),
                                                                                         iban__icontains=compact))
    if re.fullmatch(r"\d\d[A-Z0-9]{2}(\d\d)?", compact):
        condition |= Q(trajectory__application__school__brin=compact[:4])
    if compact.startswith("LOB-"):  # a payment file's reference: its claims, also those the bank sent back since
        condition |= Q(batch__reference__iexact=compact) | Exists(PaymentReturn.objects.filter(
            claim=OuterRef("pk"), batch__reference__iexact=compact))
    number = re.search(r"(\d+)\s*$", text)
    if number and len(number.group(1)) < 10:
        condition |= Q(pk=int(number.group(1)))
    return condition


def _per_batch(qs, expression):
    """One figure per batch from a correlated subquery (two joined relations would multiply each other's rows)."""
    return Subquery(qs.filter(batch=OuterRef("pk")).order_by().values("batch").annotate(v=expression).values("v"))


def export_batches() -> QuerySet[ExportBatch]:
    """Finance's batches with what became of their transfers: ``paid``, ``open`` (exported, not yet paid),
    ``returned`` and ``returned_amount`` (sent back by the bank), ``returned_open`` (of those, not yet transferred
    again). Finance only; the views check the role."""
    claims = ReimbursementClaim.objects.all()
    returns = PaymentReturn.objects.all()
    money = DecimalField(max_digits=14, decimal_places=2)
    return ExportBatch.objects.select_related("created_by").annotate(
        paid=Coalesce(_per_batch(claims.filter(status=ReimbursementClaim.Status.PAID), Count("pk")), 0),
        open=Coalesce(_per_batch(claims.filter(status=ReimbursementClaim.Status.EXPORTED), Count("pk")), 0),
        returned=Coalesce(_per_batch(returns, Count("pk")), 0),
        returned_open=Coalesce(_per_batch(returns.filter(repaid_at__isnull=True), Count("pk")), 0),
        returned_amount=Coalesce(_per_batch(returns, Sum("amount")), Value(0), output_field=money),
    )


def batch_claims(batch: ExportBatch) -> QuerySet[ReimbursementClaim]:
    """The transfers still in ``batch`` (one the bank sent back leaves it) in the order of its files: the batch page's
    rows. (By school name, a page of a 5,000-claim batch sorted all 5,000 joined rows first: 120 ms against 1.)"""
    return batch.claims.select_related("trajectory__application__school", "trajectory__tranche").only(
        *LIST_COLUMNS, "account_holder", "batch").order_by("pk")


def batch_claim_position(batch: ExportBatch, claim_pk: int) -> int:
    """How many transfers of ``batch`` come before claim ``claim_pk`` in :func:`batch_claims` (its page follows)."""
    return batch.claims.filter(pk__lt=claim_pk).count()


SHARED_NAMES = 20  # names read per page IBAN at most (an account on hundreds of claims is flagged, not listed)


def schools_sharing_ibans(ibans) -> dict[str, list[str]]:
    """For each of ``ibans`` that claims of two or more different schools name: those schools' names (finance checks
    such an account before paying). One query, whatever the number of IBANs."""
    ibans = {iban for iban in ibans if iban}
    if not ibans:
        return {}
    shared = (ReimbursementClaim.objects.filter(iban__in=ibans).values("iban")
              .annotate(n=Count("trajectory__application__school", distinct=True)).filter(n__gt=1).values("iban"))
    names: dict[str, list[str]] = {}
    for iban, name in (ReimbursementClaim.objects.filter(iban__in=Subquery(shared))
                       .values_list("iban", "trajectory__application__school__name").distinct()
                       .order_by("iban", "trajectory__application__school__name")[:SHARED_NAMES * len(ibans)]):
        names.setdefault(iban, []).append(name)
    return names


def shared_with(claim, shared: dict[str, list[str]]) -> list[str]:
    """The other schools whose claims name ``claim``'s IBAN (from :func:`schools_sharing_ibans`)."""
    own = claim.trajectory.application.school.name
    return [name for name in shared.get(claim.iban, ()) if name != own]


def current_tranche():
    """The tranche staff work on now: the newest one in which a school has submitted an application (its matching
    is next or under way), else the newest. A newer tranche nothing has come in for yet does not take its place,
    and a log or claim in an older one does not pull staff back to it. The dashboard opens on it and the start
    page's matching link goes to it."""
    from lobmatch.models import Tranche

    submitted = PartnerApplication.objects.filter(tranche=OuterRef("pk")).exclude(
        status=PartnerApplication.Status.DRAFT)
    newest = Tranche.objects.order_by("-number")
    return newest.filter(Exists(submitted)).first() or newest.first()


def finance_worklist() -> list[dict]:
    """What needs finance now, as the staff's worklist does: claims to check, approved claims waiting for a payment
    file (with their sum), payment files not yet marked paid, and transfers the bank sent back. Two queries."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from lobmatch.templatetags.lobmatch import format_money

    status = ReimbursementClaim.Status
    counts = dict.fromkeys((status.SUBMITTED, status.APPROVED, status.RETURNED), (0, None))
    counts.update((row["status"], (row["n"], row["amount"])) for row in ReimbursementClaim.objects.filter(
        status__in=list(counts)).order_by().values("status").annotate(n=Count("pk"), amount=Sum("amount")))
    unpaid = ExportBatch.objects.filter(paid_on__isnull=True).count()  # (also one whose every transfer came back)
    queue = reverse("trajectories:finance_claims")
    approved, amount = counts[status.APPROVED]
    return [
        {"label": _("Ingediende declaraties om te controleren"), "count": counts[status.SUBMITTED][0],
         "url": f"{queue}?status=submitted"},
        {"label": _("Goedgekeurd, wacht op een betaalbestand"), "count": approved,
         "amount": format_money(amount) if approved else "", "url": reverse("trajectories:finance_batch_preview")},
        {"label": _("Betaalbestanden nog niet als betaald gemarkeerd"), "count": unpaid,
         "url": reverse("trajectories:finance_batch_list")},
        {"label": _("Teruggestuurd door de bank, opnieuw over te maken"), "count": counts[status.RETURNED][0],
         "url": f"{queue}?status=returned"},
    ]


def staff_worklist() -> list[dict]:
    """What needs a staff member now, each with its count and the filtered admin list that shows those rows.
    One count per model, so the number of queries does not grow with the data."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    # Counted by filtering on the indexed status (PostgreSQL counts the index entries), not with a FILTER over
    # every row: the applications of all tranches took 8 ms to read that way, 0.8 ms through the index.
    to_review = PartnerApplication.objects.filter(status__in=[PartnerApplication.Status.SUBMITTED,
                                                              PartnerApplication.Status.UNDER_REVIEW]).count()
    traj = {Trajectory.Status.PROPOSED: 0, Trajectory.Status.CONFIRMED: 0}
    traj.update(Trajectory.objects.filter(status__in=list(traj)).order_by().values("status")
                .annotate(n=Count("pk")).values_list("status", "n"))
    now = timezone.now()
    unlogged = Meeting.objects.filter(status=Meeting.Status.PLANNED, planned_start__lt=now).count()
    edited = GoodPractice.objects.filter(changed_since_review_at__isnull=False).count()
    applications = reverse("admin:partners_partnerapplication_changelist")
    trajectories = reverse("admin:trajectories_trajectory_changelist")
    return [
        {"label": _("Aanmeldingen om te beoordelen"), "count": to_review,
         "url": f"{applications}?status__in=submitted,under_review"},
        {"label": _("Voorgestelde koppelingen om te bevestigen"), "count": traj[Trajectory.Status.PROPOSED],
         "url": f"{trajectories}?status__exact=proposed"},
        {"label": _("Bevestigde koppelingen om te publiceren"), "count": traj[Trajectory.Status.CONFIRMED],
         "url": f"{trajectories}?status__exact=confirmed"},
        {"label": _("Bijeenkomsten voorbij maar niet vastgelegd"), "count": unlogged,
         "url": f"{reverse('admin:trajectories_meeting_changelist')}?"
                + urlencode({"status__exact": "planned",
                             "planned_start__lt": timezone.localtime(now).isoformat(timespec="seconds")})},
        {"label": _("Good practices gewijzigd na publicatie, nog niet nagekeken"), "count": edited,
         "url": f"{reverse('admin:ambassadors_goodpractice_changelist')}?nakijken=ja"},
    ]
