"""allauth's adapter: after logging in without a ?next= (a later visit, or after a verification link that did not
log in), someone with typed-but-unsaved input in their session goes back to that form."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from .views import pending_url


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        return pending_url(request) or super().get_login_redirect_url(request)
