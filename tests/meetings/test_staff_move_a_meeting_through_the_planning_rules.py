"""A planned meeting's date, duration and place changed in the admin go through the planning service, as the
adviser's move does: everyone's calendar gets the update, the warnings (outside the window, out of order) show,
and a refusal stands at the form. Before, the admin saved a new date (even one in 2020) without a word to anyone."""

import pytest
import time_machine
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import UserFactory
from tests.meetings.helpers import NOW, OCT, at, invitations, kickoff, pair
from tests.security.adminforms import admin_form_data
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def test_staff_move_a_meeting_and_everyone_gets_the_update(client):
    import datetime as dt

    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair())
        planning.plan_meeting(meeting, start=OCT[0], duration_minutes=90, location="Aula",
                              by=meeting.trajectory.adviser.user)
        first = len(invitations())
        client.force_login(UserFactory(roles=[Role.STAFF]))
        url = reverse("admin:trajectories_meeting_change", args=[meeting.pk])
        data = admin_form_data(client.get(url).content.decode())
        # a year slipped in the date: refused with the service's message, nobody mailed
        data.update(planned_start_0=["01-01-2020"], planned_start_1=["10:00:00"], _save=[""])
        refused = client.post(url, data)
        assert refused.status_code == 200 and "Controleer het jaartal" in refused.content.decode()
        assert len(invitations()) == first
        # a date past and outside the kickoff window: saved (an adviser may record a meeting afterwards) but
        # with the service's warnings, and the calendars follow
        data.update(planned_start_0=["03-11-2025"], planned_start_1=["10:00:00"], _save=[""])
        response = client.post(url, data, follow=True)
        said = [str(m) for m in response.context["messages"]]
        assert any("ligt in het verleden" in m for m in said), said
        assert "Let op: het startgesprek valt buiten de periode van de startgesprekken (01-10-2026 – 31-10-2026)." in said
        meeting.refresh_from_db()
        assert meeting.planned_start == at(dt.date(2025, 11, 3), 10) and meeting.sequence == 1
        updates = invitations()[first:]
        assert updates and {m.payload["attachments"][0]["sequence"] for m in updates} == {1}

        # an empty date is refused at the form: cancelling is the adviser's, with a mail to everyone
        data = admin_form_data(client.get(url).content.decode())
        data.update(planned_start_0=[""], planned_start_1=[""], _save=[""])
        refused = client.post(url, data)
        assert refused.status_code == 200 and "Een geplande bijeenkomst houdt een datum" in refused.content.decode()
        meeting.refresh_from_db()
        assert meeting.planned_start == at(dt.date(2025, 11, 3), 10) and len(invitations()) == first + len(updates)
