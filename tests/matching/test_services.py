import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from lobmatch.models import Role
from partners.models import DeadlineExtension, PartnerApplication
from tests.concurrency import race
from tests.factories import (
    AdviserFactory,
    AmbassadorSchoolFactory,
    GoodPracticeFactory,
    PartnerApplicationFactory,
    PreferenceFactory,
    SchoolFactory,
    TrancheFactory,
    UserFactory,
)
from trajectories.models import Trajectory
from trajectories.services import matching as service

pytestmark = pytest.mark.django_db


def applicant(tranche, *practices, name=None):
    school = SchoolFactory(name=name) if name else SchoolFactory()
    app = PartnerApplicationFactory(tranche=tranche, school=school, status="submitted")
    for rank, practice in enumerate(practices, start=1):
        PreferenceFactory(application=app, practice=practice, rank=rank)
    return app


def closed_tranche(**kwargs):
    """A tranche whose deadline has passed: auto-match runs without asking."""
    return TrancheFactory(application_deadline=timezone.now() - dt.timedelta(days=1), **kwargs)


@pytest.fixture
def world():
    tranche = closed_tranche(ambassador_capacity=2, adviser_capacity=5)
    full_amb, other_amb = AmbassadorSchoolFactory(), AmbassadorSchoolFactory()
    popular = GoodPracticeFactory(ambassador=full_amb, title="Populair")
    spare = GoodPracticeFactory(ambassador=other_amb, title="Reserve")
    AdviserFactory()
    staff = UserFactory(roles=[Role.STAFF])
    return tranche, popular, spare, staff


def test_auto_match_fills_capacity_and_explains_the_blocking_schools(world):
    tranche, popular, spare, staff = world
    apps = [applicant(tranche, popular, spare, name=f"School {c}") for c in "ABC"]
    outcome = service.run_auto_match(tranche, by=staff)
    assert outcome["proposed"] == 3
    got_popular = Trajectory.objects.filter(practice=popular, status="proposed")
    assert got_popular.count() == 2
    loser = Trajectory.objects.get(practice=spare)
    holders = sorted(t.application.school.name for t in got_popular)
    assert f"capaciteit 2, bezet door {holders[0]} en {holders[1]}" in loser.explanation
    assert loser.score_details["choice"] == 2 and set(loser.score_details) >= {"rank", "expertise"}
    assert {a.pk for a in apps} == set(Trajectory.objects.values_list("application_id", flat=True))


def test_confirmed_matches_survive_a_rerun(world):
    tranche, popular, spare, staff = world
    for c in "AB":
        applicant(tranche, popular, name=f"School {c}")
    service.run_auto_match(tranche, by=staff)
    first = Trajectory.objects.filter(status="proposed").first()
    service.confirm(first, by=staff)
    assert PartnerApplication.objects.get(pk=first.application_id).status == "matched"
    service.run_auto_match(tranche, by=staff)
    first.refresh_from_db()
    assert first.status == "confirmed"
    assert Trajectory.objects.filter(status="proposed").count() == 1
    assert Trajectory.objects.filter(application=first.application).exclude(status="cancelled").count() == 1


def test_confirm_refuses_beyond_capacity(world):
    tranche, popular, spare, staff = world
    apps = [applicant(tranche, popular) for _ in range(3)]
    adviser = AdviserFactory()
    proposals = [Trajectory.objects.create(tranche=tranche, application=a, practice=popular, adviser=adviser)
                 for a in apps]
    service.confirm(proposals[0], by=staff)
    service.confirm(proposals[1], by=staff)
    with pytest.raises(service.MatchingError, match="vol"):
        service.confirm(proposals[2], by=staff)


def test_change_requires_a_reason_and_a_valid_alternative(world):
    tranche, popular, spare, staff = world
    applicant(tranche, popular, spare)
    service.run_auto_match(tranche, by=staff)
    proposal = Trajectory.objects.get(status="proposed")
    options = service.alternatives(proposal)
    other = next(o for o in options if o["practice_id"] != proposal.practice_id)
    with pytest.raises(service.MatchingError, match="reden"):
        service.change(proposal, practice_id=other["practice_id"], adviser_id=other["adviser_id"], reason="",
                       by=staff)
    service.change(proposal, practice_id=other["practice_id"], adviser_id=other["adviser_id"],
                   reason="school wil liever dichtbij", by=staff)
    proposal.refresh_from_db()
    assert proposal.practice_id == other["practice_id"] and "dichtbij" in proposal.explanation
    with pytest.raises(service.MatchingError):
        service.change(proposal, practice_id=GoodPracticeFactory().pk, adviser_id=other["adviser_id"],
                       reason="x", by=staff)


def test_publish_mails_the_pair_and_creates_meetings(world, mailoutbox, django_capture_on_commit_callbacks):
    tranche, popular, spare, staff = world
    applicant(tranche, popular)
    service.run_auto_match(tranche, by=staff)
    proposal = Trajectory.objects.get()
    service.confirm(proposal, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        service.publish(proposal, by=staff)
    assert proposal.meetings.count() == 5
    assert len(mailoutbox) == 1 and proposal.adviser.user.email in mailoutbox[0].to


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_confirmations_for_the_last_seat():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI always has it)")
    tranche = TrancheFactory(ambassador_capacity=1)
    practice = GoodPracticeFactory()
    staff = UserFactory(roles=[Role.STAFF])
    proposals = [Trajectory.objects.create(tranche=tranche, application=applicant(tranche, practice),
                                           practice=practice, adviser=AdviserFactory()) for _ in range(2)]
    outcomes = race(lambda trajectory: service.confirm(trajectory, by=staff), proposals,
                    refusals=(service.MatchingError,))
    outcomes = [str(o) if isinstance(o, service.MatchingError) else "ok" for o in outcomes]
    assert outcomes.count("ok") == 1 and any("vol" in o for o in outcomes)
    assert Trajectory.objects.filter(status="confirmed").count() == 1


@pytest.mark.parametrize("n", [1, 30])
def test_matching_page_and_changelist_constant_queries(client, django_assert_max_num_queries, world, n):
    tranche, popular, spare, staff = world
    for _ in range(n):
        applicant(tranche, popular, spare)
    service.run_auto_match(tranche, by=staff)
    client.force_login(staff)
    with django_assert_max_num_queries(16):
        assert client.get(f"/admin/trajectories/trajectory/koppelen/{tranche.pk}/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/admin/trajectories/trajectory/").status_code == 200


def test_matching_page_is_staff_only(client, world):
    tranche, *_rest = world
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    response = client.get(f"/admin/trajectories/trajectory/koppelen/{tranche.pk}/")
    assert response.status_code in (302, 403)


def test_a_proposal_cannot_be_moved_into_a_full_ambassador_school(world, client):
    """Two proposals fill the popular school; moving a third school there is refused, naming who holds the seats,
    so that confirming the whole selection afterwards never pushes a school out."""
    tranche, popular, spare, staff = world
    for c in "AB":
        applicant(tranche, popular, name=f"School {c}")
    third = applicant(tranche, spare, popular, name="School C")
    service.run_auto_match(tranche, by=staff)
    proposal = Trajectory.objects.get(application=third)
    assert proposal.practice == spare
    options = service.alternatives(proposal)
    current = [o for o in options if o["current"]]
    assert len(current) == 1 and current[0]["practice_id"] == spare.pk and not current[0]["blocked"]
    into_full = next(o for o in options if o["practice_id"] == popular.pk)
    assert into_full["ambassador_free"] == 0 and into_full["ambassador_capacity"] == 2
    assert into_full["ambassador_holders"] == [("School A", "proposed"), ("School B", "proposed")]
    assert into_full["adviser_load"] == 2 and into_full["adviser_capacity"] == 5  # A and B; C's own seat not counted
    assert "vol: capaciteit 2, bezet door School A (voorgesteld) en School B (voorgesteld)" in into_full["blocked"]
    with pytest.raises(service.MatchingError, match=r"vol: capaciteit 2, bezet door School A \(voorgesteld\)"):
        service.change(proposal, practice_id=popular.pk, adviser_id=into_full["adviser_id"],
                       reason="school wil toch de populaire route", by=staff)
    proposal.refresh_from_db()
    assert proposal.practice == spare

    # The admin page shows the service's refusal and every option's seats and load.
    client.force_login(staff)
    url = f"/admin/trajectories/trajectory/koppelen/voorstel/{proposal.pk}/wijzigen/"
    page = client.get(url).content.decode()
    assert "huidig voorstel" in page and "vol (2 van 2)" in page and "School A (voorgesteld)" in page
    assert "2 van 5" in page  # the adviser's load: A and B
    # a full option cannot be picked (its row says why); the current one and the free ones can
    radios = dict(re.findall(r'<input type="radio" name="option" value="([^"]+)"[^>]*?( disabled)?>', page))
    assert radios[f"{popular.pk}:{into_full['adviser_id']}"] == " disabled"
    assert radios[f"{spare.pk}:{current[0]['adviser_id']}"] == ""
    response = client.post(url, {"option": f"{popular.pk}:{into_full['adviser_id']}", "reason": "toch populair"})
    body = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in body
    assert "is vol: capaciteit 2, bezet door School A (voorgesteld) en School B (voorgesteld)" in body
    assert "toch populair" in body  # the typed reason stays
    # Confirming the whole selection now succeeds for all three: nobody lost a place.
    done, errors = service.confirm_many(Trajectory.objects.filter(status="proposed"), by=staff)
    assert (done, errors) == (3, [])


def test_staff_can_pick_any_adviser_the_rules_allow_not_only_the_five_best(world, client):
    tranche, popular, spare, staff = world
    proposal_app = applicant(tranche, popular, spare, name="School D")
    for _ in range(7):
        AdviserFactory()
    far = AdviserFactory(user__first_name="Zeno", user__last_name="Zuid", provinces=[])
    tied = AdviserFactory(user__first_name="Yara", user__last_name="Ygrek")
    tied.ties.add(proposal_app.school)
    full = AdviserFactory(user__first_name="Vera", user__last_name="Vol", capacity=0)
    service.run_auto_match(tranche, by=staff)
    proposal = Trajectory.objects.get(application=proposal_app)
    shown = service.shortlist(service.alternatives(proposal, limit=0))
    assert far.pk not in {o["adviser_id"] for o in shown}  # the table keeps five per choice

    client.force_login(staff)
    url = f"/admin/trajectories/trajectory/koppelen/voorstel/{proposal.pk}/wijzigen/"
    page = client.get(url).content.decode()
    assert "Zeno Zuid" in page and "Yara Ygrek" not in page  # a tied adviser is not offered at all
    assert re.search(rf'<option value="{full.pk}"[^>]* disabled>Vera Vol \(0 van 0, vol\)', page)  # nor a full one
    # the combination without an adviser: told what is missing, the reason kept
    body = client.post(url, {"option": "anders", "practice": spare.pk, "adviser": "",
                             "reason": "adviseur kent de regio"}).content.decode()
    assert "een adviseur" in body and "adviseur kent de regio" in body
    # a tied adviser posted by hand: the service's own refusal
    body = client.post(url, {"option": "anders", "practice": spare.pk, "adviser": tied.pk,
                             "reason": "adviseur kent de regio"}).content.decode()
    assert f"Yara Ygrek heeft een band met {proposal_app.school} en begeleidt deze koppeling niet." in body
    proposal.refresh_from_db()
    assert proposal.adviser_id not in {far.pk, tied.pk}
    response = client.post(url, {"option": "anders", "practice": spare.pk, "adviser": far.pk,
                                 "reason": "adviseur kent de regio"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.practice_id, proposal.adviser_id) == (spare.pk, far.pk)
    assert "adviseur kent de regio" in proposal.explanation


def test_a_change_into_a_free_seat_is_accepted_and_holds_it(world):
    tranche, popular, spare, staff = world
    first = applicant(tranche, popular, name="School A")
    second = applicant(tranche, spare, popular, name="School B")
    service.run_auto_match(tranche, by=staff)
    moved = Trajectory.objects.get(application=second)
    option = next(o for o in service.alternatives(moved) if o["practice_id"] == popular.pk)
    assert option["ambassador_free"] == 1 and not option["blocked"]
    service.change(moved, practice_id=popular.pk, adviser_id=option["adviser_id"], reason="dichterbij", by=staff)
    late = applicant(tranche, spare, popular, name="School C")
    proposal = Trajectory.objects.create(tranche=tranche, application=late, practice=spare,
                                         adviser=moved.adviser)
    full = next(o for o in service.alternatives(proposal) if o["practice_id"] == popular.pk)
    assert full["blocked"] and "School A (voorgesteld) en School B (voorgesteld)" in full["blocked"]
    assert first.pk != second.pk


def test_auto_match_before_the_deadline_needs_an_explicit_yes_and_marks_its_proposals(client):
    """Before the deadline (or while an extension runs) auto-match asks first, and what it proposes is marked."""
    deadline = timezone.now() + dt.timedelta(days=21)
    tranche = TrancheFactory(application_deadline=deadline)
    practice = GoodPracticeFactory()
    AdviserFactory()
    staff = UserFactory(roles=[Role.STAFF])
    early = applicant(tranche, practice, name="Vroege School")
    with pytest.raises(service.MatchingError, match="kan nog tot"):
        service.run_auto_match(tranche, by=staff)
    assert not Trajectory.objects.exists()
    outcome = service.run_auto_match(tranche, by=staff, before_close=True)
    assert outcome["proposed"] == 1 and outcome["before_close"]
    assert service.with_early_mark(Trajectory.objects.all()).get(application=early).before_close

    # The matching page says so and the button needs the tick; the changelist shows the mark.
    client.force_login(staff)
    url = f"/admin/trajectories/trajectory/koppelen/{tranche.pk}/"
    page = client.get(url).content.decode()
    assert "De aanmelding is nog open." in page and 'name="before_close"' in page and "vóór deadline" in page
    response = client.post(url, {"do": "auto"}, follow=True)
    assert "Bevestig dat u toch nu een koppelvoorstel wilt maken" in response.content.decode()
    response = client.post(url, {"do": "auto", "before_close": "1"}, follow=True)
    assert "1 voorstel gemaakt" in response.content.decode()
    changelist = client.get("/admin/trajectories/trajectory/").content.decode()
    # in words: the admin's yes/no icons say "True"/"False" to a screen reader whatever the language
    assert ">Vóór deadline<" in changelist and '<td class="field-before_close">ja</td>' in changelist
    assert 'alt="True"' not in changelist

    # An extension beyond the deadline keeps the round open; once it has passed, auto-match runs without asking and
    # its proposals carry no mark.
    other = SchoolFactory()
    DeadlineExtension.objects.create(tranche=tranche, school=other, until=deadline + dt.timedelta(days=2),
                                     reason="ziekte", granted_by=staff)
    with time_machine.travel(deadline + dt.timedelta(days=1)), pytest.raises(service.MatchingError,
                                                                            match="kan nog tot"):
        service.run_auto_match(tranche, by=staff)
    with time_machine.travel(deadline + dt.timedelta(days=3)):
        assert service.run_auto_match(tranche, by=staff)["before_close"] is False
        assert not service.with_early_mark(Trajectory.objects.filter(status="proposed")).get().before_close
        page = client.get(url).content.decode()
        assert "De aanmelding is nog open." not in page and 'name="before_close"' not in page


def test_the_admin_forms_obey_the_seat_rule(world, client):
    """Editing a trajectory in the admin cannot move it (that goes through "wijzigen", with a reason and the seat
    rule), and a proposal added by hand into a full ambassador school is refused with the service's message."""
    tranche, popular, spare, staff = world
    holders = [applicant(tranche, popular, name=f"School {c}") for c in "AB"]
    service.run_auto_match(tranche, by=staff)
    proposal = Trajectory.objects.get(application=holders[0])
    client.force_login(staff)
    page = client.get(f"/admin/trajectories/trajectory/{proposal.pk}/change/").content.decode()
    assert 'name="practice"' not in page and 'name="adviser"' not in page
    late = applicant(tranche, popular, name="School C")
    response = client.post("/admin/trajectories/trajectory/add/", {
        "tranche": tranche.pk, "application": late.pk, "practice": popular.pk, "adviser": proposal.adviser_id})
    assert response.status_code == 200
    assert "bezet door School A (voorgesteld) en School B (voorgesteld)" in response.content.decode()
    assert not Trajectory.objects.filter(application=late).exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_changes_into_the_last_seat():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI always has it)")
    tranche = closed_tranche(ambassador_capacity=2)
    wanted = GoodPracticeFactory(ambassador=AmbassadorSchoolFactory(capacity=1))
    spare = GoodPracticeFactory()
    adviser = AdviserFactory()
    staff = UserFactory(roles=[Role.STAFF])
    proposals = [Trajectory.objects.create(tranche=tranche, application=applicant(tranche, spare, wanted),
                                           practice=spare, adviser=adviser) for _ in range(2)]
    outcomes = race(lambda trajectory: service.change(trajectory, practice_id=wanted.pk, adviser_id=adviser.pk,
                                                      reason="liever deze", by=staff),
                    proposals, refusals=(service.MatchingError,))
    outcomes = [str(o) if isinstance(o, service.MatchingError) else "ok" for o in outcomes]
    assert outcomes.count("ok") == 1 and any("is vol: capaciteit 1" in o for o in outcomes)
    assert Trajectory.objects.filter(practice=wanted).count() == 1
