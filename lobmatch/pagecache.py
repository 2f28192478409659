"""Public pages (home, catalogue, good practice) kept in the cache for visitors without a session.

Schools browse the catalogue anonymously, many at once around a deadline; what they see changes only when staff or
an ambassador edit something. So a rendered page is kept in the cache (Redis in production) for a minute, keyed by
language, path and query, together with the *version* it was rendered at; every relevant save or delete bumps the
version (:func:`bump`), so an edit shows at once. Only requests without a session or messages cookie are served
from the cache: a logged-in user, or anyone with a message waiting, always gets a fresh page.

CSRF tokens: a page is rendered as usual, with a real token; what is stored has every token input replaced by a
placeholder, which each serve fills in with a fresh token for that visitor, so CSRF protection stays as it is.
"""

from __future__ import annotations

import hashlib
import logging
import re
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
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


# What the public pages show: the core's tranches (deadline, capacity), themes, school types and schools, and what
# each app registers (register_public_models). Any save or delete of these invalidates the cached pages.
_shown_on_public_pages: tuple[str, ...] = ("lobmatch.tranche", "lobmatch.theme", "lobmatch.schooltype",
                                           "lobmatch.school")


def register_public_models(*labels: str) -> None:
    """Called by an app in its ``AppConfig.ready`` for the models its public pages show: lower-case model labels
    (``"app_label.model"``), or ``"app_label."`` for all of the app's models."""
    global _shown_on_public_pages
    _shown_on_public_pages += tuple(label for label in labels if label not in _shown_on_public_pages)


def changed(sender, **kwargs) -> None:
    """Receiver of post_save, post_delete and m2m_changed for every model: bumps for the ones shown publicly."""
    label = sender._meta.label_lower
    if label.startswith(_shown_on_public_pages):
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
