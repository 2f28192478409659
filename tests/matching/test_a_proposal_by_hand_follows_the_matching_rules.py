"""A proposal added by hand in the admin follows the rules auto-match follows, through the same service: only a
submitted application, in its own tranche, without a proposal or trajectory yet, with one of its chosen practices
and an adviser tied to neither school. It then holds its seat like any proposal."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils.html import escape

from lobmatch.models import Role
from tests.factories import AdviserFactory, GoodPracticeFactory, PreferenceFactory, UserFactory
from tests.matching.test_services import applicant, closed_tranche
from trajectories.models import Trajectory
from trajectories.services import matching as service

pytestmark = pytest.mark.django_db
ADD = "/admin/trajectories/trajectory/add/"


@pytest.fixture
def staff(client):
    user = UserFactory(roles=[Role.STAFF])
    client.force_login(user)
    return user


def test_a_valid_proposal_is_made_in_the_applications_own_tranche(client, staff):
    tranche = closed_tranche()
    practice, adviser = GoodPracticeFactory(), AdviserFactory()
    application = applicant(tranche, practice)
    other_tranche = closed_tranche(number=tranche.number + 1)
    response = client.post(ADD, {"tranche": other_tranche.pk, "application": application.pk,
                                 "practice": practice.pk, "adviser": adviser.pk})
    assert response.status_code == 302
    made = Trajectory.objects.get(application=application)
    assert (made.tranche, made.status, made.practice, made.adviser) == (tranche, "proposed", practice, adviser)
    assert made.history.first().history_user == staff
    # a second one for the same application is refused
    response = client.post(ADD, {"application": application.pk, "practice": practice.pk, "adviser": adviser.pk})
    assert "heeft al een voorstel of traject" in response.content.decode()


@pytest.mark.parametrize("case", ["draft", "not chosen", "tied adviser"])
def test_what_auto_match_would_never_propose_is_refused_with_its_reason(client, staff, case):
    tranche = closed_tranche()
    practice, other, adviser = GoodPracticeFactory(), GoodPracticeFactory(), AdviserFactory()
    application = applicant(tranche, practice)
    # each refusal names what is wrong (it said "geen keuze van de school of een band" for both)
    expected = f"{other.title} is geen (gepubliceerde) keuze van {application.school}."
    if case == "draft":
        application.status = "draft"
        application.save()
        expected = "Alleen een ingediende aanmelding kan worden gekoppeld; deze is concept."
    elif case == "tied adviser":
        adviser.ties.add(practice.ambassador.school)
        expected = f"{adviser} heeft een band met {practice.ambassador.school} en begeleidt deze koppeling niet."
    chosen = other if case == "not chosen" else practice
    response = client.post(ADD, {"application": application.pk, "practice": chosen.pk, "adviser": adviser.pk})
    assert response.status_code == 200 and escape(expected) in response.content.decode()
    assert not Trajectory.objects.filter(application=application).exists()
    with pytest.raises(service.MatchingError):
        service.propose(application, practice_id=chosen.pk, adviser_id=adviser.pk, by=staff)


def test_the_application_is_found_by_its_school_among_those_to_match(client, staff):
    """The add page asks for the application by the school's name (an autocomplete), not by a raw number, and lists
    only applications matching may take."""
    tranche = closed_tranche()
    practice = GoodPracticeFactory()
    waiting = applicant(tranche, practice, name="Zuiderlicht College")
    draft = applicant(tranche, practice, name="Zuiderpoort Lyceum")
    draft.status = "draft"
    draft.save()
    page = client.get(ADD).content.decode()
    assert 'name="application"' in page and "admin-autocomplete" in page and "vForeignKeyRawIdAdminField" not in page
    found = client.get("/admin/autocomplete/", {"term": "Zuider", "app_label": "trajectories",
                                                "model_name": "trajectory", "field_name": "application"}).json()
    assert [r["id"] for r in found["results"]] == [str(waiting.pk)]
    assert found["results"][0]["text"].startswith("Zuiderlicht College")


def test_the_list_of_applications_offers_only_those_the_save_accepts(client, staff):
    """It offered applications that already had a proposal or a trajectory; saving then refused them. The list and
    the save use one rule (trajectories.selectors.applications_to_match)."""
    tranche = closed_tranche(ambassador_capacity=10)
    practice, adviser = GoodPracticeFactory(), AdviserFactory()
    free = applicant(tranche, practice, name="Zuiderlicht College")
    proposed = applicant(tranche, practice, name="Zuiderpoort Lyceum")
    service.propose(proposed, practice_id=practice.pk, adviser_id=adviser.pk, by=staff)
    confirmed = applicant(tranche, practice, name="Zuiderzee Scholengemeenschap")
    service.confirm(service.propose(confirmed, practice_id=practice.pk, adviser_id=adviser.pk, by=staff), by=staff)
    ended = applicant(tranche, practice, name="Zuiderkruis Mavo")  # a match that ended: the school is matched again
    trajectory = service.propose(ended, practice_id=practice.pk, adviser_id=adviser.pk, by=staff)
    service.confirm(trajectory, by=staff)
    service.end_match(trajectory, by=staff, reason="De school kan dit jaar niet beginnen.")
    found = client.get("/admin/autocomplete/", {"term": "Zuider", "app_label": "trajectories",
                                                "model_name": "trajectory", "field_name": "application"}).json()
    offered = {int(r["id"]) for r in found["results"]}
    assert offered == {free.pk, ended.pk}
    for application in (free, ended, proposed, confirmed):
        application.refresh_from_db()
        if application.pk in offered:
            service.check_proposal(application, practice.pk, adviser.pk)
        else:
            with pytest.raises(service.MatchingError):
                service.check_proposal(application, practice.pk, adviser.pk)


def _options(page: str) -> list[str]:
    select = re.search(r'<select name="practice".*?</select>', page, re.S).group(0)
    return [unescape(text) for text in re.findall(r"<option[^>]*>(.*?)</option>", select)]


def test_the_practice_is_picked_from_the_schools_choices_in_its_order(client, staff):
    """The list offered every good practice (about 300), and only the refusal after saving said that one was not
    the school's choice. It offers the school's published choices, marked with their rank, and nothing else: no
    other practice may be proposed (DESIGN.md: only good practices the school chose)."""
    tranche = closed_tranche()
    first, second, third = (GoodPracticeFactory(title=t) for t in ("Loopbaanlijn", "Ouderavond", "Driegesprek"))
    withdrawn, other, adviser = GoodPracticeFactory(title="Ingetrokken"), GoodPracticeFactory(), AdviserFactory()
    application = applicant(tranche, second, withdrawn, first)  # its order: Ouderavond, (Ingetrokken), Loopbaanlijn
    withdrawn.status = "draft"
    withdrawn.save()
    PreferenceFactory(application=applicant(tranche, other), practice=third, rank=2)  # another school's choice

    assert _options(client.get(ADD).content.decode()) == ["Kies eerst een aanmelding"]
    expected = ["---------", f"keuze 1: Ouderavond ({second.ambassador})",
                f"keuze 3: Loopbaanlijn ({first.ambassador})"]
    assert _options(client.get(ADD, {"application": application.pk}).content.decode()) == expected
    # the page's script asks for the same list when staff pick the application
    url = reverse("admin:trajectories_trajectory_chosen_practices", args=[application.pk])
    assert client.get(url).json() == {"options": [{"id": second.pk, "text": expected[1]},
                                                  {"id": first.pk, "text": expected[2]}], "empty": "---------"}
    # a form sent back with an error keeps the list and the practice picked
    back = client.post(ADD, {"application": application.pk, "practice": first.pk}).content.decode()
    assert _options(back) == expected
    assert re.search(rf'<option value="{first.pk}" selected>', back)
    # another practice is not offered; posted anyway, the service refuses it and says why
    refused = client.post(ADD, {"application": application.pk, "practice": other.pk, "adviser": adviser.pk})
    assert escape(f"{other.title} is geen (gepubliceerde) keuze van {application.school}.") in refused.content.decode()
    nothing = applicant(tranche, withdrawn)
    assert _options(client.get(ADD, {"application": nothing.pk}).content.decode()) == [
        "Deze school heeft geen gepubliceerde keuze"]


def test_only_staff_who_may_add_a_trajectory_read_a_schools_choices_there(client):
    application = applicant(closed_tranche(), GoodPracticeFactory())
    url = reverse("admin:trajectories_trajectory_chosen_practices", args=[application.pk])
    client.force_login(UserFactory(roles=[Role.FINANCE], is_staff=True))
    assert client.get(url).status_code == 403
