"""Calendar (.ics) files of meetings: built by icalendar, safe against injected line breaks, DTSTAMP is the moment
the file was made, Amsterdam time with its VTIMEZONE across daylight saving, long lines folded."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from tests.factories import MeetingFactory
from trajectories import ics

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC


def lines_as_a_strict_reader_sees_them(content: bytes) -> list[bytes]:
    """Some calendar apps end a line at a bare CR or LF too, so split at every one of them."""
    return re.split(rb"\r\n|\r|\n", content)


def parse(content: bytes):
    cal = Calendar.from_ical(content)
    [event] = cal.events
    return cal, event


@pytest.mark.parametrize("breaker", ["\r", "\n", "\r\n"])
def test_line_break_in_the_location_never_creates_a_property(breaker):
    meeting = MeetingFactory(location=f"Lokaal 1{breaker}ATTENDEE:mailto:x@y")
    _filename, content, _mimetype = ics.meeting_ics(meeting)
    _cal, event = parse(content)
    assert "ATTENDEE" not in event
    assert not [line for line in lines_as_a_strict_reader_sees_them(content) if line.startswith(b"ATTENDEE")]
    # the text survives as (escaped) text of the one LOCATION property
    assert str(event["LOCATION"]).startswith("Lokaal 1") and str(event["LOCATION"]).endswith("ATTENDEE:mailto:x@y")


def test_line_break_in_the_school_name_stays_inside_summary_and_description():
    meeting = MeetingFactory(trajectory__application__school__name="School\rORGANIZER:mailto:evil@x")
    _filename, content, _mimetype = ics.meeting_ics(meeting)
    _cal, event = parse(content)
    assert "ORGANIZER" not in event
    assert not [line for line in lines_as_a_strict_reader_sees_them(content) if line.startswith(b"ORGANIZER")]
    assert "ORGANIZER:mailto:evil@x" in str(event["SUMMARY"])


def test_dtstamp_is_the_moment_the_file_was_made_not_the_start():
    start = dt.datetime(2030, 9, 16, 13, 0, tzinfo=AMS)
    meeting = MeetingFactory(planned_start=start)
    with time_machine.travel(dt.datetime(2030, 8, 1, 7, 30, 15, tzinfo=UTC), tick=False):
        _filename, content, _mimetype = ics.meeting_ics(meeting)
    _cal, event = parse(content)
    stamp = event.stamp
    assert stamp == dt.datetime(2030, 8, 1, 7, 30, 15, tzinfo=UTC)
    assert b"DTSTAMP:20300801T073015Z" in content


@pytest.mark.parametrize("local, utc", [
    (dt.datetime(2030, 9, 16, 13, 0), dt.datetime(2030, 9, 16, 11, 0)),    # summer time, UTC+2
    (dt.datetime(2030, 11, 18, 13, 0), dt.datetime(2030, 11, 18, 12, 0)),  # winter time, UTC+1
    (dt.datetime(2030, 10, 27, 1, 30), dt.datetime(2030, 10, 26, 23, 30)),  # on the night summer time ends
])
def test_times_are_amsterdam_with_a_vtimezone_that_knows_daylight_saving(local, utc):
    meeting = MeetingFactory(planned_start=local.replace(tzinfo=AMS), duration_minutes=240)
    _filename, content, _mimetype = ics.meeting_ics(meeting)
    cal, event = parse(content)
    assert f"DTSTART;TZID=Europe/Amsterdam:{local:%Y%m%dT%H%M%S}".encode() in content
    [timezone] = cal.timezones
    assert timezone.tz_name == "Europe/Amsterdam"
    # the VTIMEZONE in the file itself (not the reader's zoneinfo) gives the right UTC moment
    file_zone = timezone.to_tz()
    naive = event.DTSTART.replace(tzinfo=None)
    assert naive.replace(tzinfo=file_zone).astimezone(UTC) == utc.replace(tzinfo=UTC)
    assert event.duration == dt.timedelta(hours=4)


def test_uid_is_stable_per_meeting_and_files_parse_as_one_event():
    meeting, other = MeetingFactory(), MeetingFactory()
    first, second = parse(ics.meeting_ics(meeting)[1])[1], parse(ics.meeting_ics(meeting)[1])[1]
    assert str(first["UID"]) == str(second["UID"]) == f"meeting-{meeting.pk}@lobmatch"
    assert str(parse(ics.meeting_ics(other)[1])[1]["UID"]) != str(first["UID"])


def test_long_lines_are_folded_and_unfold_to_the_full_text():
    location = "Gebouw Noord, " + "vleugel B, " * 20 + "lokaal 3.14 (ingang via het schoolplein, naast de fietsenstalling)"
    meeting = MeetingFactory(location=location[:200])
    _filename, content, _mimetype = ics.meeting_ics(meeting)
    lines = content.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # continuation lines exist
    assert content.endswith(b"END:VCALENDAR\r\n")
    assert str(parse(content)[1]["LOCATION"]) == location[:200]


def test_download_view_serves_the_same_file(client):
    meeting = MeetingFactory(location="Aula; zaal 2, begane grond")
    client.force_login(meeting.trajectory.adviser.user)
    response = client.get(reverse("trajectories:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    _cal, event = parse(response.content)
    assert str(event["LOCATION"]) == "Aula; zaal 2, begane grond"
    assert b"LOCATION:Aula\\; zaal 2\\, begane grond" in response.content


def test_events_can_be_combined_and_updated_with_a_rising_sequence():
    first = MeetingFactory(planned_start=dt.datetime(2030, 6, 10, 10, 0, tzinfo=AMS))
    second = MeetingFactory(planned_start=dt.datetime(2031, 1, 10, 10, 0, tzinfo=AMS))
    cal = ics.calendar([ics.meeting_event(first, sequence=2), ics.meeting_event(second)], method="REQUEST")
    parsed = Calendar.from_ical(ics.serialise(cal))
    assert parsed["METHOD"] == "REQUEST" and len(parsed.events) == 2 and len(parsed.timezones) == 1
    assert parsed.events[0]["SEQUENCE"] == 2
    assert not parsed.get_missing_tzids()
