"""Helpers shared by the meeting-planning tests: a trajectory with a kickoff window in October 2026, slots in that
window, a poll proposed on them, and the invitations recorded in the outbox with their calendar event."""

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar

from lobmatch import mailing
from lobmatch.models import OutboxMessage, Province
from tests.factories import TrajectoryFactory, UserFactory, WorkingGroupMemberFactory
from trajectories.models import Meeting
from trajectories.services import planning

AMS = ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2026, 9, 1, 9, 0, tzinfo=AMS)


def pair(province=Province.UTRECHT, members=2):
    """A published trajectory with a kickoff window in October 2026 and an ambassador contact with an account."""
    trajectory = TrajectoryFactory(
        application__school__province=province,
        application__tranche__kickoff_starts_on=dt.date(2026, 10, 1),
        application__tranche__kickoff_ends_on=dt.date(2026, 10, 31),
        application__tranche__sessions_start_on=dt.date(2026, 11, 1),
        application__tranche__sessions_end_on=dt.date(2027, 3, 31))
    ambassador = UserFactory(email=f"ambassadeur{trajectory.pk}@example.org", first_name="Anna", last_name="Amba")
    trajectory.practice.ambassador.contacts.add(ambassador)
    for i in range(members):
        WorkingGroupMemberFactory(application=trajectory.application, name=f"Lid {i}",
                                  email=f"lid{i}-{trajectory.pk}@school.example")
    return trajectory


def kickoff(trajectory):
    return Meeting.objects.create(trajectory=trajectory, kind=Meeting.Kind.KICKOFF, number=0, duration_minutes=90)


def at(day, hour=14):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMS)


OCT = [at(dt.date(2026, 10, 6)), at(dt.date(2026, 10, 7)), at(dt.date(2026, 10, 8))]


def propose(meeting, starts=OCT):
    return planning.propose_slots(meeting, list(starts), duration_minutes=90, location="Aula",
                                  by=meeting.trajectory.adviser.user)


def invitations(template=None):
    qs = OutboxMessage.objects.filter(payload__attachments__0__kind="invitation").order_by("pk")
    return [m for m in qs if template is None or m.payload["template"] == template]


def event_of(message):
    """The calendar file the recipient gets, rendered as the mail is sent, parsed with icalendar."""
    mail = mailing.render_message(message.payload)
    [(filename, content, mimetype)] = mail.attachments
    cal = Calendar.from_ical(content)
    [event] = cal.events
    return cal, event, mimetype
