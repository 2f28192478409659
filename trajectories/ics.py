"""iCalendar (.ics) files for meetings, built with the icalendar package (RFC 5545: escaping, line folding).

The API is three steps, so invitations, updates and feeds can reuse it:

- :func:`meeting_event` builds the VEVENT of one meeting (stable UID per meeting, DTSTAMP = now, Amsterdam times);
- :func:`calendar` wraps events in a VCALENDAR with the VTIMEZONE they need;
- :func:`serialise` gives the bytes of a calendar.

:func:`meeting_ics` does all three for the download view and the reminder mails.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress, vDatetime, vInt, vText, vUri

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PRODID = "-//VO-raad//LOB-match//NL"
MIMETYPE = "text/calendar; charset=utf-8"
TZID = "Europe/Amsterdam"
_FOLD_AT = 75  # octets: icalendar folds a content line from this length on (RFC 5545 3.1)


def meeting_uid(meeting) -> str:
    """The same for every file of this meeting, so a calendar app updates the event instead of adding one."""
    return f"meeting-{meeting.pk}@lobmatch"


def meeting_event(meeting, *, sequence: int = 0, organizer: tuple[str, str] | None = None,
                  attendees: Iterable[tuple[str, str]] = (), cancelled: bool = False,
                  stamp: dt.datetime | None = None) -> Event:
    """The VEVENT of a planned meeting. Times are local Amsterdam times with a TZID (see :func:`calendar`);
    DTSTAMP is ``stamp`` or the moment the event is built. Raise the ``sequence`` for every update of the same
    meeting. ``organizer`` and ``attendees`` are ``(email, name)`` pairs (invitations: iTIP needs an organizer)."""
    if meeting.planned_start is None:
        raise ValueError("An unplanned meeting has no calendar event.")
    trajectory = meeting.trajectory
    name, school = str(meeting), trajectory.application.school.name
    # icalendar's own value types, made here and set as the event's properties: they are written as they are,
    # without icalendar finding a type for every value (``add`` only where a property repeats).
    start = meeting.planned_start
    event = Event({
        "UID": vText(meeting_uid(meeting)),
        "DTSTAMP": vDatetime(stamp or dt.datetime.now(dt.UTC)),
        "SEQUENCE": vInt(sequence),
        "DTSTART": _local(start),
        "DTEND": _local(start + dt.timedelta(minutes=meeting.duration_minutes)),
        "SUMMARY": vText(f"LOB Ambassadeurs: {name} – {school}"),
        "DESCRIPTION": vText(_("%(meeting)s van het traject %(school)s met %(ambassador)s (%(practice)s).") % {
            "meeting": name, "school": school, "ambassador": trajectory.practice.ambassador,
            "practice": trajectory.practice}),
        "URL": vUri(f"{settings.SITE_URL}/trajecten/{trajectory.pk}/"),
    })
    if meeting.location:
        event["LOCATION"] = vText(meeting.location)
    if organizer:
        event["ORGANIZER"] = _address(*organizer)
    for email, person in attendees:
        event.add("attendee", _address(email, person, attendee=True))
    if cancelled or organizer:
        event["STATUS"] = vText("CANCELLED" if cancelled else "CONFIRMED")
    return event


def _local(moment: dt.datetime) -> vDatetime:
    """The wall-clock time in Amsterdam with its TZID, as icalendar writes an aware datetime, but without icalendar
    looking up the zone's name for every value (a third of the time of a feed of 200 events)."""
    value = vDatetime(moment.astimezone(AMSTERDAM).replace(tzinfo=None))
    value.params["TZID"] = TZID
    return value


def _address(email: str, name: str, *, attendee: bool = False) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name
    if attendee:
        address.params["ROLE"] = "REQ-PARTICIPANT"
    return address


@functools.cache
def _vtimezone(first_year: int, last_year: int) -> Timezone:
    """Europe/Amsterdam with its real DST transitions from ``first_year`` to ``last_year``, built once per process
    (icalendar: "this can take some time, please cache the results"); never changed after it is built."""
    return Timezone.from_tzid(TZID, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 12, 31))


def calendar(events: Iterable[Event], *, method: str = "PUBLISH") -> Calendar:
    """A VCALENDAR holding ``events`` and the VTIMEZONE of their TZID, with the transitions of the years around
    them (a calendar app only needs those)."""
    cal = Calendar()
    cal.prodid = PRODID
    cal.version = "2.0"
    cal.calscale = "GREGORIAN"
    cal.method = method
    events = list(events)
    years = [event["DTSTART"].dt.year for event in events]
    if years:
        cal.add_component(_vtimezone(min(years) - 1, max(years) + 1))
    for event in events:
        cal.add_component(event)
    return cal


def serialise(cal: Calendar) -> bytes:
    """The file's bytes: CRLF line ends, lines longer than 75 octets folded, text escaped; byte for byte
    ``cal.to_ical()`` (a test holds it to that). icalendar's fold walks a line character by character, which took
    most of the time of a feed of 200 events: a line shorter than the fold is left as it is, as icalendar leaves
    it; a longer ASCII line (one octet per character) is folded here by slicing at the same places; any other line
    by icalendar."""
    lines = []
    for line in cal.content_lines():
        if line:
            octets = line.encode()
            if len(octets) >= _FOLD_AT:
                octets = _fold_ascii(line) if line.isascii() else line.to_ical()
            lines.append(octets)
    return b"\r\n".join(lines) + b"\r\n"


def _fold_ascii(line: str) -> bytes:
    """icalendar's fold of an ASCII line: pieces of 74 characters, except that a piece that would end in a backslash
    or caret leaves it to the next piece (an escape is never split across a fold)."""
    pieces, start = [], 0
    while len(line) - start >= _FOLD_AT:
        end = start + _FOLD_AT - 1
        if line[end - 1] in "\\^" and end - start > 1:
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return "\r\n ".join(pieces).encode()


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
                    cancelled: bool = False, stamp: dt.datetime | None = None) -> Event:
    """The event as invitations and feeds show it: the adviser organises; the adviser, the ambassador (and, in a
    mail, its recipient) attend."""
    attendees = list(attendees)
    if to and to not in {email for email, _name in attendees}:
        attendees.append((to, to_name))
    adviser = meeting.trajectory.adviser.user
    return meeting_event(meeting, sequence=sequence, organizer=(adviser.email, adviser.get_full_name()),
                         attendees=attendees, cancelled=cancelled, stamp=stamp)


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
    """A subscribed calendar (METHOD:PUBLISH) of the given meetings at their current SEQUENCE. A published event
    names its organiser (the adviser) and no attendees (iTIP, RFC 5546 3.2.1: "Attendees MUST NOT be present"), so a
    feed carries no one's address but the adviser's; the invitations name the attendees."""
    stamp = dt.datetime.now(dt.UTC)
    events = []
    for meeting in meetings:
        adviser = meeting.trajectory.adviser.user
        events.append(meeting_event(meeting, sequence=meeting.sequence, stamp=stamp,
                                    organizer=(adviser.email, adviser.get_full_name())))
    cal = calendar(events, method="PUBLISH")
    cal["X-WR-CALNAME"] = "LOB Ambassadeurs"
    return serialise(cal)
