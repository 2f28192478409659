"""The adviser's buttons say what they do: a logged meeting offers "Verslag wijzigen", a recorded result "Resultaat
wijzigen" (not "vastleggen" again, as if nothing had been saved)."""

import re

import pytest
from django.urls import reverse

from tests.meetings.conftest import entry, group  # noqa: F401  (group is a fixture)
from trajectories.services import meetings as service

pytestmark = pytest.mark.django_db


def buttons(client, trajectory) -> list[str]:
    html = client.get(reverse("trajectories:trajectory_detail", args=[trajectory.pk])).content.decode()
    return [re.sub(r"<[^>]+>|\s+", " ", b).split("  ")[0].strip() for b in re.findall(r'class="btn[^"]*"[^>]*>(.*?)</a>', html)]


def test_a_logged_meeting_and_a_recorded_result_are_changed_not_recorded_again(client, group):  # noqa: F811
    trajectory, members = group
    kickoff = trajectory.meetings.order_by("planned_start", "pk").get(kind="kickoff")
    client.force_login(trajectory.adviser.user)
    before = buttons(client, trajectory)
    assert "Resultaat vastleggen" in before and "Verslag wijzigen" not in before

    service.log_meeting(kickoff, entry(members, progress=None), by=trajectory.adviser.user)
    service.record_outcome(trajectory, kind="implemented", summary="Klaar", by=trajectory.adviser.user)
    after = buttons(client, trajectory)
    assert after.count("Verslag wijzigen") == 1
    assert "Resultaat wijzigen" in after and "Resultaat vastleggen" not in after
