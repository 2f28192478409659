"""Every row of the matching page says in words which choice it is, what the schools share, and for an unmet first
choice who holds the seats; the raw points stay behind a details toggle; buttons only when there is work."""

import re

import pytest

from trajectories.models import Trajectory
from trajectories.services import matching as service

from .test_services import applicant, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_every_row_is_explained_in_words(client, world):  # noqa: F811
    tranche, popular, spare, staff = world
    for c in "ABC":
        applicant(tranche, popular, spare, name=f"School {c}")
    service.run_auto_match(tranche, by=staff)
    client.force_login(staff)
    response = client.get(f"/admin/trajectories/trajectory/koppelen/{tranche.pk}/")
    rows = response.context["trajectories"]
    assert len(rows) == 3
    for t in rows:
        assert t.words.startswith(f"Keuze {t.score_details['choice']} van de school")
    loser = next(t for t in rows if t.practice == spare)
    holders = sorted(t.application.school.name for t in rows if t.practice == popular)
    assert holders[0] in loser.words and holders[1] in loser.words
    html = response.content.decode()
    cells = re.findall(r"<td>(Keuze [^<]+)</td>", html)
    assert len(cells) == 3
    assert "<details><summary>" in html  # the points, for whoever wants them
    assert 'value="confirm"' in html and 'value="publish"' not in html


def test_no_action_buttons_without_anything_to_act_on(client, world):  # noqa: F811
    tranche, popular, spare, staff = world
    client.force_login(staff)
    html = client.get(f"/admin/trajectories/trajectory/koppelen/{tranche.pk}/").content.decode()
    assert 'value="confirm"' not in html and 'value="publish"' not in html and 'value="reject"' not in html
    assert not Trajectory.objects.filter(tranche=tranche).exists()
