"""The poll form shows the warnings of the proposed slots (another of the adviser's meetings, a school holiday)
before anyone is mailed, keeps what was typed, and sends only when asked again for the same slots; changed slots
are checked again. Slots without a warning are sent at once, and refused slots are refused before any warning."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from lobmatch.models import OutboxMessage
from tests.meetings.helpers import NOW, OCT, at, kickoff, pair
from trajectories.models import Meeting, MeetingPoll
from trajectories.services import planning

pytestmark = pytest.mark.django_db

AUTUMN = at(dt.date(2026, 10, 20))  # herfstvakantie midden: 17–25 October 2026 (Utrecht: "mogelijk")


def slots(*starts):
    return {**{f"slot_{i}": f"{s:%Y-%m-%dT%H:%M}" for i, s in enumerate(starts, 1)},
            "duration_minutes": "90", "location": "Aula"}


def poll_mails():
    return OutboxMessage.objects.filter(payload__template="poll_invitation").count()


def test_a_slot_in_a_holiday_is_warned_about_before_the_poll_goes_out(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        url = reverse("trajectories:poll_create", args=[meeting.pk])
        first = client.post(url, slots(OCT[0], AUTUMN))
        html = first.content.decode()
        assert first.status_code == 200 and "Nog niets verstuurd" in html and "herfstvakantie" in html
        assert "Toch versturen" in html and f'value="{AUTUMN:%Y-%m-%dT%H:%M}"' in html
        assert poll_mails() == 0 and not MeetingPoll.objects.exists()
        seen = re.search(r'name="warned" value="([^"]+)"', html).group(1)
        # the adviser changes a slot into another holiday day: checked again, still nothing sent
        other = at(dt.date(2026, 10, 21))
        again = client.post(url, {**slots(OCT[0], other), "warned": seen}).content.decode()
        assert "Nog niets verstuurd" in again and poll_mails() == 0
        seen = re.search(r'name="warned" value="([^"]+)"', again).group(1)
        sent = client.post(url, {**slots(OCT[0], other), "warned": seen}, follow=True)
        assert "De peiling is verstuurd" in sent.content.decode()
    assert MeetingPoll.objects.get().slots.count() == 2 and poll_mails() > 0


def test_slots_without_a_warning_are_sent_at_once_and_refused_slots_say_why_first(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        url = reverse("trajectories:poll_create", args=[meeting.pk])
        refused = client.post(url, slots(OCT[0], at(dt.date(2026, 8, 20))))  # in the past
        assert refused.status_code == 400 and "ligt in het verleden" in refused.content.decode()
        assert "Nog niets verstuurd" not in refused.content.decode()
        sent = client.post(url, slots(OCT[0], OCT[1]), follow=True)
        assert "De peiling is verstuurd" in sent.content.decode()
    assert poll_mails() > 0


@pytest.mark.parametrize(("bad", "says"), [(at(dt.date(2026, 8, 20)), "ligt in het verleden"),
                                           (at(dt.date(2026, 12, 1)), "buiten de periode van de tranche")])
def test_a_refused_slot_is_marked_at_its_own_field(client, bad, says):
    """The message stands under the slot it is about (a screen reader says it there, and the adviser on a phone
    sees which of six fields to change), and every typed slot stays."""
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        response = client.post(reverse("trajectories:poll_create", args=[meeting.pk]), slots(OCT[0], bad, OCT[1]))
    html = response.content.decode()
    assert response.status_code == 400
    field = re.search(r'<input[^>]*name="slot_2"[^>]*>', html).group(0)
    assert "is-invalid" in field and f'value="{bad:%Y-%m-%dT%H:%M}"' in field
    error = re.search(r'id="error_1_id_slot_2"[^>]*>(.*?)</', html, re.S)
    assert error and says in error.group(1)
    assert "is-invalid" not in re.search(r'<input[^>]*name="slot_1"[^>]*>', html).group(0)
    assert f'value="{OCT[1]:%Y-%m-%dT%H:%M}"' in html and poll_mails() == 0


def test_a_slot_out_of_the_programmes_order_is_warned_about_when_proposed_and_on_the_poll_page(client):
    """A poll asks about the order as planning a date does: a session proposed before the kickoff is warned about
    before the poll goes out, and again on the poll page where the adviser chooses."""
    with time_machine.travel(NOW, tick=False):
        trajectory = pair()
        kick = kickoff(trajectory)
        planning.plan_meeting(kick, start=at(dt.date(2026, 11, 10)), duration_minutes=90, location="Aula",
                              by=trajectory.adviser.user)
        session = Meeting.objects.create(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=1,
                                         duration_minutes=240)
        client.force_login(trajectory.adviser.user)
        url = reverse("trajectories:poll_create", args=[session.pk])
        early, late = at(dt.date(2026, 11, 3)), at(dt.date(2026, 11, 17))
        html = client.post(url, slots(early, late)).content.decode()
        assert "Nog niets verstuurd" in html and poll_mails() == 0
        assert "Volgorde: begeleide bijeenkomst 1 komt op dinsdag 3 november 2026 14:00 vóór startgesprek" in html
        assert "17 november 2026 14:00 vóór" not in html  # the later slot is in order
        seen = re.search(r'name="warned" value="([^"]+)"', html).group(1)
        client.post(url, {**slots(early, late), "warned": seen})
        poll = MeetingPoll.objects.get(meeting=session)
        page = client.get(reverse("trajectories:poll_detail", args=[poll.pk])).content.decode()
    assert "Volgorde: begeleide bijeenkomst 1 komt op dinsdag 3 november 2026 14:00 vóór startgesprek" in page


def test_each_slots_warning_stands_under_its_own_field(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        html = client.post(reverse("trajectories:poll_create", args=[meeting.pk]), slots(OCT[0], AUTUMN)).content.decode()
    hint = re.search(r'id="id_slot_2_helptext"[^>]*>(.*?)</div>', html, re.S)
    assert hint and "Let op:" in hint.group(1) and "herfstvakantie" in hint.group(1)
    assert 'id="id_slot_1_helptext"' not in html  # the first slot has nothing to warn about
    assert 'aria-describedby="id_slot_2_helptext"' in html


def test_the_poll_form_says_why_it_refuses_a_date_that_planning_directly_allows(client):
    """A poll refuses a slot outside the tranche's window, planning a date directly only warns: the form says so
    before and in the refusal, and offers the direct way for a date already agreed."""
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        url = reverse("trajectories:poll_create", args=[meeting.pk])
        page = client.get(url).content.decode()
        window = re.search(r'<p id="poll-window">(.*?)</p>', page, re.S).group(1)
        assert "alleen tijdstippen in deze periode" in window
        assert 'name="without_poll"' in page and "Plannen zonder peiling" in page
        refused = client.post(url, slots(OCT[0], at(dt.date(2026, 12, 1))))
        assert refused.status_code == 400
        assert "een datum die al is afgesproken, zet u vast met ‘Plannen zonder peiling’" in refused.content.decode()
        # and that way does plan it, with a warning first
        moved = client.post(reverse("trajectories:meeting_schedule", args=[meeting.pk]),
                            {"start": "2026-12-01T14:00", "duration_minutes": "90", "location": "Aula"})
        assert "buiten de periode" in moved.content.decode() and "Toch plannen" in moved.content.decode()
