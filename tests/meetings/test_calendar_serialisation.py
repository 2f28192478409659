"""The calendar files are written as icalendar writes them: serialise() gives ``Calendar.to_ical()`` byte for byte
(a line shorter than the fold is left alone; its quicker fold of ASCII lines folds at the same places, never inside
an escape), and the Amsterdam VTIMEZONE is built once per process."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.factories import MeetingFactory
from trajectories import ics

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize("location", [
    "Aula",
    "L" * 200,  # folded three times
    "x" * 59 + "\\" + "y" * 80,  # a backslash where the first fold would fall
    "Zaal; 2, " * 20,  # escapes (\; \,) across many folds
    "^" * 150,
    "Café « Ö » – 𝄞 " * 12,  # not ASCII: icalendar folds it
    "é" * 32 + "a",  # "LOCATION:" and 65 octets: 74, one short of the fold, left as it is
    "é" * 33,  # 75 octets: folded
])
def test_serialise_writes_exactly_what_icalendar_writes(location):
    meeting = MeetingFactory(location=location, planned_start=dt.datetime(2027, 3, 28, 1, 30, tzinfo=AMS))
    event = ics.meeting_event(meeting, organizer=("adviseur@example.org", "Ada " * 30),
                              attendees=[("a@example.org", "Ánna\\Amba^sch;ool" * 5)])
    cal = ics.calendar([event], method="REQUEST")
    assert ics.serialise(cal) == cal.to_ical()
    [parsed] = Calendar.from_ical(ics.serialise(cal)).events
    assert str(parsed["LOCATION"]) == location and parsed.start == meeting.planned_start


def test_the_vtimezone_is_built_once_per_process_and_covers_the_events_years():
    first = MeetingFactory(planned_start=dt.datetime(2027, 6, 10, 10, 0, tzinfo=AMS))
    second = MeetingFactory(planned_start=dt.datetime(2028, 1, 10, 10, 0, tzinfo=AMS))
    one = ics.calendar([ics.meeting_event(first), ics.meeting_event(second)])
    other = ics.calendar([ics.meeting_event(second), ics.meeting_event(first)])
    [tz_one], [tz_other] = one.timezones, other.timezones
    assert tz_one is tz_other  # the same component: not built again
    parsed = Calendar.from_ical(ics.serialise(one))
    assert not parsed.get_missing_tzids()
    [event_one, event_two] = parsed.events
    # local times right on both sides of the DST changes the component lists (2026 to 2029)
    assert event_one.start.utcoffset() == dt.timedelta(hours=2) and event_two.start.utcoffset() == dt.timedelta(hours=1)
    transitions = ics.serialise(one).decode()
    assert "20270328T030000" in transitions and "20281029T030000" in transitions
