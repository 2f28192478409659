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
from icalendar import Calendar, Event

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PRODID = "-//VO-raad//LOB-match//NL"
MIMETYPE = "text/calendar; charset=utf-8"
# The generated VTIMEZONE lists the real DST transitions in this margin around the events (a short component
# that stays correct; a calendar app only needs the transitions near the events).
_TZ_MARGIN = dt.timedelta(days=366)


def meeting_uid(meeting) -> str:
    """The same for every file of this meeting, so a calendar app updates the event instead of adding one."""
    return f"meeting-{meeting.pk}@lobmatch"


def meeting_event(meeting, *, sequence: int = 0) -> Event:
    """The VEVENT of a planned meeting. Times are local Amsterdam times with a TZID (see :func:`calendar`);
    DTSTAMP is the moment the event is built. Raise the ``sequence`` for every update of the same meeting."""
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
    )


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
    return filename, serialise(calendar([meeting_event(meeting)])), MIMETYPE


def render_attachment(descriptor: dict):
    from .models import Meeting

    return meeting_ics(Meeting.objects.select_related("trajectory__application__school",
                                                      "trajectory__practice__ambassador__school")
                       .get(pk=descriptor["meeting"]))
