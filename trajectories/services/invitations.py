"""Who is expected at a meeting and what reaches their calendars: the invitations, their updates and the
cancellation of one calendar event. Planning (:mod:`.planning`) and the adviser's log (:mod:`.meetings`, a meeting
logged as not taking place) both call a meeting off here, so they cannot disagree about who is told."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_noop

from ambassadors.models import AmbassadorSchool
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


def send_invitations(meeting: Meeting, *, method: str = "REQUEST", template: str = "", note: str = "") -> int:
    """One mail per person expected, with the meeting's event at its current SEQUENCE (rendered when sent). The
    mail's text is an invitation, an update (a raised SEQUENCE) or a cancellation, unless ``template`` says; ``note``
    is the adviser's own word to everyone."""
    sent = 0
    template = template or ("meeting_cancelled" if method == "CANCEL" else (
        "meeting_update" if meeting.sequence else "meeting_invitation"))
    for person in expected_people(meeting):
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


def invite_corrected_contacts(sender, application, **kwargs) -> int:
    """Staff corrected an application's contacts (a receiver of ``partners.services.contacts_corrected``): a new
    address expected at a meeting still to come gets that meeting's invitation, at its current version. Who had it
    already is not mailed again (an invitation is recorded once per meeting, version and address). Returns how many
    were mailed."""
    meetings = Meeting.objects.filter(
        trajectory__application=application, status=Meeting.Status.PLANNED, planned_start__gt=timezone.now(),
        trajectory__status__in=[Trajectory.Status.CONFIRMED, Trajectory.Status.PUBLISHED],
    ).select_related("trajectory__application__school", "trajectory__practice__ambassador", "trajectory__adviser__user")
    return sum(send_invitations(meeting, template="meeting_invitation") for meeting in meetings)
