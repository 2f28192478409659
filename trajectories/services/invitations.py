"""Who is expected at a meeting and what reaches their calendars: the invitations, their updates and the
cancellation of one calendar event. Planning (:mod:`.planning`) and the adviser's log (:mod:`.meetings`, a meeting
logged as not taking place) both call a meeting off here, so they cannot disagree about who is told."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from ambassadors.models import AmbassadorSchool
from lobmatch.models import OutboxMessage
from lobmatch.outbox import enqueue_email

from ..models import Meeting, MeetingPoll, PollParticipant, Trajectory

Role = PollParticipant.Role


@dataclass(frozen=True)
class Person:
    role: str
    name: str
    email: str
    required: bool
    member_id: int | None = None


def expected_people(meeting: Meeting) -> list[Person]:
    """Everyone expected at ``meeting``, one per address: the project leader, the school leader (kickoff, session 1,
    closing), the working group (guided sessions), the ambassador's contacts and the adviser. Required for a slot
    to work: all but the working-group members."""
    trajectory = meeting.trajectory
    application = trajectory.application
    people: dict[str, Person] = {}

    def add(role, name, email, required, member_id=None):
        email = (email or "").strip().lower()
        if email and email not in people:
            people[email] = Person(role, (name or "").strip(), email, required, member_id)

    adviser = trajectory.adviser.user
    add(Role.ADVISER, adviser.get_full_name(), adviser.email, True)
    add(Role.PROJECT_LEADER, application.project_leader_name, application.project_leader_email, True)
    if meeting.expects_school_leader:
        add(Role.SCHOOL_LEADER, application.school_leader_name, application.school_leader_email, True)
    contacts = list(AmbassadorSchool.contacts.through.objects.filter(
        ambassadorschool_id=trajectory.practice.ambassador_id, user__is_active=True)
        .values_list("user__first_name", "user__last_name", "user__email"))
    for first, last, email in contacts:
        add(Role.AMBASSADOR, f"{first} {last}", email, True)
    if not contacts:
        add(Role.AMBASSADOR, str(trajectory.practice.ambassador), trajectory.practice.contact_email, True)
    if meeting.kind == Meeting.Kind.SESSION:
        for member in application.members.exclude(email="").order_by("order", "pk"):
            add(Role.MEMBER, member.name, member.email, False, member.pk)
    return list(people.values())


def send_invitations(meeting: Meeting, *, method: str = "REQUEST", template: str = "", note: str = "",
                     only: set[str] | None = None) -> int:
    """One mail per person expected (of them, with ``only``, those addresses), with the meeting's event at its
    current SEQUENCE (rendered when sent). The mail's text is an invitation, an update (a raised SEQUENCE) or a
    cancellation, unless ``template`` says; ``note`` is the adviser's own word to everyone."""
    sent = 0
    template = template or ("meeting_cancelled" if method == "CANCEL" else (
        "meeting_update" if meeting.sequence else "meeting_invitation"))
    for person in expected_people(meeting):
        if only is not None and person.email not in only:
            continue
        message = enqueue_email(
            to=[person.email], template=template,
            context={"name": person.name, "school": meeting.trajectory.application.school.name, "role": person.role,
                     "start_at": meeting.planned_start.isoformat(), "location": meeting.location, "note": note},
            context_from={"kind": "meeting", "meeting": meeting.pk},
            attachments=[{"kind": "invitation", "meeting": meeting.pk, "sequence": meeting.sequence,
                          "method": method, "to": person.email}],
            dedupe_key=f"invitation:{meeting.pk}:{meeting.sequence}:{method}:{person.email}",
            reason=gettext_noop("u wordt verwacht bij een bijeenkomst van LOB Ambassadeurs"))
        sent += message is not None
    return sent


def cancel_for(meeting: Meeting, *, email: str, name: str, template: str, sequence: int | None = None,
               reason: str = gettext_noop("u wordt verwacht bij een bijeenkomst van LOB Ambassadeurs")) -> bool:
    """The meeting's event leaves the calendar of one address only (METHOD:CANCEL at ``sequence``, else the
    meeting's current one), with the mail ``template`` saying why; everyone else keeps it. Recorded once per
    meeting, version and address. Returns whether it was mailed now."""
    email = email.strip().lower()
    sequence = meeting.sequence if sequence is None else sequence
    message = enqueue_email(
        to=[email], template=template,
        context={"name": name, "school": meeting.trajectory.application.school.name,
                 "start_at": meeting.planned_start.isoformat(), "location": meeting.location},
        context_from={"kind": "meeting", "meeting": meeting.pk},
        attachments=[{"kind": "invitation", "meeting": meeting.pk, "sequence": sequence, "method": "CANCEL",
                      "to": email}],
        dedupe_key=f"invitation:{meeting.pk}:{sequence}:CANCEL:{email}",
        reason=reason)
    return message is not None


def called_off(meeting: Meeting, *, note: str = "", upcoming_only: bool = False) -> int:
    """A meeting that was just cancelled (``cancel_meeting``, or a log that says it did not take place): an open poll
    for it closes, and its date leaves everyone's calendar (METHOD:CANCEL at SEQUENCE + 1). ``upcoming_only`` (a
    log): a date that has passed stays where it is, as a mail that it "does not take place" would come after it.
    Returns how many were told."""
    meeting.polls.filter(status=MeetingPoll.Status.OPEN).update(status=MeetingPoll.Status.CLOSED)
    if meeting.planned_start is None or (upcoming_only and meeting.planned_start <= timezone.now()):
        return 0
    meeting.sequence += 1
    meeting.save(update_fields=["sequence"])
    return send_invitations(meeting, method="CANCEL", note=note)


# The contacts of an application whose address staff may correct (partners.services.CONTACT_FIELDS): address, name.
CORRECTED_ADDRESSES = (("project_leader_email", "project_leader_name"), ("school_leader_email", "school_leader_name"))


def invite_corrected_contacts(sender, application, previous=None, **kwargs) -> int:
    """Staff corrected an application's contacts (a receiver of ``partners.services.contacts_corrected``; ``previous``
    holds the corrected fields' values before). For each meeting still to come, a replaced address that was
    invited to it and is no longer expected there (not also another member's address, say) gets its cancellation,
    so the event leaves that calendar; a new address expected there gets its invitation, at its current version.
    Who had it already is not mailed again (an invitation is recorded once per meeting, version and address). An
    address corrected back (A to B to A) had this version cancelled: it gets the invitation at the next version,
    as a calendar takes no invitation older than its cancellation (the others keep theirs and hear nothing).
    Returns how many invitations were mailed."""
    meetings = list(Meeting.objects.filter(
        trajectory__application=application, status=Meeting.Status.PLANNED, planned_start__gt=timezone.now(),
        trajectory__status__in=[Trajectory.Status.CONFIRMED, Trajectory.Status.PUBLISHED],
    ).select_related("trajectory__application__school", "trajectory__practice__ambassador",
                     "trajectory__adviser__user"))
    replaced = _replaced_addresses(application, previous or {})
    invited = _invited(meetings, replaced)
    sent = 0
    for meeting in meetings:
        expected = {person.email for person in expected_people(meeting)}
        for email, name in replaced.items():
            if (meeting.pk, email) in invited and email not in expected:
                cancel_for(meeting, email=email, name=name, template="meeting_address_replaced", reason=gettext_noop(
                    "dit adres een uitnodiging kreeg voor een bijeenkomst van LOB Ambassadeurs"))
        records = _records_at_version(meeting)
        if any("CANCEL" in records.get(email, ()) for email in expected):
            holding = {email for email, methods in records.items() if methods == {"REQUEST"}}
            meeting.sequence += 1
            meeting.save(update_fields=["sequence"])
            sent += send_invitations(meeting, template="meeting_invitation", only=expected - holding)
        else:
            sent += send_invitations(meeting, template="meeting_invitation")
    return sent


def _records_at_version(meeting: Meeting) -> dict[str, set[str]]:
    """Per address the methods (REQUEST, CANCEL) of this meeting's event at its current version the outbox records
    for it, in one query."""
    found: dict[str, set[str]] = {}
    for attachments in OutboxMessage.objects.filter(
            kind=OutboxMessage.Kind.EMAIL, payload__attachments__contains=[
                {"kind": "invitation", "meeting": meeting.pk, "sequence": meeting.sequence}],
    ).values_list("payload__attachments", flat=True):
        for a in attachments or ():
            if a.get("meeting") == meeting.pk and a.get("sequence") == meeting.sequence:
                found.setdefault(a.get("to"), set()).add(a.get("method"))
    return found


def _replaced_addresses(application, previous: dict) -> dict[str, str]:
    """The addresses a correction replaced, with the name they were invited under: {address: name}."""
    replaced = {}
    for email_field, name_field in CORRECTED_ADDRESSES:
        email = (previous.get(email_field) or "").strip().lower()
        if email_field in previous and email and email != (getattr(application, email_field) or "").strip().lower():
            replaced[email] = (previous.get(name_field, getattr(application, name_field)) or "").strip()
    return replaced


def _invited(meetings: list[Meeting], addresses) -> set[tuple[int, str]]:
    """Which of ``addresses`` were sent an invitation (or an update) of which of ``meetings``, from the outbox's
    records of them: (meeting id, address), in one query."""
    if not meetings or not addresses:
        return set()
    wanted = Q()
    for meeting in meetings:
        for email in addresses:
            wanted |= Q(payload__attachments__contains=[{"kind": "invitation", "meeting": meeting.pk,
                                                          "method": "REQUEST", "to": email}])
    found = set()
    for attachments in (OutboxMessage.objects.filter(wanted, kind=OutboxMessage.Kind.EMAIL)
                        .exclude(status=OutboxMessage.Status.SKIPPED).values_list("payload__attachments", flat=True)):
        found |= {(a.get("meeting"), a.get("to")) for a in attachments or () if a.get("method") == "REQUEST"}
    return found
