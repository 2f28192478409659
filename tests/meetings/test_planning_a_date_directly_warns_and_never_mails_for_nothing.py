"""Planning or moving a meeting directly gives the same warnings as a poll's slots (another of the adviser's
meetings at that time, a school holiday, outside the tranche's window), and saving the date, duration and place the
meeting already has is refused instead of mailing everyone an update that changes nothing (a double tap included)."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from tests.meetings.helpers import NOW, OCT, at, invitations, kickoff, pair
from trajectories.models import Meeting
from trajectories.services import planning
from trajectories.services.meetings import MeetingError

pytestmark = pytest.mark.django_db


def post_date(client, meeting, start, duration="90", location="Aula", warned=None):
    data = {"start": f"{start:%Y-%m-%dT%H:%M}", "duration_minutes": duration, "location": location}
    return client.post(reverse("trajectories:meeting_schedule", args=[meeting.pk]),
                       {**data, **({"warned": warned} if warned else {})}, follow=True)


def test_saving_the_same_date_again_is_refused_and_mails_nobody(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        post_date(client, meeting, OCT[0])
        sent = len(invitations())
        response = post_date(client, meeting, OCT[0], location="  Aula ")
        assert response.status_code == 400
        html = response.content.decode()
        assert "Er is niets gewijzigd" in html and 'value="  Aula "' in html  # what was typed stays
        assert len(invitations()) == sent
        meeting.refresh_from_db()
        assert meeting.sequence == 0
        # any change is a move: one update each
        post_date(client, meeting, OCT[0], duration="120")
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and len(invitations("meeting_update")) == len(planning.expected_people(meeting))


def test_the_service_refuses_an_unchanged_date_whatever_the_path():
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        adviser = meeting.trajectory.adviser.user
        planning.plan_meeting(meeting, start=OCT[0], duration_minutes=90, location="Aula", by=adviser)
        with pytest.raises(MeetingError, match="Er is niets gewijzigd"):
            planning.plan_meeting(meeting, start=OCT[0].astimezone(dt.UTC), duration_minutes=90, location="Aula",
                                  by=adviser)


def test_moving_onto_another_meeting_of_the_adviser_in_a_holiday_warns_as_the_poll_does(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        adviser = meeting.trajectory.adviser.user
        other = kickoff(pair())
        other.trajectory.adviser = meeting.trajectory.adviser
        other.trajectory.save()
        autumn = at(dt.date(2026, 10, 20))  # herfstvakantie midden: 17–25 October 2026
        planning.plan_meeting(other, start=autumn, duration_minutes=90, location="Aula", by=adviser)
        client.force_login(adviser)
        post_date(client, meeting, OCT[0])
        with translation.override("nl"):
            expected = planning.slot_warnings(meeting, [autumn], 90)
        assert any("overlapt met uw" in w for w in expected) and any("herfstvakantie" in w for w in expected)
        sent = len(invitations())
        html = post_date(client, meeting, autumn).content.decode()
        assert "Nog niets verstuurd" in html and "Toch verplaatsen" in html and len(invitations()) == sent
        for warning in expected:
            assert warning.replace("'", "&#x27;") in html
        warned = re.search(r'name="warned" value="([^"]+)"', html).group(1)
        html = post_date(client, meeting, autumn, warned=warned).content.decode()
        assert "De bijeenkomst is verplaatst" in html and len(invitations()) > sent
        # outside the kickoff window: the window's warning too, from the same service call
        late = at(dt.date(2026, 11, 4))
        warnings = planning.plan_meeting(meeting, start=late, duration_minutes=90, location="Aula", by=adviser)
    assert any("buiten de periode van de startgesprekken" in w for w in warnings)
    assert Meeting.objects.get(pk=meeting.pk).planned_start == late


def test_a_date_in_the_past_at_night_out_of_order_or_during_a_poll_is_warned_before_sending():
    with time_machine.travel(NOW, tick=False):
        trajectory = pair()
        adviser = trajectory.adviser.user
        first, second = (Meeting.objects.create(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=n,
                                                duration_minutes=240) for n in (1, 2))
        planning.plan_meeting(first, start=at(dt.date(2026, 11, 10)), duration_minutes=240, location="Aula",
                              by=adviser)
        planning.plan_meeting(second, start=at(dt.date(2026, 12, 8)), duration_minutes=240, location="Aula",
                              by=adviser)

        def said(meeting, start, duration=240):
            with translation.override("nl"):
                return " | ".join(planning.schedule_warnings(meeting, start, duration, "Aula"))

        assert said(second, at(dt.date(2026, 12, 9))) == ""  # an ordinary move: nothing to ask
        assert ("Volgorde: begeleide bijeenkomst 2 komt op dinsdag 3 november 2026 14:00 vóór begeleide "
                "bijeenkomst 1") in said(second, at(dt.date(2026, 11, 3)))
        assert ("Volgorde: begeleide bijeenkomst 1 komt op dinsdag 15 december 2026 14:00 na begeleide "
                "bijeenkomst 2") in said(first, at(dt.date(2026, 12, 15)))
        assert "buiten de gewone tijden" in said(second, at(dt.date(2026, 12, 9), hour=3))
        assert "buiten de gewone tijden" in said(second, at(dt.date(2026, 12, 9), hour=20))  # ends at midnight
        assert "ligt in het verleden" in said(second, at(dt.date(2026, 8, 25)))
        # a Saturday and a Sunday (a slip of the date picker), as a poll's slot and as a date
        assert said(second, at(dt.date(2026, 12, 12))) == "zaterdag 12 december 2026 14:00 valt in het weekend: klopt de dag?"
        assert "valt in het weekend" in said(second, at(dt.date(2026, 12, 13)))
        assert "weekend" not in said(second, at(dt.date(2026, 12, 11)))  # a Friday
        assert any("valt in het weekend" in w for w in planning.proposal_warnings(
            second, [at(dt.date(2026, 12, 11)), at(dt.date(2026, 12, 12))], 240))
        planning.propose_slots(second, [at(dt.date(2026, 12, d)) for d in (14, 15)],
                               duration_minutes=240, location="Aula", by=adviser)
        assert "loopt een peiling" in said(second, at(dt.date(2026, 12, 9)))
        # the service returns the same warnings after the move it was asked for
        warnings = planning.plan_meeting(second, start=at(dt.date(2026, 11, 3)), duration_minutes=240,
                                         location="Aula", by=adviser)
        assert any("vóór begeleide bijeenkomst 1" in w for w in warnings) and any("loopt een peiling" in w for w in warnings)


def test_after_planning_over_a_running_poll_the_page_says_the_poll_stopped_not_that_it_will(client):
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        planning.propose_slots(meeting, OCT[:2], duration_minutes=90, location="Aula",
                               by=meeting.trajectory.adviser.user)
        html = post_date(client, meeting, OCT[2]).content.decode()
        assert "loopt een peiling; die stopt" in html  # asked before
        warned = re.search(r'name="warned" value="([^"]+)"', html).group(1)
        page = post_date(client, meeting, OCT[2], warned=warned).content.decode()
    assert "De peiling voor deze bijeenkomst is gestopt" in page and "die stopt" not in page


def test_a_first_date_in_the_past_says_nobody_is_invited(client):
    """Recording a meeting afterwards on its past date, during a poll: the page said in turn that no invitation goes
    out, that 'the invitation replaces' the poll and that 'everyone receives an invitation'. Nothing was sent."""
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        client.force_login(meeting.trajectory.adviser.user)
        planning.propose_slots(meeting, OCT[:2], duration_minutes=90, location="Aula",
                               by=meeting.trajectory.adviser.user)
        past = NOW - dt.timedelta(days=2)
        html = post_date(client, meeting, past).content.decode()
        assert "er gaat geen uitnodiging uit" in html
        warned = re.search(r'name="warned" value="([^"]+)"', html).group(1)
        page = post_date(client, meeting, past, warned=warned).content.decode()
    assert "De datum is vastgelegd. Er gaat geen uitnodiging uit: de datum ligt in het verleden." in page
    assert "De peiling voor deze bijeenkomst is gestopt." in page
    assert "ontvangt" not in page and "de uitnodiging vervangt haar" not in page
    assert invitations() == []
