"""The poll pages show every answer as it stands: the person's own page keeps their answer checked (and marks the
slots a post got wrong), the adviser's page says per slot who answered what and who has not answered yet. Both
are written as plain HTML (no widget templates), so these tests hold the markup to what the form means."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from tests.factories import MeetingFactory, TrajectoryFactory
from tests.meetings.helpers import AMS, NOW, OCT, kickoff, pair, propose
from trajectories.services import planning

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll():
    with time_machine.travel(NOW, tick=False):
        poll, _warnings = propose(kickoff(pair(members=0)))
        yield poll


def radios(html):
    return {(r["name"], r["value"]): r for r in (dict(re.findall(r'([\w-]+)(?:="([^"]*)")?', tag))
                                                for tag in re.findall(r'<input type="radio"[^>]*>', html))}


def test_the_answer_page_checks_the_persons_own_answer_and_labels_every_choice(client, poll):
    petra = poll.participants.get(email="petra@example.org")
    first, second, third = poll.slots.all()
    planning.answer(petra.token, {first.pk: "yes", second.pk: "maybe", third.pk: "no"})
    html = client.get(reverse("trajectories:poll_answer", args=[petra.token])).content.decode()
    found = radios(html)
    assert len(found) == 9
    checked = {name: value for (name, value), attrs in found.items() if "checked" in attrs}
    assert checked == {f"slot_{first.pk}": "yes", f"slot_{second.pk}": "maybe", f"slot_{third.pk}": "no"}
    for (_name, value), attrs in found.items():
        assert "required" in attrs and "aria-invalid" not in attrs
        label = re.search(rf'<label class="btn btn-outline-primary" for="{attrs["id"]}">([^<]+)</label>', html)
        assert label and label.group(1) == {"yes": "ja", "maybe": "zo nodig", "no": "nee"}[value]
    assert len({attrs["id"] for attrs in found.values()}) == 9  # each label points at its own radio


def test_a_wrong_post_keeps_the_good_answers_and_marks_the_slots_it_got_wrong(client, poll):
    karel = poll.participants.get(email="karel@example.org")
    first, second, third = poll.slots.all()
    response = client.post(reverse("trajectories:poll_answer", args=[karel.token]),
                           {f"slot_{first.pk}": "maybe", f"slot_{second.pk}": "perhaps"})
    assert response.status_code == 400
    html = response.content.decode()
    found = radios(html)
    assert {name for (name, _v), attrs in found.items() if "checked" in attrs} == {f"slot_{first.pk}"}
    assert "checked" in found[(f"slot_{first.pk}", "maybe")]
    wrong = {name for (name, _v), attrs in found.items() if attrs.get("aria-invalid") == "true"}
    assert wrong == {f"slot_{second.pk}", f"slot_{third.pk}"}
    for slot in (second, third):
        assert f'aria-describedby="id_slot_{slot.pk}_error"' in html and f'id="id_slot_{slot.pk}_error"' in html
    assert not karel.answers.exists()


def test_the_advisers_page_says_per_slot_who_answered_what(client, poll):
    first, second, third = poll.slots.all()
    petra, karel = poll.participants.get(email="petra@example.org"), poll.participants.get(email="karel@example.org")
    planning.answer(petra.token, {first.pk: "yes", second.pk: "maybe", third.pk: "no"})
    client.force_login(poll.created_by)
    html = client.get(reverse("trajectories:poll_detail", args=[poll.pk])).content.decode()
    lists = re.findall(r'<ul class="mb-2">(.*?)</ul>', html)
    assert len(lists) == 3
    for items, said in zip(lists, ["ja", "zo nodig", "nee"], strict=True):
        # at the kickoff everyone is required: no word marks it on every line
        assert f"<li>{petra.name} (projectleider): {said}</li>" in items
        assert f"<li>{karel.name} (schoolleider): geen antwoord</li>" in items
    not_answered = re.search(r"<strong>Nog niet geantwoord:</strong> ([^<]+)</p>", html).group(1)
    assert f"{karel.name} (schoolleider)" in not_answered and petra.name not in not_answered
    assert "dinsdag 6 oktober 2026, 14:00" in html and "6 oktober 14:00" in html


def test_the_advisers_poll_page_keeps_warning_about_a_slot_that_overlaps_another_meeting(client):
    """Shown once as a message, the warning was gone when the adviser came back to choose: the overlapping slot
    looked as good as the others."""
    with time_machine.travel(NOW, tick=False):
        trajectory = pair(members=0)
        other = MeetingFactory(trajectory=TrajectoryFactory(adviser=trajectory.adviser), planned_start=OCT[0])
        poll, _warnings = propose(kickoff(trajectory))
        client.force_login(trajectory.adviser.user)
        page = client.get(reverse("trajectories:poll_detail", args=[poll.pk])).content.decode()
        assert page.count("overlapt met uw") == 1
        assert "Kiest u een tijdstip, dan sluit de peiling en ontvangt iedereen" in page  # what a tap sets off
        assert f"dinsdag 6 oktober 2026 14:00 overlapt met uw {other} bij {other.trajectory.application.school.name}" \
            in page
        planning.choose_slot(poll, poll.slots.get(start=OCT[1]), by=trajectory.adviser.user)
        page = client.get(reverse("trajectories:poll_detail", args=[poll.pk])).content.decode()
        assert "overlapt met uw" not in page and "Kiest u een tijdstip" not in page  # closed: nothing to choose


def test_the_answer_page_says_who_the_other_people_expected_are(client, poll):
    karel = poll.participants.get(email="karel@example.org")
    adviser = poll.meeting.trajectory.adviser.user
    page = client.get(reverse("trajectories:poll_answer", args=[karel.token])).content.decode()
    assert f"{adviser.get_full_name()} (adviseur)" in page and "Petra de Vries (projectleider)" in page
    assert "Anna Amba (ambassadeur)" in page and "petra@example.org" not in page  # names, never addresses


def test_after_the_choice_the_answer_page_says_when_the_meeting_is(client, poll):
    """Someone who answered and comes back learns the time chosen (or that it was cancelled), not only that an
    invitation went out."""
    karel = poll.participants.get(email="karel@example.org")
    adviser = poll.meeting.trajectory.adviser.user
    url = reverse("trajectories:poll_answer", args=[karel.token])
    with time_machine.travel(NOW, tick=False):
        planning.choose_slot(poll, poll.slots.get(start=OCT[1]), by=adviser)
        page = client.get(url).content.decode()
        assert "De bijeenkomst is gepland op woensdag 7 oktober 2026, 14:00. U ontvangt" in page
        assert page.count("Locatie: Aula.") == 1  # the poll's location, said once
        assert "Antwoord opslaan" not in page
        planning.plan_meeting(poll.meeting, start=OCT[2], duration_minutes=90, location="Mediatheek", by=adviser)
        page = client.get(url).content.decode()
        assert "De bijeenkomst is gepland op donderdag 8 oktober 2026, 14:00. Locatie: Mediatheek." in page
        planning.cancel_meeting(poll.meeting, by=adviser)
        assert "De bijeenkomst is geannuleerd." in client.get(url).content.decode()


def test_once_a_slot_is_chosen_the_advisers_page_says_which_and_suggests_nothing(client, poll):
    first, second, third = poll.slots.all()
    petra = poll.participants.get(email="petra@example.org")
    planning.answer(petra.token, {first.pk: "yes", second.pk: "no", third.pk: "no"})
    client.force_login(poll.created_by)
    url = reverse("trajectories:poll_detail", args=[poll.pk])
    assert "beste keuze" in client.get(url).content.decode()
    with time_machine.travel(NOW, tick=False):
        planning.choose_slot(poll, third, by=poll.created_by)  # not the suggested one
        html = client.get(url).content.decode()
    label = re.search(r'<h3 class="h5 card-title">([^<]+) <span class="badge text-bg-success">gekozen</span>', html)
    assert label is not None and f"<strong>Gekozen: {label.group(1)}</strong>" in html
    assert "8 oktober" in label.group(1)  # the third slot, OCT[2]
    assert "beste keuze" not in html and "Dit tijdstip kiezen" not in html


def test_at_a_session_the_required_people_are_marked_and_the_working_group_is_not(client):
    with time_machine.travel(NOW, tick=False):
        trajectory = pair(members=2)
        session = MeetingFactory(trajectory=trajectory, kind="session", number=2, planned_start=None,
                                 duration_minutes=90)
        poll, _warnings = planning.propose_slots(session, [dt.datetime(2026, 11, d, 14, tzinfo=AMS)
                                                           for d in (10, 11)],
                                                 duration_minutes=90, location="", by=trajectory.adviser.user)
    client.force_login(poll.created_by)
    html = client.get(reverse("trajectories:poll_detail", args=[poll.pk])).content.decode()
    items = re.findall(r'<ul class="mb-2">(.*?)</ul>', html)[0]
    assert "(projectleider, nodig): geen antwoord</li>" in items
    assert "<li>Lid 0 (werkgroeplid): geen antwoord</li>" in items and "werkgroeplid, nodig" not in items


def test_the_trajectory_page_shows_the_proposed_times_and_the_visitors_own_answer_link(client, poll):
    """The school sees which times are proposed, and a person asked finds their answer page without the mail."""
    trajectory = poll.meeting.trajectory
    contact = trajectory.application.created_by
    url = reverse("trajectories:trajectory_detail", args=[trajectory.pk])
    client.force_login(contact)
    page = client.get(url).content.decode()
    assert "Voorgestelde tijdstippen" in page and "di 6 oktober, 14:00; wo 7 oktober, 14:00; do 8 oktober, 14:00" in page
    assert "Mijn antwoord geven" not in page  # the contact's address is not among those asked
    contact.email = "Petra@example.org"  # the contact is the project leader
    contact.save()
    petra = poll.participants.get(email="petra@example.org")
    page = client.get(url).content.decode()
    assert reverse("trajectories:poll_answer", args=[petra.token]) in page and "Mijn antwoord geven" in page
    planning.answer(petra.token, {slot.pk: "yes" for slot in poll.slots.all()})
    assert "Mijn antwoord wijzigen" in client.get(url).content.decode()
    client.force_login(trajectory.adviser.user)  # the adviser has the poll page, not an answer link of their own
    page = client.get(url).content.decode()
    assert "Mijn antwoord" not in page and reverse("trajectories:poll_detail", args=[poll.pk]) in page


def test_the_answer_page_gives_each_time_from_start_to_end_as_the_mail_does(client, poll):
    petra = poll.participants.get(email="petra@example.org")
    html = client.get(reverse("trajectories:poll_answer", args=[petra.token])).content.decode()
    assert "dinsdag 6 oktober 2026, 14:00–15:30" in html  # a 90-minute poll
