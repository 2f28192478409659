"""Rendered pages kept in the cache: public pages for visitors without a session, and the main pages of logged-in
users keyed by the database snapshot they were rendered from.

Public pages (home, catalogue, good practice)
----------------------------------------------
Schools browse the catalogue anonymously, many at once around a deadline; what they see changes only when staff or
an ambassador edit something. So a rendered page is kept in the cache (Redis in production) for a minute, keyed by
language, path and query, together with the *version* it was rendered at; every relevant save or delete bumps the
version (:func:`bump`), so an edit shows at once. Only requests without a session or messages cookie are served
from the cache: a logged-in user, or anyone with a message waiting, always gets a fresh page.

Pages of logged-in users (application form, changelists, adviser and finance lists)
------------------------------------------------------------------------------------
These show live queues and money, so they must never be stale. A rendered page is reused only for the same
session key, language cookie, scheme, host, URL (with only the query parameters the page understands) and
deployment (:func:`_release`), *and the same PostgreSQL snapshot* (``pg_current_snapshot()``: the set of committed
transactions a query sees). Two requests with the same snapshot read exactly the same rows, the session's
included, so serving the first one's page to the second is what rendering again would give; any committed write
anywhere in the database (a claim approved, a session saved, a role taken away) gives a new snapshot and so a
fresh render. The page is stored only if the snapshot did not change while it was rendered and the view changed
nothing in the session. What changes with time alone is bounded: a view names the moments its page turns
(:func:`changes_at`, e.g. the application deadline) and no copy outlives them, the session's expiry or a minute
(relative texts such as "nog 3 dagen"). Pages with a message waiting, a CSP nonce or a cookie of their own are
never stored, nor anything but GET. On SQLite, or inside a transaction (the snapshot then hides the transaction's
own writes), pages are always rendered.

Both: CSRF tokens
-----------------
A page is rendered as usual, with a real token; what is stored has every token input replaced by a placeholder,
which each serve fills in with a fresh token for that visitor, so CSRF protection stays as it is.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import sys
import time
from functools import lru_cache, wraps
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import get_language

log = logging.getLogger(__name__)
VERSION_KEY = "pagecache:version"
MARKER = "<!--lobmatch:csrf-->"
# Django's {% csrf_token %} renders exactly this input (so does csrf_input below).
CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
TIMEOUT = 60


def version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump(**_kwargs) -> None:
    """Invalidate every cached public page (a signal receiver: any keyword arguments)."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not there (evicted, never read): any new value differs from what pages were keyed by
            cache.set(VERSION_KEY, 2, None)
    except Exception:  # noqa: BLE001 - the cache is down: nothing is served from it either
        log.warning("Page cache unavailable; version not bumped", exc_info=True)


# What the public pages show: the catalogue, its themes and school types, tranches (deadline, capacity) and the
# trajectories that fill an ambassador school's room. Any save or delete of these invalidates the cached pages.
SHOWN_ON_PUBLIC_PAGES = ("ambassadors.", "lobmatch.tranche", "lobmatch.theme", "lobmatch.schooltype",
                         "lobmatch.school", "trajectories.trajectory")


def changed(sender, **kwargs) -> None:
    """Receiver of post_save, post_delete and m2m_changed for every model: bumps for the ones shown publicly."""
    label = sender._meta.label_lower
    if label.startswith(SHOWN_ON_PUBLIC_PAGES):
        # Now, and again once the change is committed: a visitor who rendered the page in between (still seeing
        # the old rows) kept it with the intermediate version, which the second bump abandons.
        bump()
        transaction.on_commit(bump)


def csrf_input(request) -> str:
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))


def _for_keeping(response) -> str:
    """The page as it is kept: every CSRF token input a placeholder."""
    return CSRF_INPUT.sub(MARKER, response.content.decode(response.charset))


def _serve(request, content: str, headers) -> HttpResponse:
    """A kept page for this request: fresh CSRF tokens, the headers it was kept with."""
    response = HttpResponse(content.replace(MARKER, csrf_input(request)))
    for name, value in headers:
        response[name] = value
    return response


def _sets_own_cookies(response) -> bool:
    """The CSRF cookie does not count: a served copy gets fresh tokens, which set that cookie again if needed."""
    return bool(set(response.cookies) - {settings.CSRF_COOKIE_NAME})


def message_waiting(request) -> bool:
    """A message in its cookie (an emptied cookie a client kept after its deletion does not count)."""
    return bool(request.COOKIES.get(CookieStorage.cookie_name))


def cacheable(request, params: frozenset[str]) -> bool:
    """Only visitors without a session or waiting messages, and only the query parameters the page knows (so
    random query strings cannot fill the cache)."""
    return (request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not message_waiting(request) and set(request.GET) <= params)


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"pagecache:{get_language()}:{path}"


def _lookup(key: str) -> tuple[int, tuple[str, str] | None]:
    """The current version and the page kept under ``key`` if it was rendered at that version: one round trip."""
    found = cache.get_many([VERSION_KEY, key])
    current = found.get(VERSION_KEY) or version()
    kept = found.get(key)
    return current, (kept[1:] if kept is not None and kept[0] == current else None)


def cache_public_page(view=None, *, params: tuple[str, ...] = ()):
    """Serve ``view``'s 200 responses from the cache for visitors without a session (see the module text).
    ``params``: the query parameters the page understands; a request with any other is rendered, not cached."""
    if view is None:
        return lambda func: cache_public_page(func, params=params)
    known = frozenset(params)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not cacheable(request, known):
            return view(request, *args, **kwargs)
        try:
            key = _key(request)
            current, hit = _lookup(key)
        except Exception:  # noqa: BLE001 - the cache (Redis) is down: the page still works, just uncached
            log.warning("Page cache unavailable", exc_info=True)
            return view(request, *args, **kwargs)
        if hit is None:
            response = view(request, *args, **kwargs)
            if getattr(response, "render", None) and not getattr(response, "is_rendered", True):
                response.render()
            if response.status_code == 200 and not response.streaming and not _sets_own_cookies(response):
                try:
                    # Kept with the version it was rendered at: a bump since then (even during this render) makes
                    # it a miss for the next visitor.
                    cache.set(key, (current, _for_keeping(response), response["Content-Type"]), TIMEOUT)
                except Exception:  # noqa: BLE001 - serving it matters more than keeping it
                    log.warning("Page cache unavailable", exc_info=True)
            return response
        content, content_type = hit
        response = _serve(request, content, [("Content-Type", content_type)])
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped


# --- Pages of logged-in users --------------------------------------------------------------------------------------

USER_TIMEOUT = 60
MAX_STORED_BYTES = 512 * 1024  # larger pages are rendered every time rather than fill the cache
ANY_PARAMETERS = True  # the marker of a page that takes any query parameters (the admin's changelist filters)
# What the project's files are: code, templates, translations, static files (their manifest).
RELEASE_DIRS = ("lobmatch", "ambassadors", "partners", "trajectories", "templates", "static")


def cache_user_page(view=None, *, params: tuple[str, ...] | None = None):
    """Mark a view (or an admin view) whose GET pages :class:`UserPageCacheMiddleware` may keep; ``params``: the
    query parameters the page understands (None: any). Such a page may depend only on the session, the language
    cookie, the URL, the rows of the database, the deployment (code, settings) and the clock; where the clock turns
    the page at a known moment, the view says so with :func:`changes_at`. Not covered by the snapshot, so not for
    such pages: sequences (``nextval``), SQL ``now()``, advisory locks, a read replica."""
    if view is None:
        return lambda func: cache_user_page(func, params=params)
    view.user_page = ANY_PARAMETERS if params is None else frozenset(params)
    return view


def changes_at(request, *moments) -> None:
    """The page rendered for ``request`` turns by itself at these moments (a deadline passes, a tranche opens): a
    cached copy is not served from the first of them that is still ahead."""
    now = timezone.now()
    for moment in moments:
        current = getattr(request, "_page_changes_at", None)
        if moment is not None and moment > now and (current is None or moment < current):
            request._page_changes_at = moment


def _snapshot() -> str | None:
    """The current PostgreSQL snapshot, or None where it does not identify what a query sees: SQLite, or inside
    a transaction or without autocommit (a transaction sees its own writes without a new snapshot)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block or not connection.get_autocommit():
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text")
        return cursor.fetchone()[0]


@lru_cache(maxsize=1)
def _release() -> str:
    """This deployment: every setting, the installed packages and the project's files (path, size, time). A copy
    made by other code or settings (a deploy, a rolling one, a rotated SECRET_KEY, a second factor switched on) is
    never served. Worked out once per process, and again when a test changes a setting."""
    digest = hashlib.sha256()
    digest.update(repr(sorted((name, repr(getattr(settings, name))) for name in dir(settings)
                              if name.isupper())).encode())
    for folder in map(Path, sys.path):  # the installed packages and their versions, by their metadata folders
        if folder.is_dir():
            digest.update(repr(sorted(p.name for p in folder.glob("*.*-info"))).encode())
    base = Path(settings.BASE_DIR)
    for folder in RELEASE_DIRS:
        for path in sorted((base / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                info = path.stat()
                digest.update(f"{path.relative_to(base)}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    manifest = Path(settings.STATIC_ROOT or base / "staticfiles") / "staticfiles.json"
    if manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:24]


@receiver(setting_changed)
def _settings_changed(**_kwargs) -> None:
    _release.cache_clear()


DATABASE_SESSIONS = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")


@lru_cache(maxsize=2048)
def _marked(path_info: str, urlconf):
    """The mark of :func:`cache_user_page` on the view this path leads to, or None. (A path always resolves the same
    way.)"""
    try:
        return getattr(resolve(path_info, urlconf).func, "user_page", None)
    except Resolver404:
        return None


class UserPageCacheMiddleware:
    """Serve the marked pages of logged-in users from the cache keyed by the database snapshot (module text).

    It sits right after the session and CSRF middleware, and a hit returns without loading the session: the
    session is a row of the database, so the session key (the cookie) and the snapshot fix its data, and with it
    who is logged in, their roles, language and second factor. Authentication, language choice and the
    second-factor check would therefore decide exactly as they did when the page was stored; only the clock could
    differ, so no copy outlives the session's expiry. The key also holds the language cookie, the scheme, host and
    URL, and the deployment (:func:`_release`). The response headers of the inner middleware (frame options, CSP,
    language) are stored with the page; the outer ones (security headers, CSRF cookie) are added again.
    """

    def __init__(self, get_response):
        if settings.SESSION_ENGINE not in DATABASE_SESSIONS:
            raise MiddlewareNotUsed("the user page cache needs sessions stored in the database")
        self.get_response = get_response
        _release()  # at start-up rather than in a visitor's request

    def __call__(self, request):
        if not self._candidate(request):
            return self.get_response(request)
        try:
            snapshot = _snapshot()
            if snapshot is None:
                return self.get_response(request)
            key = self._key(request, snapshot)
            hit = self._lookup(key)
        except Exception:  # noqa: BLE001 - the cache (Redis) is down: the page still works, just uncached
            log.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if hit is not None:
            return _serve(request, *hit)
        response = self.get_response(request)
        if self._storable(request, response) and _snapshot() == snapshot:
            self._store(request, response, key)
        return response

    @staticmethod
    def _candidate(request) -> bool:
        """A GET with a session cookie and no message cookie, for a page marked with :func:`cache_user_page`, with
        only the query parameters that page understands (so random query strings cannot fill the cache)."""
        if request.method != "GET" or settings.SESSION_COOKIE_NAME not in request.COOKIES or message_waiting(request):
            return False
        mark = _marked(request.path_info, getattr(request, "urlconf", None))
        return mark is ANY_PARAMETERS or (mark is not None and set(request.GET) <= mark)

    @staticmethod
    def _key(request, snapshot: str) -> str:
        cookies = [request.COOKIES.get(settings.SESSION_COOKIE_NAME), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)]
        material = json.dumps([_release(), cookies, request.scheme, request.get_host(), request.get_full_path(),
                               snapshot])
        return "userpage:" + hashlib.sha256(material.encode()).hexdigest()

    @staticmethod
    def _lookup(key: str) -> tuple[str, list] | None:
        kept = cache.get(key)
        try:
            content, headers, until = kept
        except (TypeError, ValueError):  # nothing kept, or in a form this code does not know
            return None
        return (content, headers) if until > time.time() else None

    @staticmethod
    def _storable(request, response) -> bool:
        session = request.session
        return (response.status_code == 200 and not response.streaming
                and len(response.content) <= MAX_STORED_BYTES and not _sets_own_cookies(response)
                and getattr(request, "_csp_nonce", None) is None
                and getattr(getattr(request, "user", None), "is_authenticated", False)
                and session.session_key == request.COOKIES[settings.SESSION_COOKIE_NAME]
                and not session.modified and "_messages" not in session)

    @staticmethod
    def _store(request, response, key: str) -> None:
        until = time.time() + USER_TIMEOUT
        turns = getattr(request, "_page_changes_at", None)
        if turns is not None:
            until = min(until, turns.timestamp())
        expires = Session.objects.filter(session_key=request.session.session_key).values_list(
            "expire_date", flat=True).first()
        if expires is None:
            return
        until = min(until, expires.timestamp())
        headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
        try:
            cache.set(key, (_for_keeping(response), headers, until), max(1, math.ceil(until - time.time())))
        except Exception:  # noqa: BLE001 - serving it matters more than keeping it
            log.warning("Page cache unavailable", exc_info=True)
