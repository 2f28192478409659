"""allauth's adapter: the programme's voice in account mails (lobmatch.account_adapter) and, after logging in
without a ?next= (a later visit, or after a verification link that did not log in), back to the form that someone
typed in but did not save yet."""

from __future__ import annotations

from lobmatch.account_adapter import AccountAdapter as ProgrammeAccountAdapter

from . import pending


class AccountAdapter(ProgrammeAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        return pending.url(request) or super().get_login_redirect_url(request)
