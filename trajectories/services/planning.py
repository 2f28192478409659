"""Planning a meeting without an email thread: the availability poll, the invitations that update or cancel the
one calendar event, and the personal calendar feeds.

Who is expected at a meeting is decided here (:func:`expected_people`), so the poll, the invitations and the feeds
agree. Personal links carry ``<id>.<secret>``; the secret is compared in constant time (:func:`_by_token`).
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ambassadors.models import AmbassadorSchool
from lobmatch.outbox import enqueue_email

from ..holidays import KNOWN_UNTIL, holiday_on
from ..models import CalendarFeed, Meeting, MeetingPoll, PollAnswer, PollParticipant, PollSlot, Trajectory
from .invitations import Person, called_off, cancel_for, expected_people, send_invitations  # noqa: F401 (planning's words)
from .meetings import MeetingError, date_refusal, meeting_window, window_warning

MIN_SLOTS, MAX_SLOTS = 2, 6
Role = PollParticipant.Role


def _meeting(meeting_id: int, *, lock: bool = False) -> Meeting:
    qs = Meeting.objects.select_related("trajectory__tranche", "trajectory__application__school",
                                        "trajectory__practice__ambassador__school", "trajectory__adviser__user")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=meeting_id)


def is_a_move(meeting: Meeting) -> bool:
    """Whether a new date moves this meeting: it has a date and is planned (not held, not cancelled). The poll form,
    the direct form and the poll's mail then speak of moving, and everyone expected gets an update."""
    return meeting.status == Meeting.Status.PLANNED and meeting.planned_start is not None


# --- the poll -----------------------------------------------------------------------------------------------------

def _label(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F Y H:i")


# A meeting of a school's working group falls between these times; a slot outside them is most likely a typo (03:00
# for 15:00), so it is warned about, not refused.
DAY_STARTS, DAY_ENDS = dt.time(7, 0), dt.time(22, 0)


def adviser_busy(meeting: Meeting, starts: list[dt.datetime], duration_minutes: int) -> dict[dt.datetime, list]:
    """Per start the adviser's other planned meetings it overlaps (one query; a start without any is left out)."""
    if not starts:
        return {}
    length = dt.timedelta(minutes=duration_minutes)
    others = list(Meeting.objects.filter(
        trajectory__adviser_id=meeting.trajectory.adviser_id, status=Meeting.Status.PLANNED,
        planned_start__lt=max(starts) + length, planned_start__gt=min(starts) - dt.timedelta(days=1),
    ).exclude(pk=meeting.pk).select_related("trajectory__application__school"))
    busy = {}
    for start in starts:
        if overlapping := [o for o in others if o.planned_start < start + length and start < o.ends_at]:
            busy[start] = overlapping
    return busy


def slot_warnings(meeting: Meeting, starts: list[dt.datetime], duration_minutes: int,
                  busy: dict[dt.datetime, list] | None = None) -> list[str]:
    """Warnings (not errors): a slot out of the programme's order with the trajectory's other meetings, outside a
    school's hours or on a weekend, overlapping another meeting of the same adviser, in a school holiday of the school's region, or
    after the last day the holiday table knows. One query for the order, one for the overlaps (none when ``busy``,
    :func:`adviser_busy` of the same slots, is given)."""
    warnings = []
    if busy is None:
        busy = adviser_busy(meeting, starts, duration_minutes)
    school = meeting.trajectory.application.school
    others = list(Meeting.objects.filter(trajectory_id=meeting.trajectory_id, planned_start__isnull=False)
                  .exclude(pk=meeting.pk).exclude(status=Meeting.Status.CANCELLED).order_by("planned_start"))
    for start in starts:
        warnings += _order_warnings(meeting, start, others)
        local = timezone.localtime(start)
        end = timezone.localtime(start + dt.timedelta(minutes=duration_minutes))
        if local.time() < DAY_STARTS or end.time() > DAY_ENDS or end.date() != local.date():
            warnings.append(_("%(slot)s ligt buiten de gewone tijden van een school (%(from)s tot %(to)s): klopt het "
                              "tijdstip?") % {"slot": _label(start), "from": DAY_STARTS.strftime("%H:%M"),
                                             "to": DAY_ENDS.strftime("%H:%M")})
        if local.weekday() >= 5:  # (a school is closed then: a slip of the date picker, most likely)
            warnings.append(_("%(slot)s valt in het weekend: klopt de dag?") % {"slot": _label(start)})
        for other in busy.get(start, []):
            warnings.append(_("%(slot)s overlapt met uw %(meeting)s bij %(school)s.") % {
                "slot": _label(start), "meeting": other, "school": other.trajectory.application.school.name})
        found = holiday_on(timezone.localtime(start).date(), school.province, school.city)
        if found:
            holiday, certain = found
            values = {"slot": _label(start), "holiday": _(holiday.name), "region": _(holiday.region),
                      # (the first day's year too when the holiday crosses New Year: "19 december 2026 – 3 januari 2027")
                      "first": date_format(holiday.first, "j F" if holiday.first.year == holiday.last.year
                                           else "j F Y"), "last": date_format(holiday.last, "j F Y")}
            if certain:
                warnings.append(_("%(slot)s valt in de %(holiday)s van de school (%(first)s – %(last)s).") % values)
            else:
                warnings.append(_("%(slot)s valt mogelijk in de %(holiday)s van de school: in regio %(region)s "
                                  "(%(first)s – %(last)s), en in deze provincie hangt de regio af van de gemeente.")
                                % values)
    if any(timezone.localtime(start).date() > KNOWN_UNTIL for start in starts):
        # Silence would read as "no holiday": say that the table stops (trajectories/holidays.py gets the next year).
        warnings.append(_("LOB-match kent de schoolvakanties tot en met %(date)s; kijk zelf of een tijdstip daarna in "
                          "een vakantie van de school valt.") % {"date": date_format(KNOWN_UNTIL, "j F Y")})
    return warnings


class SlotError(MeetingError):
    """A proposed slot the service refuses; ``start`` says which, so a form can put the message at that field."""

    def __init__(self, message: str, *, start: dt.datetime):
        super().__init__(message)
        self.start = start


def _order_warnings(meeting: Meeting, start: dt.datetime, others: list[Meeting]) -> list[str]:
    """The programme's order (kickoff, sessions 1–3, closing) that ``start`` would break against the trajectory's
    ``others`` (planned, not cancelled)."""
    key, before, after = _sequence_key(meeting), [], []
    for other in others:
        if _sequence_key(other) < key and other.planned_start > start:
            before.append(f"{other} ({_label(other.planned_start)})")
        elif _sequence_key(other) > key and other.planned_start < start:
            after.append(f"{other} ({_label(other.planned_start)})")
    values = {"meeting": meeting, "slot": _label(start)}
    warnings = []
    if before:
        warnings.append(_("Volgorde: %(meeting)s komt op %(slot)s vóór %(others)s.")
                        % {**values, "others": "; ".join(before)})
    if after:
        warnings.append(_("Volgorde: %(meeting)s komt op %(slot)s na %(others)s.")
                        % {**values, "others": "; ".join(after)})
    return warnings


def _check_slots(meeting: Meeting, starts: list[dt.datetime], *, now: dt.datetime) -> list[dt.datetime]:
    starts = sorted(set(starts))
    if not MIN_SLOTS <= len(starts) <= MAX_SLOTS:
        raise MeetingError(_("Stel %(min)s tot %(max)s verschillende tijdstippen voor.") % {
            "min": MIN_SLOTS, "max": MAX_SLOTS})
    for start in starts:
        if refusal := date_refusal(meeting, start):  # (first: a slipped year is said as such, also in the past)
            raise SlotError(refusal, start=start)
        if start <= now:
            raise SlotError(_("%(slot)s ligt in het verleden.") % {"slot": _label(start)}, start=start)
        if window_warning(meeting, start):
            # A poll asks people to keep times free, so only inside the window; a date already agreed outside it
            # is planned directly, which warns (schedule_warnings) instead of refusing.
            # (named after the form's button: a meeting with a date is moved, one without is planned)
            way = _("Verplaatsen zonder peiling") if is_a_move(meeting) else _("Plannen zonder peiling")
            raise SlotError(_("%(slot)s ligt buiten de periode van de tranche voor deze bijeenkomst. Een peiling "
                              "stelt alleen tijdstippen in die periode voor; een datum die al is afgesproken, zet u "
                              "vast met ‘%(way)s’.") % {"slot": _label(start), "way": way}, start=start)
    return starts


def slot_bounds(meeting: Meeting, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime | None]:
    """The first and the last start (to the minute, local time) a poll for ``meeting`` may propose, as
    :func:`_check_slots` accepts them: after now, inside the meeting's window of the tranche (:func:`meeting_window`;
    None: no last one). The poll form gives them to its date pickers, so these offer no time the service refuses."""
    first, last = meeting_window(meeting)
    # the next whole minute: a picker gives minutes, and the current one has begun already
    soon = (timezone.localtime(now or timezone.now()) + dt.timedelta(minutes=1)).replace(second=0, microsecond=0)
    earliest = max(timezone.make_aware(dt.datetime.combine(first, dt.time.min)), soon)
    return earliest, timezone.make_aware(dt.datetime.combine(last, dt.time(23, 59))) if last else None


def proposal_warnings(meeting: Meeting, starts: list[dt.datetime], duration_minutes: int) -> list[str]:
    """What :func:`propose_slots` would warn about these slots, before anyone is mailed (the form shows them and
    asks whether to send the poll anyway). Raises MeetingError as propose_slots would for slots it refuses."""
    return slot_warnings(meeting, _check_slots(meeting, starts, now=timezone.now()), duration_minutes)


@transaction.atomic
def propose_slots(meeting: Meeting, starts: list[dt.datetime], *, duration_minutes: int, location: str,
                  by) -> tuple[MeetingPoll, list[str]]:
    """Open a poll with 2–6 slots inside the tranche's window and mail everyone expected their personal link (the
    adviser, who proposed the slots, counts as available at all of them). Returns the poll and the warnings."""
    meeting = _meeting(meeting.pk, lock=True)
    if meeting.status == Meeting.Status.HELD:  # a cancelled meeting can be planned again
        raise MeetingError(_("Deze bijeenkomst is al vastgelegd; er valt niets meer te plannen."))
    if meeting.polls.filter(status=MeetingPoll.Status.OPEN).exists():
        raise MeetingError(_("Voor deze bijeenkomst loopt al een peiling."))
    starts = _check_slots(meeting, starts, now=timezone.now())
    poll = MeetingPoll.objects.create(meeting=meeting, location=location.strip(), duration_minutes=duration_minutes,
                                      created_by=by)
    slots = PollSlot.objects.bulk_create([PollSlot(poll=poll, start=start) for start in starts])
    participants = PollParticipant.objects.bulk_create([
        PollParticipant(poll=poll, role=p.role, name=p.name, email=p.email, required=p.required,
                        member_id=p.member_id, answered_at=timezone.now() if p.role == Role.ADVISER else None)
        for p in expected_people(meeting)])
    adviser = next(p for p in participants if p.role == Role.ADVISER)
    PollAnswer.objects.bulk_create([PollAnswer(participant=adviser, slot=slot, choice=PollAnswer.Choice.YES)
                                    for slot in slots])
    school = meeting.trajectory.application.school.name
    for participant in participants:
        if participant.role != Role.ADVISER:
            _mail_poll(participant, meeting, school, template="poll_invitation", key="poll")
    return poll, slot_warnings(meeting, starts, duration_minutes)


def _mail_poll(participant: PollParticipant, meeting: Meeting, school: str, *, template: str, key: str):
    # The meeting's name and the poll's times come from context_from: made when the mail is rendered, in the
    # recipient's language.
    # A poll for a meeting with a date looks for a new one: the mail says which date stands until then (as it was
    # when the poll opened; else a reader takes the poll for a second meeting).
    moving = is_a_move(meeting)
    enqueue_email(to=[participant.email], template=template,
                  context={"name": participant.name, "school": school, "role": participant.role,
                           "adviser": meeting.trajectory.adviser.user.get_full_name(),
                           "moving_from_at": meeting.planned_start.isoformat() if moving else None,
                           "url": reverse("trajectories:poll_answer", args=[participant.token])},
                  context_from={"kind": "meeting", "meeting": meeting.pk, "poll": participant.poll_id},
                  dedupe_key=f"{key}:{participant.poll_id}:{participant.email}",
                  reason=gettext_noop("u wordt verwacht bij een bijeenkomst van LOB Ambassadeurs"))


def _by_token(queryset: QuerySet, token: str):
    """The row whose ``<pk>.<secret>`` is ``token``, or None; the secret is compared in constant time."""
    pk, _dot, secret = (token or "").partition(".")
    if not pk.isdigit() or not secret:
        return None
    row = queryset.filter(pk=int(pk)).first()
    if row is None or not hmac.compare_digest(row.secret.encode(), secret.encode()):
        return None
    return row


def participant_for_token(token: str) -> PollParticipant | None:
    """The participant behind a personal link, with the poll, meeting and school name its page shows (no more
    joins: each one cost PostgreSQL planning time on every visit)."""
    return _by_token(PollParticipant.objects.select_related("poll__meeting__trajectory__application__school"), token)


@transaction.atomic
def answer(token: str, choices: dict[int, str]) -> PollParticipant:
    """Store the person's answer to every slot of the open poll; answering again replaces it. The participant row is
    locked, so two posts at once give one answer per slot (and the unique constraint guards it too)."""
    participant = participant_for_token(token)
    if participant is None:
        raise MeetingError(_("Deze link is niet (meer) geldig."))
    participant = PollParticipant.objects.select_for_update().get(pk=participant.pk)
    poll = MeetingPoll.objects.get(pk=participant.poll_id)
    if poll.status != MeetingPoll.Status.OPEN:
        raise MeetingError(_("De peiling is gesloten; de bijeenkomst is al gepland."))
    slot_ids = set(poll.slots.values_list("pk", flat=True))
    if set(choices) != slot_ids:
        raise MeetingError(_("Geef bij elk tijdstip aan of u kunt."))
    if not set(choices.values()) <= set(PollAnswer.Choice.values):
        raise MeetingError(_("Kies ja, zo nodig of nee."))
    for slot_id, choice in choices.items():
        PollAnswer.objects.update_or_create(participant=participant, slot_id=slot_id, defaults={"choice": choice})
    participant.answered_at = timezone.now()
    participant.save(update_fields=["answered_at"])
    return participant


@dataclass
class SlotSummary:
    slot: PollSlot
    yes: int
    maybe: int
    no: int
    required_ok: bool  # every required person said yes or if need be
    missing_required: list[str]  # the required people who said no or have not answered
    said_no: list[str]  # of those, who said no (the adviser also when the slot is taken in their calendar)
    no_answer: list[str]  # and who has not answered yet
    rows: list[tuple[str, str]]  # who ("name (role[, required])") answered what, as the page shows it
    tally: str  # "ja 2 · zo nodig 1 · nee 0"
    label: str  # "maandag 4 januari 2027, 14:00"
    short: str  # "4 januari 14:00", for the hidden text that tells the slot's buttons apart


@dataclass
class PollOverview:
    poll: MeetingPoll
    slots: list[SlotSummary]
    participants: list[PollParticipant]
    answers: dict[tuple[int, int], str]  # (participant id, slot id) → choice
    suggested: PollSlot | None
    not_answered: list[PollParticipant]
    busy: dict[dt.datetime, list]  # the adviser's other planned meetings per slot start (see adviser_busy)


def poll_overview(poll: MeetingPoll) -> PollOverview:
    """Who answered what, which slots have every required person, and the best slot: first the slots where every
    required person can come, then the most yes, then the most yes or if-need-be, then the earliest. Four
    queries: the slots, the participants, their answers and the adviser's other meetings. The page's texts are
    made here once per person and answer, not per row of the page.

    The adviser said yes to every slot by proposing it, but the programme knows their calendar: on a slot that
    another of their meetings has taken since (or took when they sent the poll anyway) they count as no, so the
    page never suggests a time the adviser cannot be there."""
    slots = list(poll.slots.all())
    participants = list(poll.participants.all())
    answers = {(participant, slot): choice for participant, slot, choice in
               PollAnswer.objects.filter(participant__poll=poll).values_list("participant_id", "slot_id", "choice")}
    busy = (adviser_busy(poll.meeting, [slot.start for slot in slots], poll.duration_minutes)
            if poll.status == MeetingPoll.Status.OPEN else {})
    adviser = next((p for p in participants if p.role == Role.ADVISER), None)
    busy_said = {}
    for slot in slots:
        if adviser is not None and (taken := busy.get(slot.start)):
            answers[(adviser.pk, slot.pk)] = PollAnswer.Choice.NO
            busy_said[slot.pk] = _("nee: dan is uw %(meeting)s bij %(school)s") % {
                "meeting": taken[0], "school": taken[0].trajectory.application.school.name}
    # "name (role)" as str(participant) writes it, with the role's label looked up once per page
    # "nodig" marks the required people only where some are not (at the kickoff everyone is: the word said nothing)
    roles, required = {value: str(label) for value, label in Role.choices}, _("nodig")
    mark = any(not p.required for p in participants)
    who = [f"{p.name or p.email} ({roles.get(p.role, p.role)}{', ' + required if p.required and mark else ''})"
           for p in participants]
    said = {**{value: str(label) for value, label in PollAnswer.Choice.choices}, None: _("geen antwoord")}
    busy_word = _("andere afspraak in de agenda")  # the adviser proposed the slot; their calendar says no
    summaries = []
    for slot in slots:
        choices = [answers.get((p.pk, slot.pk)) for p in participants]
        missing = [p.name or p.email for p in participants
                   if p.required and answers.get((p.pk, slot.pk)) not in ("yes", "maybe")]
        said_no = [(f"{p.name or p.email} ({busy_word})" if p is adviser and slot.pk in busy_said
                    else p.name or p.email)
                   for p in participants if p.required and answers.get((p.pk, slot.pk)) == "no"]
        no_answer = [p.name or p.email for p in participants if p.required and (p.pk, slot.pk) not in answers]
        local = timezone.localtime(slot.start)
        yes, maybe, no = choices.count("yes"), choices.count("maybe"), choices.count("no")
        rows = [(w, busy_said[slot.pk] if p is adviser and slot.pk in busy_said else said.get(c, c))
                for w, c, p in zip(who, choices, participants, strict=True)]
        summaries.append(SlotSummary(slot, yes, maybe, no, not missing, missing, said_no, no_answer, rows,
                                     _("ja %(y)s · zo nodig %(m)s · nee %(n)s") % {"y": yes, "m": maybe, "n": no},
                                     date_format(local, "l j F Y, H:i"), date_format(local, "j F H:i")))
    ranked = sorted(summaries, key=lambda s: (not s.required_ok, -s.yes, -(s.yes + s.maybe), s.slot.start))
    # The adviser proposed the slots and counts as yes on each: before anyone else answered, a "best" slot would only
    # be the earliest, marked best while every other person is still missing on it.
    others_answered = any(p.answered_at is not None and p.role != Role.ADVISER for p in participants)
    suggested = ranked[0].slot if others_answered and (ranked[0].yes or ranked[0].maybe) else None
    return PollOverview(poll, summaries, participants, answers, suggested,
                        [p for p in participants if p.answered_at is None], busy)


@transaction.atomic
def choose_slot(poll: MeetingPoll, slot: PollSlot, *, by) -> Meeting:
    """Plan the meeting at the chosen slot and close the poll, through :func:`plan_meeting` (the invitations)."""
    poll = MeetingPoll.objects.select_for_update().get(pk=poll.pk)
    if poll.status != MeetingPoll.Status.OPEN:
        raise MeetingError(_("Deze peiling is al gesloten."))
    if slot.poll_id != poll.pk:
        raise MeetingError(_("Dit tijdstip hoort niet bij deze peiling."))
    poll.status, poll.chosen_slot = MeetingPoll.Status.CHOSEN, slot
    poll.save(update_fields=["status", "chosen_slot"])
    meeting = poll.meeting
    plan_meeting(meeting, start=slot.start, duration_minutes=poll.duration_minutes,
                 location=poll.location or meeting.location, by=by)
    return _meeting(meeting.pk)


@transaction.atomic
def stop_poll(poll: MeetingPoll, *, by) -> MeetingPoll:
    """The adviser stops a running poll without choosing (no slot works, or the meeting is settled otherwise): the
    meeting keeps the date it had, if any, a new poll can be proposed, and everyone asked hears that they need not
    answer any more (their link says so too). Nobody is reminded of a stopped poll."""
    poll = MeetingPoll.objects.select_for_update(of=("self",)).select_related(
        "meeting__trajectory__application__school", "meeting__trajectory__adviser__user").get(pk=poll.pk)
    if poll.status != MeetingPoll.Status.OPEN:
        raise MeetingError(_("Deze peiling is al gesloten."))
    poll.status = MeetingPoll.Status.CLOSED
    poll.save(update_fields=["status"])
    meeting = poll.meeting
    school = meeting.trajectory.application.school.name
    for participant in poll.participants.exclude(role=Role.ADVISER):
        _mail_poll(participant, meeting, school, template="poll_stopped", key="poll-stopped")
    return poll


def _check_plan(meeting: Meeting, start: dt.datetime, duration_minutes: int, location: str) -> None:
    if meeting.status == Meeting.Status.HELD:
        raise MeetingError(_("Deze bijeenkomst is al vastgelegd en kan niet meer worden verplaatst."))
    if refusal := date_refusal(meeting, start):
        raise SlotError(refusal, start=start)
    if meeting.status != Meeting.Status.CANCELLED and (
            meeting.planned_start, meeting.duration_minutes, meeting.location) == (start, duration_minutes,
                                                                                location.strip()):
        raise MeetingError(_("Er is niets gewijzigd: de bijeenkomst staat al op dit tijdstip, met deze duur en "
                             "locatie. Niemand krijgt een bericht."))


def _sequence_key(meeting: Meeting) -> tuple[int, int]:
    order = {Meeting.Kind.KICKOFF: 0, Meeting.Kind.SESSION: 1, Meeting.Kind.CLOSING: 2}
    return order.get(meeting.kind, 1), meeting.number or 0


def poll_stops_warning() -> str:
    """What planning a date directly says, before, about the meeting's running poll (after, the poll is closed)."""
    return _("Voor deze bijeenkomst loopt een peiling; die stopt, en wie nog niet heeft geantwoord, hoeft dat niet "
             "meer te doen.")


def suggested_location(meeting: Meeting) -> str:
    """Where a meeting is held unless the adviser types another place: its own location, else that of the
    trajectory's latest other meeting with one (the working group usually meets where it met before; a closing
    meeting without a place of its own had an empty field). The kickoff, first of all, suggests nothing."""
    if meeting.location:
        return meeting.location
    earlier = (Meeting.objects.filter(trajectory_id=meeting.trajectory_id).exclude(pk=meeting.pk).exclude(location="")
               .exclude(status=Meeting.Status.CANCELLED).order_by(F("planned_start").desc(nulls_last=True), "-pk")
               .values_list("location", flat=True).first())
    return earlier or ""


def schedule_warnings(meeting: Meeting, start: dt.datetime, duration_minutes: int, location: str = "") -> list[str]:
    """What :func:`plan_meeting` would warn about this date, before anyone is mailed (the form shows them and asks
    whether to go on): in the past, outside the tranche's window, out of order with the trajectory's other
    meetings, an open poll it ends, and the poll's warnings (:func:`slot_warnings`). Raises MeetingError as
    plan_meeting would for a date it refuses."""
    _check_plan(meeting, start, duration_minutes, location)
    warnings = []
    in_calendars = meeting.planned_start is not None and meeting.status != Meeting.Status.CANCELLED
    if start <= timezone.now():
        warnings.append(_("%(slot)s ligt in het verleden. Iedereen die wordt verwacht, krijgt een bijgewerkte "
                          "uitnodiging voor die datum.") % {"slot": _label(start)} if in_calendars else
                        _("%(slot)s ligt in het verleden: dat kan voor een bijeenkomst die al is gehouden, en er "
                          "gaat geen uitnodiging uit.") % {"slot": _label(start)})
    if warning := window_warning(meeting, start):
        warnings.append(warning)
    if meeting.polls.filter(status=MeetingPoll.Status.OPEN).exists():
        warnings.append(poll_stops_warning())
    return warnings + slot_warnings(meeting, [start], duration_minutes)


@transaction.atomic
def plan_meeting(meeting: Meeting, *, start: dt.datetime, duration_minutes: int, location: str,
                 by) -> list[str]:
    """The one way to set a meeting's date (the direct "Plannen", a chosen poll slot, a move, the demo data).

    A first date sends everyone expected an invitation (METHOD:REQUEST, SEQUENCE 0); a new date for a meeting that
    had one sends everyone an update of the same event (SEQUENCE + 1), so calendars move it. A cancelled meeting can
    be planned again: everyone gets a new invitation for the same event (SEQUENCE + 1 after the cancellation), so it
    comes back in their calendars. A first date in the past (a meeting recorded afterwards, to log it) is in
    nobody's calendar and sends nothing. Saving the date, duration and place the meeting already has is refused:
    it would mail everyone an update that changes nothing. An open poll for the meeting closes: its date is decided.
    Returns the warnings of the new date (:func:`schedule_warnings`, which a form shows before it asks)."""
    meeting = _meeting(meeting.pk, lock=True)
    warnings = schedule_warnings(meeting, start, duration_minutes, location)
    again = meeting.status == Meeting.Status.CANCELLED
    in_calendars = meeting.planned_start is not None
    invites = invites_on(meeting, start)
    meeting.polls.filter(status=MeetingPoll.Status.OPEN).update(status=MeetingPoll.Status.CLOSED)
    if in_calendars:
        meeting.sequence += 1
    meeting.status = Meeting.Status.PLANNED
    meeting.planned_start, meeting.duration_minutes, meeting.location = start, duration_minutes, location.strip()
    meeting._history_user = by
    meeting.save(update_fields=["status", "planned_start", "duration_minutes", "location", "sequence"])
    if invites:
        send_invitations(meeting, template="meeting_invitation" if again else "")
    return warnings


def invites_on(meeting: Meeting, start: dt.datetime) -> bool:
    """Whether :func:`plan_meeting` at ``start`` mails everyone expected: a new date for a meeting in their calendars
    (an update), or a first date (or one after a cancellation) still to come. A first date in the past records a
    meeting afterwards and mails nobody."""
    return (meeting.planned_start is not None and meeting.status != Meeting.Status.CANCELLED) or start > timezone.now()


NOTE_MAX = 500  # the adviser's note in a cancellation: a few sentences in a mail


def cannot_cancel(meeting: Meeting) -> str:
    """Why ``meeting`` cannot be cancelled, or "" when it can: the confirmation page says what cancel_meeting would."""
    if meeting.status == Meeting.Status.CANCELLED:
        return _("Deze bijeenkomst is al geannuleerd.")
    if meeting.status != Meeting.Status.PLANNED:
        return _("Deze bijeenkomst is al vastgelegd.")
    return ""


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by, note: str = "") -> Meeting:
    """Cancel a planned meeting: an open poll closes and everyone's calendar removes the event (METHOD:CANCEL). The
    adviser's ``note`` (why, what next) goes into everyone's mail and the meeting's history."""
    meeting = _meeting(meeting.pk, lock=True)
    if reason := cannot_cancel(meeting):
        raise MeetingError(reason)
    note = note.strip()[:NOTE_MAX]
    meeting.status = Meeting.Status.CANCELLED
    meeting._history_user = by
    meeting._change_reason = note or None
    meeting.save(update_fields=["status"])
    called_off(meeting, note=note)
    return meeting


def hand_over(meeting: Meeting, *, former_email: str, former_name: str = "") -> None:
    """A planned meeting whose trajectory has a new adviser (services.matching.replace_adviser): the former adviser's
    calendar removes the event (METHOD:CANCEL) and everyone expected now, the new adviser included, gets an update
    of the same event (SEQUENCE + 1) that names the new adviser as its organiser."""
    meeting = _meeting(meeting.pk, lock=True)
    cancel_for(meeting, email=former_email, name=former_name, template="meeting_handed_over",
               sequence=meeting.sequence + 1)
    meeting.sequence += 1
    meeting.save(update_fields=["sequence"])
    send_invitations(meeting, template="meeting_adviser_changed")


def hand_over_polls(trajectory: Trajectory, adviser_user) -> int:
    """The open polls of a trajectory with a new adviser go on in the new adviser's name (the adviser's row counts as
    available at every slot, as the one who proposes them does): their page then names who picks the slot, and
    the answers given so far stay. Returns how many polls changed hands."""
    return PollParticipant.objects.filter(poll__meeting__trajectory=trajectory, poll__status=MeetingPoll.Status.OPEN,
                                          role=Role.ADVISER).update(name=adviser_user.get_full_name(),
                                                                    email=adviser_user.email.strip().lower())


# --- calendar feeds -----------------------------------------------------------------------------------------------

class FeedError(MeetingError):
    """A calendar link that cannot be made or changed here (the view says why)."""


def account_of(email: str):
    """The active account with this address, if any. Such a person has one calendar link, the account's, made and
    revoked after logging in: a poll link (which can be forwarded) neither shows nor makes a second one, and an
    address's link made before the account existed stops working (else revoking on the account page left it live)."""
    from django.contrib.auth import get_user_model

    email = email.strip()
    return get_user_model().objects.filter(email__iexact=email, is_active=True).first() if email else None


def _without_account(email: str) -> str:
    email = email.strip().lower()
    if account_of(email) is not None:
        raise FeedError(_("Dit adres hoort bij een account. Uw agendalink maakt en beheert u na het inloggen, op de "
                          "pagina Uw agenda."))
    return email


def current_feed(*, user=None, email: str = "") -> CalendarFeed | None:
    """The person's live feed if they have one (an account's, or without an account the address's)."""
    if user is not None:
        return CalendarFeed.objects.filter(revoked_at__isnull=True, user=user).first()
    if account_of(email) is not None:
        return None
    return CalendarFeed.objects.filter(revoked_at__isnull=True, user__isnull=True, email=email.strip().lower()).first()


def live_feed(*, user=None, email: str = "") -> CalendarFeed:
    """The person's live feed, made on first use (for an account, or a working-group member's address)."""
    email = user.email.strip().lower() if user is not None else _without_account(email)
    lookup = {"user": user} if user is not None else {"user__isnull": True, "email": email}
    feed = CalendarFeed.objects.filter(revoked_at__isnull=True, **lookup).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(user=user, email=email)
    except IntegrityError:  # made by a concurrent request just now
        return CalendarFeed.objects.get(revoked_at__isnull=True, **lookup)


@transaction.atomic
def revoke_feed(feed: CalendarFeed) -> None:
    CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def renew_feed(*, user=None, email: str = "") -> CalendarFeed:
    """A new link; the old one gives 404 from now on."""
    if user is None:
        email = _without_account(email)
    lookup = {"user": user} if user is not None else {"user__isnull": True, "email": email}
    CalendarFeed.objects.filter(revoked_at__isnull=True, **lookup).update(revoked_at=timezone.now())
    return live_feed(user=user, email=email)


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed behind ``token`` (a deactivated account's feed is dead too, and so is an address's once the
    address has an account: see :func:`account_of`), or None."""
    from django.contrib.auth import get_user_model

    account = get_user_model().objects.filter(email__iexact=OuterRef("email"), is_active=True)
    return _by_token(CalendarFeed.objects.filter(Q(~Exists(account), user__isnull=True) | Q(user__is_active=True),
                                                 revoked_at__isnull=True).select_related("user"), token)


# What a feed's events are made of (trajectories.ics.meeting_event and calendar_attendees): a feed of 200 meetings
# reads these columns only, not the applications' and meetings' long texts.
# A trajectory and what it brings are read once for its meetings (a prefetch shares one object among them).
FEED_MEETING_FIELDS = ("trajectory", "kind", "number", "planned_start", "duration_minutes", "location", "sequence",
                       "status")
FEED_TRAJECTORY_FIELDS = (
    "application__school__name", "practice__title", "practice__ambassador__school__name",
    "adviser__user__email", "adviser__user__first_name", "adviser__user__last_name",
)
LIVE_TRAJECTORY = ("confirmed", "published", "completed")


def meetings_expected(email: str) -> QuerySet[Meeting]:
    """Planned (or held) meetings of live trajectories at which ``email`` is expected, by the same rules as
    :func:`expected_people`. First the trajectories where the address has a part (one query, a UNION of lookups
    that each use an index: the address in one OR over every meeting's joins read all of them), then their meetings
    (the queryset) and, once each, their trajectories: three queries whatever the number of trajectories."""
    email = email.strip().lower()
    live = Trajectory.objects.filter(status__in=LIVE_TRAJECTORY).order_by()
    without_contacts = ~Exists(AmbassadorSchool.contacts.through.objects.filter(
        ambassadorschool_id=OuterRef("practice__ambassador_id"), user__is_active=True))
    parts = [
        ("all", live.filter(adviser__user__email__iexact=email)),
        ("all", live.filter(application__project_leader_email__iexact=email)),
        ("leader", live.filter(application__school_leader_email__iexact=email)),
        ("sessions", live.filter(application__members__email__iexact=email)),
        ("all", live.filter(practice__ambassador__contacts__email__iexact=email,
                            practice__ambassador__contacts__is_active=True)),
        ("all", live.filter(without_contacts, practice__contact_email__iexact=email)),
    ]
    first, *rest = [qs.annotate(part=Value(part)).values_list("pk", "part") for part, qs in parts]
    found: dict[str, set[int]] = {"all": set(), "leader": set(), "sessions": set()}
    for trajectory_id, part in first.union(*rest, all=True):
        found[part].add(trajectory_id)
    leader_meeting = Q(kind__in=[Meeting.Kind.KICKOFF, Meeting.Kind.CLOSING]) | Q(kind=Meeting.Kind.SESSION,
                                                                               number=1)
    expected = (Q(trajectory_id__in=found["all"])
                | (Q(trajectory_id__in=found["leader"]) & leader_meeting)
                | Q(trajectory_id__in=found["sessions"], kind=Meeting.Kind.SESSION))
    return (Meeting.objects.filter(expected, planned_start__isnull=False,
                                   status__in=[Meeting.Status.PLANNED, Meeting.Status.HELD])
            .only(*FEED_MEETING_FIELDS)
            .prefetch_related(Prefetch("trajectory", Trajectory.objects.select_related(
                "application__school", "practice__ambassador__school", "adviser__user").only(*FEED_TRAJECTORY_FIELDS)))
            .order_by("planned_start", "pk"))


def open_polls_of(trajectory_ids: list[int]) -> dict[int, list[MeetingPoll]]:
    """Per trajectory its running polls, each with ``expected`` and ``answered`` (people; the adviser counts as
    answered), for the adviser's overview. One query."""
    polls = (MeetingPoll.objects.filter(status=MeetingPoll.Status.OPEN, meeting__trajectory_id__in=trajectory_ids)
             .annotate(trajectory_id=F("meeting__trajectory_id"), expected=Count("participants"),
                       answered=Count("participants", filter=Q(participants__answered_at__isnull=False)))
             .only("pk", "meeting_id").order_by("pk"))
    found: dict[int, list[MeetingPoll]] = {}
    for poll in polls:
        found.setdefault(poll.trajectory_id, []).append(poll)
    return found


# --- what the pair sees -------------------------------------------------------------------------------------------

def planning_states(meetings, now: dt.datetime | None = None, *, email: str = "") -> dict[int, dict]:
    """Per meeting its planning state (poll open, planned, held, logged, cancelled, not planned) and, while a poll
    is open, its proposed ``slots``, the names of those who have not answered yet, and ``own``: the answer link of
    the person with ``email`` when they are asked (a lost mail does not keep them out). Three queries at most."""
    now = now or timezone.now()
    email = email.strip().lower()
    meetings = list(meetings)
    polls = {poll.meeting_id: poll for poll in MeetingPoll.objects.filter(
        meeting__in=meetings, status=MeetingPoll.Status.OPEN).prefetch_related(
        "participants", Prefetch("slots", queryset=PollSlot.objects.order_by("start")))}
    states = {}
    for meeting in meetings:
        poll = polls.get(meeting.pk)
        participants = list(poll.participants.all()) if poll else []
        waiting = [p.name or p.email for p in participants if p.answered_at is None]
        own = next((p for p in participants if email and p.email.lower() == email and p.role != Role.ADVISER), None)
        if meeting.status == Meeting.Status.CANCELLED:
            state = _("geannuleerd")
        elif meeting.status == Meeting.Status.HELD:
            state = _("vastgelegd")
        elif poll is not None:
            state = _("peiling loopt")
        elif meeting.planned_start and meeting.ends_at <= now:
            state = _("gehouden")
        elif meeting.planned_start:
            state = _("gepland")
        else:
            state = _("nog niet gepland")
        states[meeting.pk] = {"state": state, "poll": poll, "not_answered": waiting, "own": own,
                              "slots": list(poll.slots.all()) if poll else []}
    return states
