"""After a round of auto-match the matching page says in plain Dutch whether a better set of matches exists by the
programme's rules, not the solver's "bewezen optimaal"; the total score stays in brackets."""

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import AdviserFactory, GoodPracticeFactory, UserFactory
from tests.matching.test_services import applicant, closed_tranche
from trajectories.models import Trajectory
from trajectories.services import matching as service

pytestmark = pytest.mark.django_db


def test_an_optimal_round_says_no_better_set_of_matches_exists(client):
    tranche = closed_tranche(ambassador_capacity=2)
    practice = GoodPracticeFactory()
    AdviserFactory()
    applicant(tranche, practice)
    client.force_login(UserFactory(roles=[Role.STAFF]))
    response = client.post(reverse("admin:trajectories_matching", args=[tranche.pk]), {"do": "auto"}, follow=True)
    score = Trajectory.objects.get(tranche=tranche).score
    assert [str(m) for m in response.context["messages"]] == [
        "1 voorstel gemaakt; 0 scholen niet gekoppeld. Een betere verdeling bestaat niet volgens de regels van het "
        f"programma: geen andere koppelt meer scholen of geeft meer punten (totaalscore {score})."]
    assert "optima" not in response.content.decode()


def test_a_round_stopped_short_of_the_optimum_says_how_far_it_may_be():
    said = service.auto_match_summary({"proposed": 2, "unmatched": [object()], "gap": 15, "score": 2100})
    assert said == ("2 voorstellen gemaakt; 1 school niet gekoppeld. Er bestaat misschien een iets betere verdeling, "
                    "met hooguit 15 punten meer (totaalscore 2100).")
