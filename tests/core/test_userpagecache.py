"""Pages of logged-in users from the cache keyed by the PostgreSQL snapshot (lobmatch/pagecache.py).

A copy is served only to the same session, with the same cookies and URL, while no transaction has committed
anything; a served copy costs one query (the snapshot) and no session load. These tests need committed data, so
they run outside a test transaction (inside one the cache stands aside, which is tested too).
"""

import datetime as dt
import re
from decimal import Decimal as D

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lobmatch import pagecache
from lobmatch.models import Role
from partners.models import DeadlineExtension, PartnerApplication
from tests.factories import (
    AdviserFactory,
    GoodPracticeFactory,
    PartnerApplicationFactory,
    ReimbursementClaimFactory,
    SchoolFactory,
    TrajectoryFactory,
    TrancheFactory,
    UserFactory,
)
from tests.partners.helpers import complete_draft, form_data

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUEUE = "/trajecten/financien/declaraties/"
SNAPSHOT_ONLY = 1  # a served copy: the snapshot query, nothing else (not even the session)


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the user page cache works on PostgreSQL snapshots (CI always has PostgreSQL)")


def get(client, url, **kwargs):
    """The response and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    return response, len(queries)


def without_tokens(response) -> str:
    return TOKEN.sub("", response.content.decode())


def logged_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _finance(db):
    ReimbursementClaimFactory(status="submitted", amount=D("120.00"), submitted_at=timezone.now())
    return UserFactory(roles=[Role.FINANCE]), QUEUE


@pytest.fixture
def finance():
    return _finance(None)[0]


def _adviser(db):
    trajectory = TrajectoryFactory()
    return trajectory.adviser.user, reverse("trajectories:adviser_list")


def _school(db):
    TrancheFactory()
    GoodPracticeFactory()
    return UserFactory(roles=[Role.SCHOOL_CONTACT]), reverse("partners:start")


def _staff_applications(db):
    PartnerApplicationFactory(status=PartnerApplication.Status.SUBMITTED)
    return UserFactory(roles=[Role.STAFF], is_superuser=True), "/admin/partners/partnerapplication/"


def _staff_trajectories(db):
    TrajectoryFactory()
    return UserFactory(roles=[Role.STAFF], is_superuser=True), "/admin/trajectories/trajectory/"


MAIN_PAGES = [_finance, _adviser, _school, _staff_applications, _staff_trajectories]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("main_page", MAIN_PAGES, ids=lambda f: f.__name__.strip("_"))
def test_the_same_session_gets_the_page_again_for_one_query(main_page):
    user, url = main_page(None)
    client = logged_in(user)
    first, rendering = get(client, url)
    second, serving = get(client, url)
    assert first.status_code == second.status_code == 200
    assert rendering > SNAPSHOT_ONLY and serving == SNAPSHOT_ONLY
    assert without_tokens(first) == without_tokens(second)
    # Every CSRF input of the copy is fresh (a stale one would mean a form the cache does not recognise).
    fresh, stale = set(TOKEN.findall(second.content.decode())), set(TOKEN.findall(first.content.decode()))
    assert fresh and not fresh & stale
    # The copy carries the headers of the page (its language, frame and content-security rules, no caching).
    for header in ("Content-Type", "Content-Language", "X-Frame-Options", "Content-Security-Policy"):
        assert second[header] == first[header]
    assert "Cookie" in second["Vary"]
    assert pagecache.MARKER not in second.content.decode()


@pytest.mark.parametrize("committed", [
    pytest.param(True, marks=pytest.mark.django_db(transaction=True), id="committed"),
    # A snapshot does not show a transaction's own writes, so inside one (tests, scripts) the cache stands aside.
    pytest.param(False, marks=pytest.mark.django_db, id="inside-a-transaction"),
])
def test_a_change_gives_a_fresh_page(committed, finance):
    client = logged_in(finance)
    get(client, QUEUE)
    ReimbursementClaimFactory(status="submitted", amount=D("987.65"), submitted_at=timezone.now())
    response, queries = get(client, QUEUE)
    assert queries > SNAPSHOT_ONLY and "987,65" in response.content.decode()
    # Then served from the new snapshot; inside a transaction never.
    assert (get(client, QUEUE)[1] == SNAPSHOT_ONLY) is committed


@pytest.mark.django_db(transaction=True)
def test_a_copy_is_never_served_to_another_session_or_user(finance):
    first, same_user_elsewhere = logged_in(finance), logged_in(finance)
    other = logged_in(UserFactory(roles=[Role.FINANCE]))
    adviser = logged_in(AdviserFactory().user)
    get(first, QUEUE)
    assert get(first, QUEUE)[1] == SNAPSHOT_ONLY
    assert get(same_user_elsewhere, QUEUE)[1] > SNAPSHOT_ONLY
    assert get(other, QUEUE)[1] > SNAPSHOT_ONLY
    response, queries = get(adviser, QUEUE)
    assert response.status_code == 403 and queries > SNAPSHOT_ONLY
    response, queries = get(adviser, QUEUE)  # refusals are not kept: every one is decided again
    assert response.status_code == 403 and queries > SNAPSHOT_ONLY


@pytest.mark.django_db(transaction=True)
def test_a_role_taken_away_or_a_logout_ends_the_copy_at_once(finance):
    client = logged_in(finance)
    get(client, QUEUE)
    assert get(client, QUEUE)[1] == SNAPSHOT_ONLY
    finance.groups.remove(Group.objects.get(name=Role.FINANCE))
    assert client.get(QUEUE).status_code == 403

    staff = UserFactory(roles=[Role.STAFF], is_superuser=True)
    admin = logged_in(staff)
    cookie = admin.cookies[settings.SESSION_COOKIE_NAME].value
    get(admin, "/admin/partners/partnerapplication/")
    assert get(admin, "/admin/partners/partnerapplication/")[1] == SNAPSHOT_ONLY
    admin.post(reverse("account_logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert replay.get("/admin/partners/partnerapplication/").status_code == 302  # to the login page


@pytest.mark.django_db(transaction=True)
def test_no_copy_outlives_the_session(finance):
    client = logged_in(finance)
    session = client.session
    session.set_expiry(30)
    session.save()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        get(client, QUEUE)
        clock.shift(dt.timedelta(seconds=29))
        assert get(client, QUEUE)[1] == SNAPSHOT_ONLY
        clock.shift(dt.timedelta(seconds=2))
        response = client.get(QUEUE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_a_copy_of_the_form_ends_at_the_deadline_and_time_alone_ends_it_within_a_minute():
    deadline = timezone.now().replace(microsecond=0) + dt.timedelta(hours=1)
    TrancheFactory(application_deadline=deadline)
    GoodPracticeFactory()
    client = logged_in(UserFactory(roles=[Role.SCHOOL_CONTACT]))
    url = reverse("partners:start")
    closed = "is verstreken"
    with time_machine.travel(deadline - dt.timedelta(seconds=1), tick=False) as clock:
        first, _ = get(client, url)
        assert closed not in first.content.decode()
        clock.move_to(deadline)  # the deadline itself still counts: the copy is right
        assert get(client, url)[1] == SNAPSHOT_ONLY
        clock.move_to(deadline + dt.timedelta(seconds=1))
        after, queries = get(client, url)
    assert queries > SNAPSHOT_ONLY and closed in after.content.decode()

    with time_machine.travel(deadline + dt.timedelta(hours=1), tick=False) as clock:
        get(client, url)
        clock.shift(dt.timedelta(seconds=59))
        assert get(client, url)[1] == SNAPSHOT_ONLY
        clock.shift(dt.timedelta(seconds=2))
        assert get(client, url)[1] > SNAPSHOT_ONLY


@pytest.mark.django_db(transaction=True)
def test_a_waiting_message_is_shown_once_and_never_kept():
    TrancheFactory()
    practice = GoodPracticeFactory()
    client = logged_in(UserFactory(roles=[Role.SCHOOL_CONTACT]))
    saved = client.post(reverse("partners:start"), form_data([practice], school=SchoolFactory(), action="save"),
                        follow=True)
    assert "Uw concept is opgeslagen" in saved.content.decode()
    url = saved.redirect_chain[-1][0]
    again, _ = get(client, url)
    assert "Uw concept is opgeslagen" not in again.content.decode()
    assert get(client, url)[1] == SNAPSHOT_ONLY


@pytest.mark.django_db(transaction=True)
def test_a_served_copy_has_a_fresh_working_csrf_token(finance):
    claim = ReimbursementClaimFactory(status="submitted", amount=D("100.00"), submitted_at=timezone.now())
    client = logged_in(finance, enforce_csrf_checks=True)
    first, _ = get(client, QUEUE)
    second, queries = get(client, QUEUE)
    assert queries == SNAPSHOT_ONLY
    tokens = TOKEN.findall(second.content.decode())
    assert tokens and not set(tokens) & set(TOKEN.findall(first.content.decode()))
    decided = client.post(reverse("trajectories:finance_decide", args=[claim.pk]),
                          {"decision": "reject", "reason": "geen presentielijst", "csrfmiddlewaretoken": tokens[0]})
    assert decided.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "rejected"


@pytest.mark.django_db(transaction=True)
def test_each_language_and_each_host_has_its_own_copy(finance):
    client = logged_in(finance)
    dutch, _ = get(client, QUEUE)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english, queries = get(client, QUEUE)
    assert queries > SNAPSHOT_ONLY
    assert dutch["Content-Language"] == "nl" and english["Content-Language"] == "en"
    again, queries = get(client, QUEUE)
    assert again["Content-Language"] == "en" and queries == SNAPSHOT_ONLY
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]  # back to the account's language: the Dutch copy is still there
    again, queries = get(client, QUEUE)
    assert again["Content-Language"] == "nl" and queries == SNAPSHOT_ONLY
    assert get(client, QUEUE, HTTP_HOST="lobmatch.example.org")[1] > SNAPSHOT_ONLY
    assert get(client, QUEUE, secure=True)[1] > SNAPSHOT_ONLY


@pytest.mark.django_db(transaction=True)
def test_query_parameters_a_page_does_not_know_and_other_cookies_make_no_copies(finance):
    client = logged_in(finance)
    for url in (QUEUE + "?status=approved", QUEUE + "?status=approved&page=1"):
        get(client, url)
        assert get(client, url)[1] == SNAPSHOT_ONLY
    get(client, QUEUE + "?junk=1")
    assert get(client, QUEUE + "?junk=1")[1] > SNAPSHOT_ONLY
    get(client, QUEUE)
    client.cookies["tracking"] = "something else"
    assert get(client, QUEUE)[1] == SNAPSHOT_ONLY  # same copy: the key takes only the session and language


@pytest.mark.django_db(transaction=True)
def test_a_copy_is_for_get_alone(finance):
    client = logged_in(finance)
    get(client, QUEUE)
    with CaptureQueriesContext(connection) as queries:
        head = client.head(QUEUE)
    assert head.status_code == 405 and len(queries) > SNAPSHOT_ONLY  # as the view answers: it takes GET only


@pytest.mark.django_db(transaction=True)
def test_a_new_deployment_or_setting_never_gets_old_copies(finance, settings):
    client = logged_in(finance)
    get(client, QUEUE)
    assert get(client, QUEUE)[1] == SNAPSHOT_ONLY
    settings.LOBMATCH_REQUIRE_MFA = True  # finance must now set up a second factor first
    response = client.get(QUEUE)
    assert response.status_code == 302 and "2fa" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_a_message_kept_in_the_session_is_shown_once_and_never_kept(finance, settings):
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    claim = ReimbursementClaimFactory(status="submitted", amount=D("100.00"), submitted_at=timezone.now())
    client = logged_in(finance)
    get(client, QUEUE)
    client.post(reverse("trajectories:finance_decide", args=[claim.pk]), {"decision": "reject", "reason": "geen"})
    shown, queries = get(client, QUEUE)
    assert "Besluit vastgelegd" in shown.content.decode() and queries > SNAPSHOT_ONLY
    again, _ = get(client, QUEUE)
    assert "Besluit vastgelegd" not in again.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_that_changes_the_session_is_not_kept():
    """Typing survived a lost session: the form puts it back once (the session changes) and must not again."""
    TrancheFactory()
    GoodPracticeFactory()
    user = UserFactory(roles=[Role.SCHOOL_CONTACT])
    client = Client()
    client.post(reverse("partners:start"), {"motivation": "Teruggezette tekst", "action": "save"})
    client.force_login(user)
    session = client.session
    session["partners_pending_application"] = {"pk": None, "data": {"motivation": ["Teruggezette tekst"]}}
    session.save()
    restored, _ = get(client, reverse("partners:start"))
    assert "Teruggezette tekst" in restored.content.decode()
    again, queries = get(client, reverse("partners:start"))
    assert "Teruggezette tekst" not in again.content.decode() and queries > SNAPSHOT_ONLY


@pytest.mark.django_db(transaction=True)
def test_only_marked_pages_and_only_reads(finance):
    trajectory = TrajectoryFactory()
    adviser = logged_in(trajectory.adviser.user)
    detail = reverse("trajectories:trajectory_detail", args=[trajectory.pk])
    get(adviser, detail)
    assert get(adviser, detail)[1] > SNAPSHOT_ONLY
    client = logged_in(finance)
    get(client, QUEUE)
    with CaptureQueriesContext(connection) as queries:
        client.post(QUEUE)
    assert len(queries) > SNAPSHOT_ONLY  # a POST is never answered from the cache (this one is refused: 405)


@pytest.mark.django_db(transaction=True)
def test_a_page_whose_data_changed_while_it_was_rendered_is_not_kept(finance, monkeypatch):
    """The render began in snapshot A and a transaction committed while it ran (B): the page may show rows newer
    than A, so it must not be kept for a request that still sees A (one that began before that commit)."""
    from trajectories.views import finance as views

    seen = {"snapshot": "100:101:100"}
    monkeypatch.setattr(pagecache, "_snapshot", lambda: seen["snapshot"])
    render = views.render

    def render_while_a_commit_lands(*args, **kwargs):
        seen["snapshot"] = "101:101:"
        return render(*args, **kwargs)

    monkeypatch.setattr(views, "render", render_while_a_commit_lands)
    client = logged_in(finance)
    get(client, QUEUE)
    monkeypatch.setattr(views, "render", render)
    seen["snapshot"] = "100:101:100"  # a request that took its snapshot before the commit
    assert get(client, QUEUE)[1] > SNAPSHOT_ONLY


@pytest.mark.django_db(transaction=True)
def test_the_pages_work_while_the_cache_is_down_or_holds_something_odd(finance, monkeypatch):
    calls = []

    def down(*args, **kwargs):
        calls.append(args)
        raise ConnectionError("redis is down")

    client = logged_in(finance)
    monkeypatch.setattr(pagecache.cache, "get", down)
    monkeypatch.setattr(pagecache.cache, "set", down)
    assert client.get(QUEUE).status_code == 200
    assert client.get(QUEUE).status_code == 200
    assert len(calls) >= 2  # the middleware did go to the cache
    monkeypatch.undo()
    monkeypatch.setattr(pagecache.cache, "get", lambda *args, **kwargs: ("a page in a form of older code",))
    assert client.get(QUEUE).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("moment", ["opening", "extension"])
def test_a_copy_of_the_form_ends_when_the_window_opens_or_an_extension_runs_out(moment):
    now = timezone.now().replace(microsecond=0)
    if moment == "opening":
        tranche = TrancheFactory(application_opens_at=now + dt.timedelta(hours=1))
        turns, before, after = tranche.application_opens_at, "opent op", "Deadline:"
        client = logged_in(UserFactory(roles=[Role.SCHOOL_CONTACT]))
        url = reverse("partners:start")
    else:
        tranche = TrancheFactory(application_opens_at=now - dt.timedelta(days=30),
                                 application_deadline=now - dt.timedelta(days=1))
        draft = complete_draft(tranche=tranche, practices=[GoodPracticeFactory()])
        turns = now + dt.timedelta(hours=1)
        DeadlineExtension.objects.create(tranche=tranche, school=draft.school, until=turns, reason="ziekte")
        before, after = "geldt een verlenging", "is verstreken"
        client = logged_in(draft.created_by)
        url = reverse("partners:edit", args=[draft.pk])
    GoodPracticeFactory()
    with time_machine.travel(turns - dt.timedelta(seconds=1), tick=False) as clock:
        first, _ = get(client, url)
        assert before in first.content.decode()
        assert get(client, url)[1] == SNAPSHOT_ONLY
        clock.move_to(turns + dt.timedelta(seconds=1))
        later, queries = get(client, url)
    assert queries > SNAPSHOT_ONLY and before not in later.content.decode() and after in later.content.decode()
