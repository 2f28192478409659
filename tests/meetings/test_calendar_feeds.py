"""Personal calendar feeds: an unguessable, revocable, renewable token; only the meetings the person is expected
at; no one's personal data but the organising adviser's; a constant number of queries for an adviser with many
pairs."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lobmatch.models import Role
from tests.factories import MeetingFactory, TrajectoryFactory, UserFactory, WorkingGroupMemberFactory
from tests.meetings.helpers import NOW, kickoff, pair, propose
from trajectories.models import Meeting
from trajectories.services import planning

pytestmark = pytest.mark.django_db


def feed_of(client, feed):
    return client.get(reverse("trajectories:feed", args=[feed.token]))


def uids(response):
    return {str(e["UID"]) for e in Calendar.from_ical(response.content).events}


def test_a_feed_lists_only_the_meetings_its_person_is_expected_at(client):
    trajectory = TrajectoryFactory()
    member = WorkingGroupMemberFactory(application=trajectory.application, email="Lid@School.example")
    kickoff = MeetingFactory(trajectory=trajectory, kind=Meeting.Kind.KICKOFF, number=0)
    first = MeetingFactory(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=1)
    second = MeetingFactory(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=2)
    closing = MeetingFactory(trajectory=trajectory, kind=Meeting.Kind.CLOSING, number=0)
    MeetingFactory(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=3, planned_start=None)
    MeetingFactory(trajectory__application__school_leader_email="leider@ander.example",
                   trajectory__application__project_leader_email="pl@ander.example")  # another pair's
    uid = {m: f"meeting-{m.pk}@lobmatch" for m in (kickoff, first, second, closing)}

    adviser = planning.live_feed(user=trajectory.adviser.user)
    assert uids(feed_of(client, adviser)) == set(uid.values())
    member_feed = planning.live_feed(email=member.email)
    assert uids(feed_of(client, member_feed)) == {uid[first], uid[second]}  # the sessions
    leader = planning.live_feed(email="karel@example.org")  # the school leader: kickoff, session 1, closing
    assert uids(feed_of(client, leader)) == {uid[kickoff], uid[first], uid[closing]}
    stranger = planning.live_feed(user=UserFactory())
    assert uids(feed_of(client, stranger)) == set()

    content = feed_of(client, member_feed).content.decode()
    # a published event names its organiser, the adviser, and no attendees (iTIP, RFC 5546 3.2.1): nobody else's
    # address, also not the ambassador's (the invitations name the attendees)
    events = Calendar.from_ical(content).events
    assert events and all(str(e["ORGANIZER"]) == f"mailto:{trajectory.adviser.user.email}" for e in events)
    assert all("ATTENDEE" not in e for e in events)
    contacts = list(trajectory.practice.ambassador.contacts.values_list("email", flat=True))
    for address in ["petra@example.org", "karel@example.org", trajectory.practice.contact_email, *contacts]:
        assert not address or address not in content


def test_feed_tokens_are_unguessable_revocable_renewable_and_404_for_anyone_elses(client):
    meeting = MeetingFactory()
    user = meeting.trajectory.adviser.user
    feed = planning.live_feed(user=user)
    other = planning.live_feed(user=UserFactory())
    assert len(feed.secret) >= 43 and planning.live_feed(user=user) == feed
    assert feed_of(client, feed).status_code == 200
    response = feed_of(client, feed)
    assert response["Content-Type"].startswith("text/calendar") and "no-store" in response["Cache-Control"]
    for token in (f"{other.pk}.{feed.secret}", f"{feed.pk}.{other.secret}", f"{feed.pk}.{feed.secret}x"):
        assert client.get(reverse("trajectories:feed", args=[token])).status_code == 404
    renewed = planning.renew_feed(user=user)
    assert renewed.token != feed.token
    assert feed_of(client, feed).status_code == 404 and feed_of(client, renewed).status_code == 200
    planning.revoke_feed(renewed)
    assert feed_of(client, renewed).status_code == 404
    current = planning.renew_feed(user=user)
    user.is_active = False
    user.save()
    assert feed_of(client, current).status_code == 404  # a deactivated account's feed stops too


def test_the_feed_page_gives_the_https_address_to_paste_beside_the_webcal_button(client):
    """Android and Google Calendar open no webcal:// link; they subscribe to the https address "from a URL"."""
    user = UserFactory()
    client.force_login(user)
    feed = planning.renew_feed(user=user)
    html = client.get(reverse("trajectories:my_feed")).content.decode()
    https = f"http://testserver/trajecten/agenda/{feed.token}.ics"  # the test client's scheme; https in production
    assert f'href="webcal://testserver/trajecten/agenda/{feed.token}.ics"' in html
    assert f'id="feed-url" class="form-control" readonly value="{https}"' in html
    response = client.get(https)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    secure = client.get(reverse("trajectories:my_feed"), secure=True).content.decode()
    assert f'value="https://testserver/trajecten/agenda/{feed.token}.ics"' in secure


def test_a_person_without_an_account_gets_both_addresses_on_the_answer_page(client):
    with time_machine.travel(NOW, tick=False):
        poll, _warnings = propose(kickoff(pair()))
        participant = poll.participants.exclude(role="adviser").first()
        page = reverse("trajectories:poll_answer", args=[participant.token])
        client.post(page, {"feed": "renew"})
        feed = planning.current_feed(email=participant.email)
        html = client.get(page).content.decode()
    assert f'href="webcal://testserver/trajecten/agenda/{feed.token}.ics"' in html
    assert f'readonly value="http://testserver/trajecten/agenda/{feed.token}.ics"' in html


def test_the_user_renews_and_revokes_the_feed_on_their_page(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("trajectories:my_feed"))
    assert page.status_code == 200 and "webcal://" not in page.content.decode()
    client.post(reverse("trajectories:my_feed"), {"feed": "renew"})
    feed = user.calendar_feeds.get(revoked_at__isnull=True)
    assert f"webcal://testserver/trajecten/agenda/{feed.token}.ics" in client.get(
        reverse("trajectories:my_feed")).content.decode()
    client.post(reverse("trajectories:my_feed"), {"feed": "revoke"})
    assert feed_of(client, feed).status_code == 404


def said(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("where", ["own page", "answer page"])
def test_making_renewing_and_revoking_a_calendar_link_each_say_what_happened(client, where):
    """Without a word the person cannot tell whether the link in their calendar still works; and the first link
    replaces no old one."""
    if where == "own page":
        client.force_login(UserFactory())
        url = reverse("trajectories:my_feed")
    else:  # the personal answer page: no account
        with time_machine.travel(NOW, tick=False):
            poll, _warnings = propose(kickoff(pair()))
        url = reverse("trajectories:poll_answer", args=[poll.participants.get(email="karel@example.org").token])
        # before there is a link, the page says what one is for
        assert "Zie alle bijeenkomsten waarbij u wordt verwacht" in client.get(url).content.decode()
    assert said(client.post(url, {"feed": "renew"}, follow=True)) == [
        "Uw agendalink is klaar: voeg hem toe aan uw agenda."]
    assert said(client.post(url, {"feed": "renew"}, follow=True)) == [
        "U hebt een nieuwe agendalink; de oude werkt niet meer."]
    assert said(client.post(url, {"feed": "revoke"}, follow=True)) == ["De agendalink is ingetrokken."]


@pytest.mark.parametrize("pairs", [1, 40])
def test_an_advisers_feed_takes_a_constant_number_of_queries(client, django_assert_max_num_queries, pairs):
    first = MeetingFactory(planned_start=dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC))
    adviser = first.trajectory.adviser
    for _ in range(pairs - 1):
        trajectory = TrajectoryFactory(adviser=adviser)
        for number in (1, 2, 3):
            MeetingFactory(trajectory=trajectory, number=number)
    feed = planning.live_feed(user=adviser.user)
    # The token, the adviser's trajectories, their meetings, those trajectories once each, the ambassadors' contacts.
    with django_assert_max_num_queries(5):
        response = feed_of(client, feed)
    assert len(Calendar.from_ical(response.content).events) == 1 + 3 * (pairs - 1)


def test_a_change_to_a_meeting_or_a_name_shows_in_the_feed_at_once(client):
    meeting = MeetingFactory(location="Aula")
    feed = planning.live_feed(user=meeting.trajectory.adviser.user)
    assert "Aula" in feed_of(client, feed).content.decode()
    planning.plan_meeting(meeting, start=meeting.planned_start + dt.timedelta(days=1), duration_minutes=120,
                          location="Mediatheek", by=meeting.trajectory.adviser.user)
    [event] = Calendar.from_ical(feed_of(client, feed).content).events
    assert str(event["LOCATION"]) == "Mediatheek" and event["SEQUENCE"] == 1
    school = meeting.trajectory.application.school
    school.name = "Het Nieuwe Lyceum"
    school.save()
    assert "Het Nieuwe Lyceum" in feed_of(client, feed).content.decode()


def test_the_feed_page_says_how_many_meetings_it_holds_and_why_none(client):
    trajectory = TrajectoryFactory()
    MeetingFactory(trajectory=trajectory, kind=Meeting.Kind.KICKOFF, number=0)
    MeetingFactory(trajectory=trajectory, kind=Meeting.Kind.SESSION, number=1)
    client.force_login(trajectory.adviser.user)
    page = client.get(reverse("trajectories:my_feed")).content.decode()
    # no link yet: no agenda to speak of, but what a link would show
    assert "Maakt u een agendalink, dan ziet u daarin nu 2 bijeenkomsten." in page
    page = client.post(reverse("trajectories:my_feed"), {"feed": "renew"}, follow=True).content.decode()
    # both two days ago: they stay in the calendar, and the page says none is still to come
    assert "Er staan nu 2 bijeenkomsten in." in page and "Geen daarvan komt nog." in page
    Meeting.objects.filter(trajectory=trajectory, kind=Meeting.Kind.SESSION).update(
        planned_start=timezone.now() + dt.timedelta(days=3))
    page = client.get(reverse("trajectories:my_feed")).content.decode()
    assert "Er staan nu 2 bijeenkomsten in." in page and "Daarvan komt er nog 1." in page
    # a school contact who is neither project leader, school leader nor in the working group: told why it is empty
    contact = UserFactory(email="contact@school.example")
    client.force_login(contact)
    page = client.get(reverse("trajectories:my_feed")).content.decode()
    assert "Er is nu geen geplande bijeenkomst waarbij u wordt verwacht." in page
    assert "contact@school.example wordt verwacht" in page
    assert 'id="feed-trajectories"' not in page  # a trajectory of another school is none of theirs
    page = client.post(reverse("trajectories:my_feed"), {"feed": "renew"}, follow=True).content.decode()
    assert "Er staat nu geen enkele bijeenkomst in." in page
    # the account that applied for the school, named nowhere in the application: pointed to its trajectory's page
    application = trajectory.application
    application.created_by = UserFactory(email="aanmelder@school.example", roles=[Role.SCHOOL_CONTACT])
    application.save()
    client.force_login(application.created_by)
    page = client.get(reverse("trajectories:my_feed")).content.decode()
    assert "Er is nu geen geplande bijeenkomst waarbij u wordt verwacht." in page
    assert "De bijeenkomsten van dit traject ziet u op de trajectpagina:" in page
    assert reverse("trajectories:trajectory_detail", args=[trajectory.pk]) in page


def test_a_person_with_an_account_has_one_link_and_a_poll_link_neither_shows_nor_makes_another(client):
    """Revoking the link on the account page left a second one live that the poll page had made for the same address
    (the poll page kept links per address, the account page per account)."""
    with time_machine.travel(NOW, tick=False):
        poll, _warnings = propose(kickoff(pair()))
    participant = poll.participants.get(email="karel@example.org")
    page = reverse("trajectories:poll_answer", args=[participant.token])
    before_account = planning.live_feed(email=participant.email)  # made while the address had no account
    assert feed_of(client, before_account).status_code == 200
    user = UserFactory(email="Karel@Example.org")

    assert feed_of(client, before_account).status_code == 404  # the account's link is the only one now
    html = client.get(page).content.decode()
    assert "U hebt een account bij LOB-match" in html and reverse("trajectories:my_feed") in html
    assert 'name="feed"' not in html and "webcal://" not in html
    assert said(client.post(page, {"feed": "renew"}, follow=True)) == [
        "Dit adres hoort bij een account. Uw agendalink maakt en beheert u na het inloggen, op de pagina Uw agenda."]
    with pytest.raises(planning.FeedError):
        planning.live_feed(email="karel@example.org")
    assert not user.calendar_feeds.exists() and planning.current_feed(email=participant.email) is None

    own = planning.live_feed(user=user)
    assert feed_of(client, own).status_code == 200
    planning.revoke_feed(own)
    assert all(feed_of(client, feed).status_code == 404 for feed in planning.CalendarFeed.objects.all())
    # without an active account the address manages its link on the poll page again
    user.is_active = False
    user.save()
    assert 'name="feed" value="renew"' in client.get(page).content.decode()


def test_the_menu_leads_to_the_agenda_of_everyone_expected_at_meetings(client):
    """The agenda page was reachable only from the start page's panel."""
    trajectory = TrajectoryFactory()
    link = f'<a class="nav-link" href="{reverse("trajectories:my_feed")}">Agenda</a>'
    for user in (trajectory.adviser.user, trajectory.application.created_by):
        client.force_login(user)
        assert link in client.get(reverse("start")).content.decode()
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    assert link not in client.get(reverse("start")).content.decode()
