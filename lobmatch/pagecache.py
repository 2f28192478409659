"""Public pages (home, catalogue, good practice) served from the cache to visitors without a session.

Schools browse the catalogue anonymously, many at once around a deadline; what they see changes only when staff or
an ambassador edit something. So a rendered page is kept in the cache (Redis in production) for a minute, keyed by
language, path and query and by a *version* that every relevant save or delete bumps (:func:`bump`), so an edit
shows at once. Only requests without a session or messages cookie are served from the cache: a logged-in user, or
anyone with a message waiting, always gets a fresh page.

The only per-visitor part of such a page is the CSRF token of the language form. It is rendered as a placeholder
(``{% csrf_field %}``) and filled in per request with a fresh token, so CSRF protection stays as it is.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import get_language

VERSION_KEY = "pagecache:version"
MARKER = "<!--lobmatch:csrf-->"
TIMEOUT = 60


def version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump(**_kwargs) -> None:
    """Invalidate every cached public page (a signal receiver: any keyword arguments)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (evicted, or never read): any new value differs from what pages were keyed by
        cache.set(VERSION_KEY, 2, None)


# What the public pages show: the catalogue, its themes and school types, tranches (deadline, capacity) and the
# trajectories that fill an ambassador school's room. Any save or delete of these invalidates the cached pages.
SHOWN_ON_PUBLIC_PAGES = ("ambassadors.", "lobmatch.tranche", "lobmatch.theme", "lobmatch.schooltype",
                         "lobmatch.school", "trajectories.trajectory")


def changed(sender, **kwargs) -> None:
    """Receiver of post_save, post_delete and m2m_changed for every model: bumps for the ones shown publicly."""
    label = sender._meta.label_lower
    if label.startswith(SHOWN_ON_PUBLIC_PAGES):
        bump()


def csrf_input(request) -> str:
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))


def cacheable(request) -> bool:
    return (request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES)


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"pagecache:{version()}:{get_language()}:{path}"


def cache_public_page(view):
    """Serve ``view``'s 200 responses from the cache for visitors without a session (see the module text)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        hit = cache.get(key)
        if hit is None:
            request.csrf_placeholder = True
            response = view(request, *args, **kwargs)
            if getattr(response, "render", None) and not getattr(response, "is_rendered", True):
                response.render()
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            hit = (response.content.decode(response.charset), response["Content-Type"])
            cache.set(key, hit, TIMEOUT)
        content, content_type = hit
        response = HttpResponse(content.replace(MARKER, csrf_input(request)), content_type=content_type)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
