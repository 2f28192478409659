"""Language choice: Dutch unless the user chose English (cookie from the switcher, or the account's language).

The browser's Accept-Language is deliberately ignored: the programme's public texts are Dutch by default.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.i18n import set_language as django_set_language

SUPPORTED = {code for code, _ in settings.LANGUAGES}


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if lang not in SUPPORTED:
            user = getattr(request, "user", None)
            lang = getattr(user, "language", None) if getattr(user, "is_authenticated", False) else None
        if lang not in SUPPORTED:
            lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", lang)
        return response


def set_language(request):
    """Django's set_language, which also remembers the choice on the account (for emails)."""
    response = django_set_language(request)
    lang = request.POST.get("language")
    user = getattr(request, "user", None)
    if lang in SUPPORTED and getattr(user, "is_authenticated", False) and user.language != lang:
        user.language = lang
        user.save(update_fields=["language"])
    return response
