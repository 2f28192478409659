"""Another adviser takes over a confirmed or running trajectory (the adviser falls ill or leaves, or a tie comes to
light): by the rules of matching, for a reason kept in the history, with what was logged left as it was. Each
planned meeting still to come moves to the new adviser in everyone's calendar: the former adviser gets one
cancellation, everyone expected one update of the same event, organised by the new adviser."""

import pytest
import time_machine
from django.urls import reverse

from lobmatch.models import OutboxMessage, Role
from tests.factories import AdviserFactory, UserFactory
from tests.meetings.helpers import NOW, OCT, event_of, invitations, kickoff, pair, propose
from trajectories.models import Meeting
from trajectories.services import matching as service
from trajectories.services import planning

pytestmark = pytest.mark.django_db


@pytest.fixture
def running():
    """A published trajectory with its kickoff planned in October and its first session held."""
    with time_machine.travel(NOW, tick=False):
        trajectory = pair()
        meeting = kickoff(trajectory)
        planning.plan_meeting(meeting, start=OCT[0], duration_minutes=90, location="Aula",
                              by=trajectory.adviser.user)
        held = Meeting.objects.create(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=1,
                                      status=Meeting.Status.HELD, logged_by=trajectory.adviser.user)
    return trajectory, meeting, held, UserFactory(roles=[Role.STAFF])


def test_the_new_adviser_takes_over_and_every_calendar_follows(running, client):
    trajectory, meeting, held, staff = running
    former = trajectory.adviser
    new = AdviserFactory(user__first_name="Joost", user__last_name="Visser", user__email="joost@adviseur.example")
    expected = {p.email for p in planning.expected_people(meeting)} - {former.user.email}
    with time_machine.travel(NOW, tick=False):  # a poll looking for another date is open
        poll, _warnings = propose(meeting, starts=OCT[1:])

    with time_machine.travel(NOW, tick=False):
        service.replace_adviser(trajectory, adviser_id=new.pk, reason="Marloes is langdurig ziek.", by=staff)
    trajectory.refresh_from_db()
    meeting.refresh_from_db()
    held.refresh_from_db()
    assert trajectory.adviser == new
    assert trajectory.history.first().history_change_reason == "Marloes is langdurig ziek."
    assert trajectory.history.first().history_user == staff
    assert held.logged_by == former.user  # what was logged stays as it was
    assert meeting.sequence == 1 and meeting.status == Meeting.Status.PLANNED and meeting.planned_start == OCT[0]

    (gone,) = invitations("meeting_handed_over")
    assert gone.payload["to"] == [former.user.email]
    _cal, event, _mime = event_of(gone)
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 1)
    updates = invitations("meeting_adviser_changed")
    assert sorted(m.payload["to"][0] for m in updates) == sorted(expected | {"joost@adviseur.example"})
    cal, event, _mime = event_of(updates[0])
    assert str(cal["METHOD"]) == "REQUEST" and int(event["SEQUENCE"]) == 1
    assert "joost@adviseur.example" in str(event["ORGANIZER"])
    assert event["UID"] == event_of(invitations("meeting_invitation")[0])[1]["UID"]  # the same event, moved on
    (told,) = OutboxMessage.objects.filter(payload__template="trajectory_adviser_changed")
    assert {former.user.email, "joost@adviseur.example"} <= set(told.payload["to"])

    # the open poll goes on in the new adviser's name, answers kept
    adviser_row = poll.participants.get(role="adviser")
    assert (adviser_row.email, adviser_row.name) == ("joost@adviseur.example", "Joost Visser")
    assert adviser_row.answers.count() == 2 and poll.participants.count() == len(expected) + 1

    # the new adviser reads and plans it; the former one no longer does, nor finds it in a calendar
    page = reverse("trajectories:trajectory_detail", args=[trajectory.pk])
    client.force_login(new.user)
    assert client.get(page).status_code == 200
    client.force_login(former.user)
    assert client.get(page).status_code == 404
    assert not planning.meetings_expected(former.user.email).filter(pk=meeting.pk).exists()
    assert planning.meetings_expected("joost@adviseur.example").filter(pk=meeting.pk).exists()


def test_by_the_rules_of_matching(running):
    trajectory, _meeting, _held, staff = running
    new = AdviserFactory()
    with pytest.raises(service.MatchingError, match="Geef een reden op"):
        service.replace_adviser(trajectory, adviser_id=new.pk, reason=" ", by=staff)
    with pytest.raises(service.MatchingError, match="is al de adviseur van dit traject"):
        service.replace_adviser(trajectory, adviser_id=trajectory.adviser_id, reason="ziek", by=staff)
    new.ties.add(trajectory.application.school)
    with pytest.raises(service.MatchingError, match="heeft een band met een van de scholen"):
        service.replace_adviser(trajectory, adviser_id=new.pk, reason="ziek", by=staff)
    full = AdviserFactory(capacity=1)
    other = pair()
    other.adviser, other.tranche = full, trajectory.tranche  # the one seat full has in this tranche
    other.save()
    with pytest.raises(service.MatchingError, match="heeft geen ruimte meer"):
        service.replace_adviser(trajectory, adviser_id=full.pk, reason="ziek", by=staff)
    holding = AdviserFactory(capacity=1)  # a proposal holds its seat, as on the matching page
    proposed = pair()
    proposed.adviser, proposed.tranche, proposed.status = holding, trajectory.tranche, "proposed"
    proposed.save()
    with pytest.raises(service.MatchingError, match="heeft geen ruimte meer"):
        service.replace_adviser(trajectory, adviser_id=holding.pk, reason="ziek", by=staff)
    assert next(o for o in service.adviser_options(trajectory) if o["adviser"] == holding)["why_not"] == "vol"
    inactive = AdviserFactory(active=False)
    with pytest.raises(service.MatchingError, match="Kies een actieve adviseur"):
        service.replace_adviser(trajectory, adviser_id=inactive.pk, reason="ziek", by=staff)
    trajectory.status = "proposed"
    trajectory.save()
    with pytest.raises(service.MatchingError, match="via ‘wijzigen’ op de koppelpagina"):
        service.replace_adviser(trajectory, adviser_id=AdviserFactory().pk, reason="ziek", by=staff)
    assert not invitations("meeting_handed_over")


def test_staff_hand_it_over_in_the_admin(running, client):
    trajectory, _meeting, _held, staff = running
    tied, free = AdviserFactory(user__first_name="Gebonden"), AdviserFactory(user__first_name="Vrij")
    tied.ties.add(trajectory.practice.ambassador.school)
    client.force_login(staff)
    change = client.get(reverse("admin:trajectories_trajectory_change", args=[trajectory.pk])).content.decode()
    url = reverse("admin:trajectories_trajectory_replace_adviser", args=[trajectory.pk])
    assert url in change and "Adviseur vervangen" in change
    page = client.get(url).content.decode()
    assert f'<option value="{tied.pk}" disabled>' in page and "band met een van de scholen" in page
    assert f'<option value="{free.pk}">' in page
    response = client.post(url, {"adviser": "", "reason": "De adviseur verhuist."})
    body = response.content.decode()
    assert response.status_code == 200 and "Kies een adviseur." in body and "De adviseur verhuist." in body
    response = client.post(url, {"adviser": str(free.pk), "reason": "De adviseur verhuist."}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"{free} begeleidt nu dit traject. Het koppel en beide adviseurs krijgen een mail."]
    trajectory.refresh_from_db()
    assert trajectory.adviser == free
    # a proposal has no such link (it changes on the matching page); someone without change rights no page
    trajectory.status = "proposed"
    trajectory.save()
    change = client.get(reverse("admin:trajectories_trajectory_change", args=[trajectory.pk])).content.decode()
    assert url not in change
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    assert client.get(url).status_code in (302, 403)  # to the admin's login: finance does not match


def test_a_confirmed_match_not_yet_announced_changes_adviser_without_a_mail(running):
    trajectory, _meeting, _held, staff = running
    trajectory.status = "confirmed"
    trajectory.save()
    new = AdviserFactory()
    service.replace_adviser(trajectory, adviser_id=new.pk, reason="Past beter in de regio.", by=staff)
    trajectory.refresh_from_db()
    assert trajectory.adviser == new and trajectory.explanation.startswith("Adviseur vervangen (was ")
    assert not OutboxMessage.objects.filter(payload__template="trajectory_adviser_changed").exists()

