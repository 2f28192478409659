"""django-allauth speaks in the programme's name: its mails (templates/account/email/) get the programme's contact
address, as the project's own mails do."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {"contact_email": settings.PROGRAMME_CONTACT_EMAIL, **context})
