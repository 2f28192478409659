"""The matching page and the dashboard count a proposal that lapsed (replaced by a new auto-match round) apart from
one staff rejected and from a match that was ended after staff confirmed it. Counted together as "geannuleerd", three
rounds of auto-match on a tranche of ten schools showed twenty cancellations where nothing had been called off."""

import re

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import AdviserFactory, GoodPracticeFactory, UserFactory
from tests.matching.test_services import applicant, closed_tranche
from trajectories.documents import tranche_figures
from trajectories.models import Trajectory
from trajectories.selectors import trajectory_counts
from trajectories.services import matching as service

pytestmark = pytest.mark.django_db


def counts_line(html: str) -> str:
    """The matching page's line of counts, as text."""
    line = re.search(r"<p>(<strong>.*?)</p>", html).group(1)
    return re.sub(r"<[^>]+>", "", line)


def test_replaced_proposals_lapse_apart_from_rejected_ones_and_ended_matches(client):
    tranche = closed_tranche(ambassador_capacity=5)
    practice = GoodPracticeFactory()
    AdviserFactory()
    staff = UserFactory(roles=[Role.STAFF])
    applications = [applicant(tranche, practice) for _ in range(3)]
    for _round in range(3):  # two rounds replaced: six proposals lapse
        service.run_auto_match(tranche, by=staff)
    first, second, third = (Trajectory.objects.get(application=a, status="proposed") for a in applications)
    service.reject(first, by=staff, reason="Past niet bij de regio.")
    service.confirm(second, by=staff)
    service.end_match(second, by=staff, reason="De school trekt zich terug.")

    assert [(key, n) for key, _label, n in trajectory_counts(tranche)] == [("proposed", 1), ("rejected", 1),
                                                                          ("lapsed", 6), ("ended", 1)]
    client.force_login(staff)
    html = client.get(reverse("admin:trajectories_matching", args=[tranche.pk])).content.decode()
    assert counts_line(html) == "voorgesteld: 1 · voorstel afgewezen: 1 · voorstel vervallen: 6 · koppeling beëindigd: 1"
    assert "geannuleerd" not in counts_line(html)
    rows = dict(tranche_figures(tranche).figure("matching").rows)
    assert (rows["traject voorgesteld"], rows["voorstel afgewezen"], rows["voorstel vervallen"],
            rows["koppeling beëindigd"]) == ([1], [1], [6], [1])
    assert not any("geannuleerd" in str(label) for label in rows)
    assert third.status == "proposed"
