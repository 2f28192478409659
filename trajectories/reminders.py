"""The trajectory reminders: meetings ahead, meetings not logged, claims to submit and the finance digest.

Pure functions of ``now`` (default: the current time) that record what is due in the outbox, once per reminder,
object and recipient (see :mod:`lobmatch.reminders` for the moments and windows), and return how many messages they
recorded. They are set-based: a fixed number of queries whatever the number of meetings, and one insert of all
their messages (:func:`lobmatch.outbox.enqueue_messages`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, DateTimeField, Exists, F, Min, OuterRef, Sum
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone, translation

from ambassadors.models import AmbassadorSchool
from lobmatch.models import Role
from lobmatch.outbox import build_email, enqueue_messages
from lobmatch.reminders import (
    after_window,
    before_series_window,
    key,
    language_map,
    object_key,
    recipient_key,
    reference_day,
    register,
)
from partners.models import WorkingGroupMember

from .models import Meeting, PollSlot, ReimbursementClaim, Trajectory

MEETING_SERIES = (7, 1)  # days ahead
NOT_LOGGED_AFTER = dt.timedelta(days=2)
NOT_LOGGED_CATCH_UP = dt.timedelta(days=7)
CLAIM_CATCH_UP = dt.timedelta(days=14)
DIGEST_LINES = 25
LIVE_TRAJECTORY = [Trajectory.Status.CONFIRMED, Trajectory.Status.PUBLISHED]


def _url(name: str, *args_placeholder: int) -> str:
    """A URL pattern with ``{}`` for the id, reversed once (not once per row)."""
    marker = 987654321
    return reverse(name, args=[marker] * len(args_placeholder)).replace(str(marker), "{}")


@functools.cache
def meeting_label(kind: str, number: int, language: str) -> str:
    """"startgesprek", "begeleide bijeenkomst 2", "adviesgesprek" in the recipient's language (cached)."""
    with translation.override(language):
        label = str(Meeting.Kind(kind).label)
    return f"{label} {number}" if kind == Meeting.Kind.SESSION else label


def _meeting_rows(now: dt.datetime):
    """Due planned meetings of live trajectories, per reminder of the series, as ``{meeting_id: (days, row)}``."""
    windows = []
    for i, days in enumerate(MEETING_SERIES):
        nxt = MEETING_SERIES[i + 1] if i + 1 < len(MEETING_SERIES) else None
        windows.append((days, *before_series_window(now, days, nxt)))
    lo = min(w[1] for w in windows)
    hi = max(w[2] for w in windows)
    base = Meeting.objects.filter(status=Meeting.Status.PLANNED, planned_start__gte=lo, planned_start__lt=hi,
                                  trajectory__status__in=LIVE_TRAJECTORY)
    # Only who gets it: what the mail says about the meeting is read when it is rendered (meeting_context).
    fields = ("pk", "planned_start", "trajectory__application_id", "trajectory__practice__contact_email",
              "trajectory__practice__ambassador_id", "trajectory__adviser__user__email",
              "trajectory__adviser__user__first_name", "trajectory__adviser__user__language",
              "trajectory__adviser__user__is_active")
    due = {}
    for row in base.values_list(*fields).iterator(chunk_size=5000):
        start = row[1]
        for days, w_lo, w_hi in windows:
            if w_lo <= start < w_hi:
                due[row[0]] = (days, row)
                break
    return base, due


def meeting_context(source: dict, context: dict) -> dict:
    """What a meeting reminder says about its meeting, read when the mail is rendered (in the recipient's
    language): the time and place as they are then, the pair, the practice, and the adviser as contact for the
    school and the ambassador. A mail about a poll (``source["poll"]``) also gets the poll's times as ``slots``
    (start and end, Amsterdam time), so the mail says them before anyone opens the link."""
    meeting = Meeting.objects.select_related(
        "trajectory__application__school", "trajectory__practice__ambassador__school", "trajectory__adviser__user",
    ).get(pk=source["meeting"])
    trajectory, adviser = meeting.trajectory, meeting.trajectory.adviser.user
    adviser_name = f"{adviser.first_name} {adviser.last_name}".strip() or adviser.email
    start = timezone.localtime(meeting.planned_start) if meeting.planned_start else None
    shared = {
        "meeting_kind": meeting.kind, "meeting_number": meeting.number,
        "meeting": meeting_label(meeting.kind, meeting.number, translation.get_language() or "nl"),
        "start_at": start, "end_at": start + dt.timedelta(minutes=meeting.duration_minutes) if start else None,
        "location": meeting.location, "school": trajectory.application.school.name,
        "ambassador": trajectory.practice.ambassador.school.name, "practice": trajectory.practice.title,
        "adviser": adviser_name, "url": reverse("trajectories:trajectory_detail", args=[trajectory.pk]),
    }
    if source.get("poll"):  # the poll's own times and place, which the meeting gets once a slot is chosen
        rows = list(PollSlot.objects.filter(poll_id=source["poll"]).order_by("start")
                    .values_list("start", "poll__duration_minutes", "poll__location"))
        shared["slots"] = [{"start": timezone.localtime(start),
                            "end": timezone.localtime(start) + dt.timedelta(minutes=minutes)}
                           for start, minutes, _place in rows]
        shared["location"] = rows[0][2] if rows else shared["location"]
    if context.get("role") != "adviser":
        shared["contact_name"], shared["contact_email"] = adviser_name, adviser.email
    return shared


@register("meetings_ahead")
def run_meeting_reminders(now: dt.datetime | None = None) -> int:
    """7 and 1 days before each planned meeting: the working group, the adviser and the ambassador contacts, each
    in their own language, with the meeting as an .ics attachment. Returns the number of messages recorded."""
    now = now or timezone.now()
    base, due = _meeting_rows(now)
    if not due:
        return 0
    application_ids = base.values("trajectory__application_id")
    ambassador_ids = base.values("trajectory__practice__ambassador_id")
    members = defaultdict(list)
    for app_id, email, name in (WorkingGroupMember.objects.filter(application_id__in=application_ids)
                                .exclude(email="").values_list("application_id", "email", "name")
                                .iterator(chunk_size=10000)):
        members[app_id].append((email.strip().lower(), name))
    ambassadors = defaultdict(list)
    for amb_id, email, first, lang in (AmbassadorSchool.contacts.through.objects
                                       .filter(ambassadorschool_id__in=ambassador_ids, user__is_active=True)
                                       .values_list("ambassadorschool_id", "user__email", "user__first_name",
                                                    "user__language")):
        ambassadors[amb_id].append((email.strip().lower(), first, lang))
    User = get_user_model()
    # Addresses as typed in the application ("Anna@School.nl") match the account case-insensitively.
    languages = language_map(User.objects.annotate(email_key=Lower("email")).filter(
        email_key__in=WorkingGroupMember.objects.filter(application_id__in=application_ids)
        .annotate(email_key=Lower("email")).values("email_key")))
    log_url = _url("trajectories:meeting_log", 0)

    def messages():
        for meeting_id, (days, row) in due.items():
            _pk, start, app_id, practice_email, amb_id, adv_email, adv_first, adv_lang, adv_active = row
            # The meeting's facts (time, place, school, adviser) are read when each mail is rendered
            # (meeting_context); a message stores only what is its own.
            source = {"kind": "meeting", "meeting": meeting_id}
            attachments = [{"kind": "ics", "meeting": meeting_id}]
            still_due = {"model": "trajectories.meeting", "pk": meeting_id, "status": "planned"}
            recipients = [(email, name, "member", languages.get(email)) for email, name in members.get(app_id, ())]
            if adv_email and adv_active:
                recipients.append((adv_email.strip().lower(), adv_first, "adviser", adv_lang))
            contacts = ambassadors.get(amb_id) or ([(practice_email.strip().lower(), "", None)]
                                                   if practice_email else [])
            recipients += [(email, first, "ambassador", lang) for email, first, lang in contacts]
            meeting_key = object_key(f"meeting-{days}d", f"meeting-{meeting_id}", start)
            for email, name, role, lang in recipients:
                context = {"days": days, "name": name, "role": role}
                if role == "adviser":
                    context["log_url"] = log_url.format(meeting_id)
                yield build_email(
                    to=[email], template="reminder_meeting", context=context, attachments=attachments,
                    dedupe_key=recipient_key(meeting_key, email),
                    language=lang or languages.get(email) or "nl", not_after=start, still_due=still_due,
                    context_from=source,
                )

    return enqueue_messages(messages())


@register("meeting_not_logged")
def run_unlogged_meeting_reminders(now: dt.datetime | None = None) -> int:
    """The adviser, 2 days after a meeting that is still 'planned' (not logged as held or cancelled)."""
    now = now or timezone.now()
    lo, hi = after_window(now, NOT_LOGGED_AFTER, NOT_LOGGED_CATCH_UP)
    rows = (Meeting.objects.filter(status=Meeting.Status.PLANNED, planned_start__gt=lo, planned_start__lte=hi,
                                   trajectory__status__in=LIVE_TRAJECTORY, trajectory__adviser__user__is_active=True)
            .values_list("pk", "kind", "number", "planned_start", "trajectory_id",
                         "trajectory__application__school__name", "trajectory__adviser__user__email",
                         "trajectory__adviser__user__first_name", "trajectory__adviser__user__language"))
    log_url = _url("trajectories:meeting_log", 0)
    return enqueue_messages(
        build_email(
            to=[email], template="reminder_meeting_not_logged",
            context={"meeting_kind": kind, "meeting_number": number, "start_at": start.isoformat(),
                     "meeting": meeting_label(kind, number, lang or "nl"), "school": school, "name": first,
                     "log_url": log_url.format(pk)},
            dedupe_key=key("meeting-not-logged", f"meeting-{pk}", start, email), language=lang,
            still_due={"model": "trajectories.meeting", "pk": pk, "status": "planned"},
        )
        for pk, kind, number, start, _t, school, email, first, lang in rows.iterator(chunk_size=5000) if email
    )


@register("claim_to_submit")
def run_claim_reminders(now: dt.datetime | None = None) -> int:
    """The school (the application's author and the project leader), once the last guided session is held, no
    other is waiting for its log, and the claim is not submitted yet; due from the moment the session was logged,
    for two weeks."""
    now = now or timezone.now()
    not_submitted = ~Exists(ReimbursementClaim.objects.filter(trajectory=OuterRef("trajectory_id"))
                            .exclude(status=ReimbursementClaim.Status.DRAFT))
    # as claims.not_ready: a claim goes in once no guided session is waiting for its log
    all_logged = ~Exists(Meeting.objects.filter(trajectory=OuterRef("trajectory_id"), kind=Meeting.Kind.SESSION,
                                                status=Meeting.Status.PLANNED))
    rows = (Meeting.objects.filter(kind=Meeting.Kind.SESSION, status=Meeting.Status.HELD,
                                   number=F("trajectory__tranche__guided_sessions"),
                                   trajectory__status__in=[*LIVE_TRAJECTORY, Trajectory.Status.COMPLETED])
            .annotate(held_at=Coalesce("logged_at", "planned_start", output_field=DateTimeField()))
            .filter(not_submitted, all_logged, held_at__lte=now, held_at__gt=now - CLAIM_CATCH_UP)
            .values_list("trajectory_id", "trajectory__application__school__name",
                         "trajectory__application__created_by__email",
                         "trajectory__application__created_by__first_name",
                         "trajectory__application__created_by__language",
                         "trajectory__application__project_leader_email",
                         "trajectory__application__project_leader_name", "trajectory__adviser__user__email",
                         "trajectory__application__created_by__is_active", "trajectory__claim__id"))
    rows = list(rows)
    claim_url = _url("trajectories:claim_detail", 0)
    User = get_user_model()
    pl_languages = language_map(User.objects.annotate(email_key=Lower("email"))
                                .filter(email_key__in=[r[5].strip().lower() for r in rows if r[5]]))

    def messages():
        for (trajectory_id, school, author, author_first, author_lang, pl_email, pl_name, adviser_email,
             author_active, claim_id) in rows:
            # The claim is a draft until the school submits it; submitted meanwhile, the reminder is not sent.
            still_due = {"model": "trajectories.reimbursementclaim", "pk": claim_id, "status": "draft"} \
                if claim_id else None
            people = {}
            if pl_email:
                people[pl_email.strip().lower()] = (pl_name, pl_languages.get(pl_email.strip().lower()))
            if author and author_active:
                people[author.strip().lower()] = (author_first, author_lang)
            for email, (name, lang) in people.items():
                yield build_email(
                    to=[email], template="reminder_claim",
                    context={"school": school, "name": name, "url": claim_url.format(trajectory_id),
                             "adviser_email": adviser_email or ""},
                    dedupe_key=key("claim-to-submit", f"trajectory-{trajectory_id}", None, email),
                    language=lang or "nl", still_due=still_due,
                )

    return enqueue_messages(messages())


@register("finance_digest")
def run_finance_digest(now: dt.datetime | None = None) -> int:
    """Finance, weekly (from Monday 09:00 Amsterdam time, catching up during the week): the claims waiting for a
    decision, the approved ones waiting for a payment file, and the transfers the bank sent back that wait for a new
    transfer. Nothing when none are waiting."""
    now = now or timezone.now()
    ref = reference_day(now)
    monday = ref - dt.timedelta(days=ref.weekday())
    waiting = ReimbursementClaim.objects.filter(status=ReimbursementClaim.Status.SUBMITTED)
    summary = waiting.aggregate(n=Count("pk"), total=Sum("amount"), oldest=Min("submitted_at"))
    returned = ReimbursementClaim.objects.filter(status=ReimbursementClaim.Status.RETURNED).aggregate(
        n=Count("pk"), total=Sum("amount"))
    to_pay = ReimbursementClaim.objects.filter(status=ReimbursementClaim.Status.APPROVED).aggregate(
        n=Count("pk"), total=Sum("amount"))
    if not summary["n"] and not returned["n"] and not to_pay["n"]:
        return 0
    lines = [
        {"school": school, "amount": str(amount),
         "submitted_on": timezone.localdate(submitted).isoformat() if submitted else ""}
        for school, amount, submitted in waiting.order_by("submitted_at", "pk").values_list(
            "trajectory__application__school__name", "amount", "submitted_at")[:DIGEST_LINES]
    ]
    User = get_user_model()
    finance = User.objects.filter(groups__name=Role.FINANCE, is_active=True).exclude(email="") \
        .values_list("email", "first_name", "language").distinct()
    week = monday.isocalendar()
    context = {"count": summary["n"], "total_money": str(summary["total"] or Decimal("0")),
               "oldest_at": summary["oldest"].isoformat() if summary["oldest"] else "", "lines": lines,
               "more": max(0, summary["n"] - len(lines)), "url": reverse("trajectories:finance_claims"),
               "returned": returned["n"], "returned_total_money": str(returned["total"] or Decimal("0")),
               "returned_url": reverse("trajectories:finance_claims") + f"?status={ReimbursementClaim.Status.RETURNED}",
               "to_pay": to_pay["n"], "to_pay_total_money": str(to_pay["total"] or Decimal("0")),
               "to_pay_url": reverse("trajectories:finance_batch_preview"),
               "week": f"{week.year}-W{week.week:02d}"}
    return enqueue_messages(
        build_email(to=[email], template="reminder_finance_digest", context={**context, "name": first},
                    dedupe_key=key("finance-digest", f"week-{context['week']}", None, email), language=lang)
        for email, first, lang in finance
    )



POLL_REMINDER_AFTER = dt.timedelta(days=3)


@register("poll_unanswered")
def run_poll_reminders(now: dt.datetime | None = None) -> int:
    """Everyone who has not answered an open availability poll three days after it opened gets one reminder with
    their link again; the dedupe key (per poll participant) keeps it at one, whatever the number of beat runs.
    Delivered only while the poll is still open."""
    from .models import MeetingPoll, PollParticipant

    now = now or timezone.now()
    rows = (PollParticipant.objects.filter(poll__status=MeetingPoll.Status.OPEN, answered_at__isnull=True,
                                           poll__created_at__lte=now - POLL_REMINDER_AFTER)
            .exclude(role=PollParticipant.Role.ADVISER)
            .values_list("pk", "secret", "name", "email", "poll_id", "poll__meeting__kind", "poll__meeting__number",
                         "poll__meeting__trajectory__application__school__name"))
    rows = list(rows)
    languages = language_map(get_user_model().objects.annotate(email_key=Lower("email"))
                             .filter(email_key__in=[r[3] for r in rows]))
    answer_url = _url("trajectories:poll_answer", 0)

    def messages():
        for pk, secret, name, email, poll_id, kind, number, school in rows:
            lang = languages.get(email, "nl")
            yield build_email(
                to=[email], template="poll_reminder",
                context={"name": name, "meeting": meeting_label(kind, number, lang), "school": school,
                         "url": answer_url.replace("{}", f"{pk}.{secret}")},
                dedupe_key=key("poll-unanswered", f"participant-{pk}", None, email), language=lang,
                still_due={"model": "trajectories.meetingpoll", "pk": poll_id, "status": "open"},
            )

    return enqueue_messages(messages())
