"""iCalendar (.ics) files for meetings, built with the icalendar package (RFC 5545: escaping, line folding).

The API is three steps, so invitations, updates and feeds can reuse it:

- :func:`meeting_event` builds the VEVENT of one meeting (stable UID per meeting, DTSTAMP = now, Amsterdam times);
- :func:`calendar` wraps events in a VCALENDAR with the VTIMEZONE they need;
- :func:`serialise` gives the bytes of a calendar.

:func:`meeting_ics` does all three for the download view and the reminder mails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PRODID = "-//VO-raad//LOB-match//NL"
MIMETYPE = "text/calendar; charset=utf-8"
# The generated VTIMEZONE lists the real DST transitions in this margin around the events (a short component
# that stays correct; a calendar app only needs the transitions near the events).
_TZ_MARGIN = dt.timedelta(days=366)


def meeting_uid(meeting) -> str:
    """The same for every file of this meeting, so a calendar app updates the event instead of adding one."""
    return f"meeting-{meeting.pk}@lobmatch"


def meeting_event(meeting, *, sequence: int = 0, organizer: tuple[str, str] | None = None,
                  attendees: Iterable[tuple[str, str]] = (), cancelled: bool = False) -> Event:
    """The VEVENT of a planned meeting. Times are local Amsterdam times with a TZID (see :func:`calendar`);
    DTSTAMP is the moment the event is built. Raise the ``sequence`` for every update of the same meeting.
    ``organizer`` and ``attendees`` are ``(email, name)`` pairs (invitations: iTIP needs an organizer)."""
    if meeting.planned_start is None:
        raise ValueError("An unplanned meeting has no calendar event.")
    trajectory = meeting.trajectory
    start = meeting.planned_start.astimezone(AMSTERDAM)
    school = trajectory.application.school.name
    return Event.new(
        uid=meeting_uid(meeting),
        sequence=sequence,
        start=start,
        end=start + dt.timedelta(minutes=meeting.duration_minutes),
        summary=f"LOB Ambassadeurs: {meeting} – {school}",
        description=(f"{meeting} van het traject {school} met {trajectory.practice.ambassador} "
                     f"({trajectory.practice})."),
        location=meeting.location or None,
        url=f"{settings.SITE_URL}/trajecten/{trajectory.pk}/",
        organizer=_address(*organizer) if organizer else None,
        attendees=[_address(email, name, attendee=True) for email, name in attendees] or None,
        status="CANCELLED" if cancelled else ("CONFIRMED" if organizer else None),
    )


def _address(email: str, name: str, *, attendee: bool = False) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name
    if attendee:
        address.params["ROLE"] = "REQ-PARTICIPANT"
    return address


def calendar(events: Iterable[Event], *, method: str = "PUBLISH") -> Calendar:
    """A VCALENDAR holding ``events``, with a VTIMEZONE for every TZID they use (generated from zoneinfo)."""
    cal = Calendar()
    cal.prodid = PRODID
    cal.version = "2.0"
    cal.calscale = "GREGORIAN"
    cal.method = method
    events = list(events)
    for event in events:
        cal.add_component(event)
    moments = [moment for event in events for moment in (event.start, event.end) if moment is not None]
    if moments:
        cal.add_missing_timezones(first_date=(min(moments) - _TZ_MARGIN).date(),
                                  last_date=(max(moments) + _TZ_MARGIN).date())
    return cal


def serialise(cal: Calendar) -> bytes:
    """The file's bytes: CRLF line ends, long lines folded, text escaped (icalendar does all of it)."""
    return cal.to_ical()


def meeting_ics(meeting) -> tuple[str, bytes, str]:
    """(file name, content, MIME type) of the .ics file of one planned meeting."""
    filename = f"lob-{meeting.kind}-{meeting.number or ''}-{meeting.pk}.ics".replace("--", "-")
    # The meeting's current SEQUENCE: after a move, this file must not look older than the update calendars have.
    return filename, serialise(calendar([meeting_event(meeting, sequence=meeting.sequence)])), MIMETYPE


def render_attachment(descriptor: dict):
    from .models import Meeting

    return meeting_ics(Meeting.objects.select_related("trajectory__application__school",
                                                      "trajectory__practice__ambassador__school")
                       .get(pk=descriptor["meeting"]))


def calendar_attendees(meetings) -> dict[int, list[tuple[str, str]]]:
    """Per meeting the attendees a calendar shows: the adviser and the ambassador's contacts (or the practice's
    contact address), as ``(email, name)``; no other personal data. One query whatever the number of meetings
    (the meetings come with ``trajectory__adviser__user`` and ``trajectory__practice__ambassador``)."""
    from ambassadors.models import AmbassadorSchool

    meetings = list(meetings)
    contacts: dict[int, list[tuple[str, str]]] = {}
    for amb_id, email, first, last in (AmbassadorSchool.contacts.through.objects
                                       .filter(ambassadorschool_id__in={m.trajectory.practice.ambassador_id
                                                                        for m in meetings}, user__is_active=True)
                                       .values_list("ambassadorschool_id", "user__email", "user__first_name",
                                                    "user__last_name")):
        contacts.setdefault(amb_id, []).append((email.strip().lower(), f"{first} {last}".strip()))
    result = {}
    for meeting in meetings:
        trajectory = meeting.trajectory
        adviser = trajectory.adviser.user
        people = [(adviser.email.strip().lower(), adviser.get_full_name())]
        people += contacts.get(trajectory.practice.ambassador_id) or (
            [(trajectory.practice.contact_email.strip().lower(), str(trajectory.practice.ambassador))]
            if trajectory.practice.contact_email else [])
        seen: set[str] = set()
        result[meeting.pk] = [(e, n) for e, n in people if e and not (e in seen or seen.add(e))]
    return result


def _planning_event(meeting, attendees: list[tuple[str, str]], *, sequence: int, to: str = "", to_name: str = "",
                    cancelled: bool = False) -> Event:
    """The event as invitations and feeds show it: the adviser organises; the adviser, the ambassador (and, in a
    mail, its recipient) attend."""
    attendees = list(attendees)
    if to and to not in {email for email, _name in attendees}:
        attendees.append((to, to_name))
    adviser = meeting.trajectory.adviser.user
    return meeting_event(meeting, sequence=sequence, organizer=(adviser.email, adviser.get_full_name()),
                         attendees=attendees, cancelled=cancelled)


def invitation_ics(meeting, *, sequence: int, method: str, to: str = "") -> tuple[str, bytes, str]:
    """An invitation (METHOD:REQUEST) or cancellation (METHOD:CANCEL) of the meeting's one event."""
    event = _planning_event(meeting, calendar_attendees([meeting])[meeting.pk], sequence=sequence, to=to,
                            cancelled=method == "CANCEL")
    content = serialise(calendar([event], method=method))
    return "uitnodiging.ics", content, f"text/calendar; charset=utf-8; method={method}"


def render_invitation(descriptor: dict):
    from .models import Meeting

    meeting = Meeting.objects.select_related(
        "trajectory__application__school", "trajectory__practice__ambassador__school", "trajectory__adviser__user",
    ).get(pk=descriptor["meeting"])
    return invitation_ics(meeting, sequence=descriptor["sequence"], method=descriptor["method"],
                          to=descriptor.get("to", ""))


def feed_ics(meetings) -> bytes:
    """A subscribed calendar (METHOD:PUBLISH) of the given meetings at their current SEQUENCE."""
    meetings = list(meetings)
    attendees = calendar_attendees(meetings)
    cal = calendar([_planning_event(m, attendees[m.pk], sequence=m.sequence) for m in meetings], method="PUBLISH")
    cal["X-WR-CALNAME"] = "LOB Ambassadeurs"
    return serialise(cal)
