"""iCalendar (.ics) files for meetings, written by hand to RFC 5545 (one VEVENT, UTC times, folded lines)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > 74:
            parts.append(current)
            current = " " + char
        else:
            current += char
    parts.append(current)
    return "\r\n".join(parts)


def meeting_ics(meeting) -> tuple[str, bytes, str]:
    trajectory = meeting.trajectory
    fmt = "%Y%m%dT%H%M%SZ"
    start = meeting.planned_start.astimezone(dt.UTC)
    end = start + dt.timedelta(minutes=meeting.duration_minutes)
    school = trajectory.application.school.name
    summary = f"LOB Ambassadeurs: {meeting} – {school}"
    description = f"{meeting} van het traject {school} met {trajectory.practice.ambassador} ({trajectory.practice})."
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//VO-raad//LOB-match//NL", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "BEGIN:VEVENT", f"UID:meeting-{meeting.pk}@lobmatch", f"DTSTAMP:{start.strftime(fmt)}",
        f"DTSTART:{start.strftime(fmt)}", f"DTEND:{end.strftime(fmt)}", f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}", f"LOCATION:{_escape(meeting.location or '')}",
        f"URL:{settings.SITE_URL}/trajecten/{trajectory.pk}/", "END:VEVENT", "END:VCALENDAR",
    ]
    content = "\r\n".join(_fold(line) for line in lines) + "\r\n"
    return f"lob-{meeting.kind}-{meeting.number or ''}-{meeting.pk}.ics".replace("--", "-"), content.encode(), \
        "text/calendar; charset=utf-8"


def render_attachment(descriptor: dict):
    from .models import Meeting

    return meeting_ics(Meeting.objects.select_related("trajectory__application__school",
                                                      "trajectory__practice__ambassador__school")
                       .get(pk=descriptor["meeting"]))
