"""Staff and finance must have a second factor before they reach anything but the MFA setup pages; a form's address
opened as a page says where the form is."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .roles import needs_second_factor

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/")


class RequireSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.LOBMATCH_REQUIRE_MFA
            and needs_second_factor(request.user)
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                _("Uw rol vraagt om een tweede factor. Stel eerst een authenticator-app in."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """A form's address opened as a page (logging in again after the session ran out sends one there, so do a
    bookmark and a reload) gets a page in the user's language that links to the page the form is on, instead of
    the browser's bare "HTTP ERROR 405"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and request.method == "GET" and not response.content:
            page = render(request, "405.html", {"back": request.path.rstrip("/").rsplit("/", 1)[0] + "/"},
                          status=405)
            page["Allow"] = response["Allow"]
            return page
        return response
