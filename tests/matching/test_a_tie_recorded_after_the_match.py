"""An adviser never advises a school the adviser has a tie with. Matching never proposes such a pair, but a tie can
be recorded after the match was made: a proposal with it is then not confirmed (the service says why), and saving
the tie in the admin warns about every running trajectory it touches, with a link to it."""

import pytest

from lobmatch.models import Role
from tests.factories import AdviserFactory, GoodPracticeFactory, UserFactory
from tests.matching.test_services import applicant, closed_tranche
from tests.security.adminforms import admin_form_data
from trajectories.models import Trajectory
from trajectories.services import matching as service

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_matches():
    tranche = closed_tranche(ambassador_capacity=5)
    practice = GoodPracticeFactory()
    adviser = AdviserFactory(user__first_name="Marloes", user__last_name="Bakker")
    staff = UserFactory(roles=[Role.STAFF])
    confirmed = service.propose(applicant(tranche, practice, name="Het Zuiderlicht"), practice_id=practice.pk,
                                adviser_id=adviser.pk, by=staff)
    service.confirm(confirmed, by=staff)
    proposed = service.propose(applicant(tranche, practice, name="De Noorderpoort"), practice_id=practice.pk,
                               adviser_id=adviser.pk, by=staff)
    return adviser, confirmed, proposed, staff


def test_a_proposal_whose_adviser_got_a_tie_is_not_confirmed(two_matches):
    adviser, _confirmed, proposed, staff = two_matches
    adviser.ties.add(proposed.application.school)
    with pytest.raises(service.MatchingError, match="Marloes Bakker heeft een band met een school van het voorstel"):
        service.confirm(proposed, by=staff)
    proposed.refresh_from_db()
    assert proposed.status == Trajectory.Status.PROPOSED
    done, errors = service.confirm_many([proposed], by=staff)
    assert done == 0 and "kies via ‘wijzigen’ op de koppelpagina een andere adviseur" in errors[0]


def test_saving_a_tie_warns_about_the_running_trajectories_it_touches(client, two_matches):
    adviser, confirmed, proposed, staff = two_matches
    client.force_login(staff)
    url = f"/admin/trajectories/adviser/{adviser.pk}/change/"
    data = admin_form_data(client.get(url).content.decode())
    # a tie with the ambassador school: both trajectories use its practice
    data.update(ties=str(confirmed.practice.ambassador.school_id), _save=[""])
    response = client.post(url, data, follow=True)
    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 2
    assert any("van het traject Het Zuiderlicht" in w and "(bevestigd)" in w and "‘Adviseur vervangen’" in w
               and f"/admin/trajectories/trajectory/{confirmed.pk}/adviseur-vervangen/" in w for w in warnings)
    assert any("van het voorstel De Noorderpoort" in w
               and f"/admin/trajectories/trajectory/koppelen/voorstel/{proposed.pk}/wijzigen/" in w for w in warnings)
    assert {t.pk for t in service.tied_trajectories(adviser)} == {confirmed.pk, proposed.pk}
    # no tie, no warning
    data.update(ties="")
    response = client.post(url, data, follow=True)
    said = [m.level_tag for m in response.context["messages"]]
    assert "success" in said and "warning" not in said
