"""Data protection (AVG/GDPR): retention and the right of access.

- :func:`anonymise_closed_trajectories` removes the personal data of trajectories that were closed (completed or
  cancelled) longer ago than ``settings.LOBMATCH_RETENTION_YEARS``: names, email addresses and phone numbers of the
  project leader, the school leader and the working group, the claim's account holder and all but the last four
  characters of its IBAN (also on the records of a transfer the bank sent back), the pulse-survey comments and
  invitations, the availability polls' participants (names, addresses, personal links) with their answers, and the
  calendar feeds of addresses that no kept application names any more, in the live rows and in their history. The money
  records stay as they were: claim amounts, hours, statuses, decisions, export batches. Meeting notes, outcomes and
  the school's own texts describe the school's work, not a person, and stay. Idempotent: a second run finds nothing.
- :func:`export_personal_data` gathers what the programme holds about one person (by email address) as plain data.

The apps are imported inside the functions: the core app must not import them at module level.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

ANONYMISED = "[geanonimiseerd]"
ANONYMISED_EMAIL = ""


@dataclass
class AnonymiseResult:
    cutoff: dt.datetime
    dry_run: bool
    trajectories: list[int] = field(default_factory=list)
    applications: int = 0
    members: int = 0
    claims: int = 0
    pulse_comments: int = 0
    pulse_invitations: int = 0
    poll_participants: int = 0
    calendar_feeds: int = 0
    history_rows: int = 0

    @property
    def count(self) -> int:
        return len(self.trajectories)


def retention_cutoff(years: int | None = None, now: dt.datetime | None = None) -> dt.datetime:
    """The moment ``years`` calendar years before ``now`` (29 February falls back to 28 February)."""
    years = settings.LOBMATCH_RETENTION_YEARS if years is None else years
    if years < 0:
        raise ValueError("years must not be negative")
    now = now or timezone.now()
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February in a year without one
        return now.replace(year=now.year - years, day=28)


def mask_iban(iban: str) -> str:
    """Keep the last four characters only: enough to recognise the account in a payment record."""
    compact = "".join((iban or "").split()).upper()
    if not compact or set(compact[:-4]) <= {"*"}:
        return compact
    return "*" * max(len(compact) - 4, 0) + compact[-4:]


def due_trajectories(years: int | None = None, now: dt.datetime | None = None):
    """Closed trajectories past the retention period whose personal data is still there.

    An application is only touched when every trajectory on it is closed and past the period (a cancelled match
    may have been followed by a new one)."""
    from trajectories.models import Trajectory

    cutoff = retention_cutoff(years, now)
    closed = [Trajectory.Status.COMPLETED, Trajectory.Status.CANCELLED]
    still_kept = Trajectory.objects.filter(~Q(status__in=closed) | Q(updated_at__gte=cutoff))
    return (
        Trajectory.objects.filter(status__in=closed, updated_at__lt=cutoff)
        .exclude(application__in=still_kept.values("application"))
        .exclude(application__project_leader_name=ANONYMISED)
        .order_by("pk")
    ), cutoff


def anonymise_closed_trajectories(*, years: int | None = None, dry_run: bool = False,
                                  now: dt.datetime | None = None) -> AnonymiseResult:
    from partners.models import PartnerApplication, WorkingGroupMember
    from trajectories.models import (
        PaymentReturn,
        PollParticipant,
        PulseInvitation,
        PulseResponse,
        ReimbursementClaim,
    )

    queryset, cutoff = due_trajectories(years, now)
    result = AnonymiseResult(cutoff=cutoff, dry_run=dry_run)
    with transaction.atomic():
        trajectories = list(queryset.select_for_update(of=("self",)).values("pk", "application_id"))
        result.trajectories = [t["pk"] for t in trajectories]
        app_ids = sorted({t["application_id"] for t in trajectories})
        applications = PartnerApplication.objects.filter(pk__in=app_ids)
        members = WorkingGroupMember.objects.filter(application_id__in=app_ids)
        claims = ReimbursementClaim.objects.filter(trajectory_id__in=result.trajectories)
        comments = PulseResponse.objects.filter(meeting__trajectory_id__in=result.trajectories).exclude(comment="")
        invitations = PulseInvitation.objects.filter(meeting__trajectory_id__in=result.trajectories)
        result.applications, result.members = len(app_ids), members.count()
        result.claims = claims.count()
        result.pulse_comments, result.pulse_invitations = comments.count(), invitations.count()
        participants = PollParticipant.objects.filter(poll__meeting__trajectory_id__in=result.trajectories)
        result.poll_participants = participants.count()
        feeds = _feeds_of_addresses_going(app_ids)
        result.calendar_feeds = feeds.count()
        if dry_run or not trajectories:
            return result

        application_blank = {
            "project_leader_name": ANONYMISED, "project_leader_email": ANONYMISED_EMAIL,
            "project_leader_phone": "", "project_leader_position": "",
            "school_leader_name": ANONYMISED, "school_leader_email": ANONYMISED_EMAIL,
        }
        # queryset.update(): no auto_now bump, no new history rows that would copy the data once more.
        applications.update(**application_blank)
        result.history_rows += PartnerApplication.history.filter(id__in=app_ids).update(**application_blank)
        for member in members.only("pk", "order"):
            WorkingGroupMember.objects.filter(pk=member.pk).update(
                name=f"Werkgroeplid {member.pk}", email=ANONYMISED_EMAIL)
        for claim in claims.only("pk", "iban"):
            ReimbursementClaim.objects.filter(pk=claim.pk).update(iban=mask_iban(claim.iban), account_holder=ANONYMISED)
            # each history row by its own account: after a returned transfer the school may have changed it
            for row in ReimbursementClaim.history.filter(id=claim.pk).only("history_id", "iban"):
                result.history_rows += ReimbursementClaim.history.filter(history_id=row.history_id).update(
                    iban=mask_iban(row.iban), account_holder=ANONYMISED)
        for payment_return in PaymentReturn.objects.filter(claim__in=claims).only("pk", "iban", "repaid_iban"):
            PaymentReturn.objects.filter(pk=payment_return.pk).update(
                iban=mask_iban(payment_return.iban), account_holder=ANONYMISED,
                repaid_iban=mask_iban(payment_return.repaid_iban))
        comments.update(comment="")
        invitations.delete()
        # Availability polls hold names, addresses and personal links of everyone who was expected; their answers
        # go with them (cascade). A feed is only the address's: it goes when no kept application names it.
        participants.delete()
        feeds.delete()
    return result


def _feeds_of_addresses_going(app_ids: list[int]):
    """The calendar feeds (without an account) of the addresses named in these applications (leaders, working group)
    that no other application names: those addresses are about to go. Five queries whatever the number of people."""
    from partners.models import PartnerApplication, WorkingGroupMember
    from trajectories.models import CalendarFeed

    if not app_ids:
        return CalendarFeed.objects.none()
    named = set()
    for leader, school_leader in PartnerApplication.objects.filter(pk__in=app_ids).values_list(
            "project_leader_email", "school_leader_email"):
        named |= {leader.strip().lower(), school_leader.strip().lower()}
    named |= {e.strip().lower() for e in WorkingGroupMember.objects.filter(application_id__in=app_ids)
              .values_list("email", flat=True)}
    named.discard("")
    kept = PartnerApplication.objects.exclude(pk__in=app_ids)
    still_named = {e.lower() for e in kept.annotate(address=Lower("project_leader_email"))
                   .filter(address__in=named).values_list("address", flat=True)}
    still_named |= {e.lower() for e in kept.annotate(address=Lower("school_leader_email"))
                    .filter(address__in=named).values_list("address", flat=True)}
    still_named |= {e.lower() for e in WorkingGroupMember.objects.exclude(application_id__in=app_ids)
                    .annotate(address=Lower("email")).filter(address__in=named).values_list("address", flat=True)}
    # feeds store the address stripped and in lower case (trajectories.services.planning.live_feed)
    return CalendarFeed.objects.filter(user__isnull=True, email__in=named - still_named)


# --- right of access --------------------------------------------------------------------------------------------

def _iso(value):
    return value.isoformat() if value is not None else None


def _application(app) -> dict:
    return {
        "id": app.pk, "tranche": str(app.tranche), "school": app.school.name if app.school_id else None,
        "status": app.status, "created_at": _iso(app.created_at), "submitted_at": _iso(app.submitted_at),
        "project_leader": {"name": app.project_leader_name, "email": app.project_leader_email,
                           "phone": app.project_leader_phone, "position": app.project_leader_position},
        "school_leader": {"name": app.school_leader_name, "email": app.school_leader_email},
        "lob_situation": app.lob_situation, "ambition": app.ambition, "motivation": app.motivation,
        "availability_kickoff": app.availability_kickoff, "availability_sessions": app.availability_sessions,
        "consent_publicity": app.consent_publicity, "consent_privacy": app.consent_privacy,
        "working_group": [{"name": m.name, "role": m.role, "email": m.email, "project_leader": m.is_project_leader}
                          for m in app.members.all()],
        "preferences": [{"rank": p.rank, "good_practice": p.practice.title} for p in app.preferences.all()],
    }


def export_personal_data(email: str) -> dict:
    """Everything the programme holds about the person with this email address, as JSON-ready data."""
    from allauth.account.models import EmailAddress

    from lobmatch.models import User
    from partners.models import PartnerApplication, WorkingGroupMember
    from trajectories.models import Adviser, Attendance, CalendarFeed, PollParticipant, PulseInvitation, Trajectory

    email = email.strip()
    user = User.objects.filter(email__iexact=email).prefetch_related("groups").first()
    data: dict = {"email": email, "generated_at": _iso(timezone.now()), "user": None, "applications": [],
                  "named_in_applications": [], "working_group_memberships": [], "trajectories_as_adviser": [],
                  "pulse_invitations": [], "poll_participations": [], "calendar_feeds": []}
    app_qs = PartnerApplication.objects.select_related("tranche", "school").prefetch_related(
        "members", "preferences__practice")
    if user is not None:
        data["user"] = {
            "email": user.email, "first_name": user.first_name, "last_name": user.last_name, "phone": user.phone,
            "language": user.language, "date_joined": _iso(user.date_joined), "last_login": _iso(user.last_login),
            "roles": sorted(g.name for g in user.groups.all()), "is_active": user.is_active,
            "email_addresses": [{"email": a.email, "verified": a.verified, "primary": a.primary}
                                for a in EmailAddress.objects.filter(user=user)],
        }
        data["applications"] = [_application(a) for a in app_qs.filter(created_by=user).order_by("pk")]
        adviser = Adviser.objects.filter(user=user).first()
        if adviser is not None:
            for t in (Trajectory.objects.filter(adviser=adviser)
                      .select_related("tranche", "application__school", "practice").prefetch_related("meetings")
                      .order_by("pk")):
                data["trajectories_as_adviser"].append({
                    "id": t.pk, "tranche": str(t.tranche), "status": t.status,
                    "school": t.application.school.name if t.application.school_id else None,
                    "good_practice": t.practice.title,
                    "meetings": [{"kind": m.kind, "number": m.number, "planned_start": _iso(m.planned_start),
                                  "status": m.status, "notes": m.notes, "logged_at": _iso(m.logged_at)}
                                 for m in t.meetings.all()],
                })
    named = app_qs.filter(Q(project_leader_email__iexact=email) | Q(school_leader_email__iexact=email))
    if user is not None:
        named = named.exclude(created_by=user)
    for app in named.order_by("pk"):
        roles = [r for r, e in (("project_leader", app.project_leader_email), ("school_leader",
                                                                              app.school_leader_email))
                 if e.lower() == email.lower()]
        data["named_in_applications"].append({"application": app.pk, "tranche": str(app.tranche),
                                              "school": app.school.name if app.school_id else None, "as": roles})
    members = (WorkingGroupMember.objects.filter(email__iexact=email)
               .select_related("application__tranche", "application__school").order_by("pk"))
    hours = {}
    for a in Attendance.objects.filter(member__in=members).select_related("meeting").order_by("meeting__planned_start"):
        hours.setdefault(a.member_id, []).append({"meeting": str(a.meeting), "date": _iso(a.meeting.planned_start),
                                                  "hours_present": str(a.hours_present)})
    for m in members:
        data["working_group_memberships"].append({
            "name": m.name, "role": m.role, "email": m.email, "project_leader": m.is_project_leader,
            "application": m.application_id, "tranche": str(m.application.tranche),
            "school": m.application.school.name if m.application.school_id else None,
            "attendance": hours.get(m.pk, []),
        })
    for inv in PulseInvitation.objects.filter(email__iexact=email).select_related("meeting").order_by("pk"):
        # The answers themselves are anonymous by design and cannot be traced back to the person.
        data["pulse_invitations"].append({"meeting": str(inv.meeting), "sent_at": _iso(inv.created_at),
                                          "answered": inv.answered})
    participants = (PollParticipant.objects.filter(email__iexact=email)
                    .select_related("poll__meeting__trajectory__application__school")
                    .prefetch_related("answers__slot").order_by("pk"))
    for p in participants:
        meeting = p.poll.meeting
        data["poll_participations"].append({
            "meeting": str(meeting), "school": meeting.trajectory.application.school.name,
            "poll_status": p.poll.status, "role": p.role, "name": p.name, "email": p.email,
            # the link itself is a key to the answer page: its existence is the person's data, its secret is not
            "personal_link": True, "answered_at": _iso(p.answered_at),
            "answers": [{"slot": _iso(a.slot.start), "choice": a.choice}
                        for a in sorted(p.answers.all(), key=lambda a: a.slot.start)],
        })
    own_feeds = Q(user__isnull=True, email__iexact=email) | (Q(user=user) if user is not None else Q())
    feeds = CalendarFeed.objects.filter(own_feeds).order_by("pk")
    data["calendar_feeds"] = [{"email": f.email, "with_account": f.user_id is not None,
                               "created_at": _iso(f.created_at), "revoked_at": _iso(f.revoked_at)} for f in feeds]
    return data
