"""A reminder's key is what the outbox remembers it by: a key in another form after an update would send every
reminder already sent once more."""

import datetime as dt

from lobmatch.outbox import DEDUPE_KEY_MAX
from lobmatch.reminders import key, object_key, recipient_key


def test_the_key_names_reminder_object_moment_and_recipient():
    moment = dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.UTC)
    assert key("meeting-7d", "meeting-12", moment, " Anna@School.NL ") == (
        "reminder:meeting-7d:meeting-12:20270328T0130:anna@school.nl")
    assert key("claim-to-submit", "trajectory-3", None, "b@school.nl") == "reminder:claim-to-submit:trajectory-3:b@school.nl"


def test_a_key_made_in_two_steps_is_the_same_key_also_when_it_is_shortened():
    moment = dt.datetime(2027, 10, 31, 8, 0, tzinfo=dt.UTC)
    long_address = "x" * 180 + "@school.nl"
    for email in ("Anna@School.NL", long_address):
        assert recipient_key(object_key("meeting-1d", "meeting-7", moment), email) == key(
            "meeting-1d", "meeting-7", moment, email)
    shortened = key("meeting-1d", "meeting-7", moment, long_address)
    assert len(shortened) <= DEDUPE_KEY_MAX and shortened != key("meeting-1d", "meeting-7", moment, "y" + long_address)
