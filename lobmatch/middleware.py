"""Staff and finance must have a second factor before they reach anything but the MFA setup pages."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
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
