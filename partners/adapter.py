"""allauth's adapter: the programme's voice in account mails (lobmatch.account_adapter) and, after logging in
without a ?next= (a later visit, or after a verification link that did not log in), back to the form that someone
typed in but did not save yet. That form waits in the browser it was typed in, so the verification mail says so
when it does: opened on a phone, the link would otherwise lead to an empty form."""

from __future__ import annotations

from allauth.core import context as allauth_context

from lobmatch.account_adapter import AccountAdapter as ProgrammeAccountAdapter

from . import pending


class AccountAdapter(ProgrammeAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        return pending.url(request) or super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        if template_prefix.startswith("account/email/email_confirmation") and hasattr(request, "session") \
                and pending.url(request):
            context = {**context, "form_waits": True}
        super().send_mail(template_prefix, email, context)
