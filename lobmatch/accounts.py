"""The login address of an account, changed by the programme office: the same rule for the admin and any other path."""

from __future__ import annotations

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import ResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import User


class AccountError(Exception):
    """A change of an account that is refused; the message says why, in the user's language."""


def check_login_email(user, new_email: str, *, by) -> str:
    """The normalised new login address of ``user`` as ``by`` may set it, or :class:`AccountError`."""
    from .roles import grants_rights, holds_rights

    new_email = User.objects.normalize_email((new_email or "").strip()).lower()
    if not new_email:
        raise AccountError(_("Vul een e-mailadres in."))
    if holds_rights(user) and not grants_rights(by):
        raise AccountError(_("Het e-mailadres van een account met rechten (VO-raad, financiën, beheer) wijzigt "
                             "alleen de beheerder."))
    taken = (User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists()
             or EmailAddress.objects.filter(email__iexact=new_email).exclude(user_id=user.pk).exists())
    if taken:
        raise AccountError(_("Dit e-mailadres hoort al bij een ander account."))
    return new_email


def unconfirmed_elsewhere(email: str):
    """The addresses ``email`` that accounts added for themselves (on allauth's page /accounts/email/) but never
    confirmed, when that is all there is of it: no account confirmed it and none logs in with it. Such an address
    proves nothing and reserves nothing; an empty queryset when the address is really taken (or free)."""
    addresses = EmailAddress.objects.filter(email__iexact=email)
    if (User.objects.filter(email__iexact=email).exists()
            or addresses.filter(verified=True).exists() or addresses.filter(primary=True).exists()):
        return EmailAddress.objects.none()
    return addresses


def change_login_email(user, new_email: str, *, by, request) -> bool:
    """Someone else (the programme office) gives ``user`` a new login address. Returns whether it changed.

    The login address is the key to the account: a password reset goes there. So the new address counts only once
    its owner confirms it (allauth's EmailAddress, unverified and primary, with a confirmation link sent to it; the
    account logs in again after that confirmation), the old addresses stop opening the account, and the old address
    is told what happened and whom to ask, so that an unwanted change does not go unnoticed."""
    from .outbox import enqueue_email

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        new_email = check_login_email(user, new_email, by=by)
        old_email = user.email
        if old_email.lower() == new_email:
            return False
        EmailAddress.objects.filter(user=user).delete()
        user.email = new_email
        user.save(update_fields=["email"])
        address = EmailAddress.objects.create(user=user, email=new_email, verified=False, primary=True)
        enqueue_email(to=[old_email], template="login_email_changed", language=user.language,
                      context={"new_email": new_email, "name": user.get_full_name()},
                      reason=gettext_noop("het e-mailadres van uw account bij LOB Ambassadeurs is gewijzigd"))
        # allauth sends the link itself (its own texts, in the programme's voice; it needs the request for the link's
        # address); after commit, so that a rollback sends nothing.
        transaction.on_commit(lambda: _send_confirmation(address, request))
    return True


def _send_confirmation(address, request) -> None:
    from allauth.core import context

    with context.request_context(request):  # allauth's adapter reads the request from its context (its middleware)
        address.send_confirmation(request)


class PasswordResetForm(ResetPasswordForm):
    """allauth's reset form, but a reset link goes only to a confirmed login address: an address someone else typed in
    for the account (see :func:`change_login_email`) opens it only once its owner has confirmed it. Whoever asks for an
    unconfirmed address gets the same answer as for an unknown one (allauth's mail "no account with this address")."""

    def clean_email(self) -> str:
        email = super().clean_email()
        confirmed = set(EmailAddress.objects.filter(email__iexact=email, verified=True).values_list("user_id", flat=True))
        self.users = [user for user in self.users if user.pk in confirmed]
        return email


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, where an address that another account only typed in (and never confirmed) does not count as
    taken: its owner signs up with it, and the other account's unconfirmed copy goes (its confirmation link with it).
    Before, anyone could add a colleague's address to their own account and so keep the colleague from signing up:
    the colleague was told by mail that an account existed, and then that none did when asking for a password."""

    released = False

    def validate_unique_email(self, value) -> str:
        self.released = unconfirmed_elsewhere(value).exists()
        if self.released:
            self.account_already_exists = False
            return value
        return super().validate_unique_email(value)

    def save(self, request):
        with transaction.atomic():
            if self.released:
                unconfirmed_elsewhere(self.cleaned_data["email"]).delete()
            return super().save(request)


class AddEmailForm(AllauthAddEmailForm):
    """allauth's "add an address" (its page /accounts/email/, where an address added and confirmed can be made the
    login address) by the rule of :func:`check_login_email`: an account with rights (staff, finance, the superuser's
    own) gets a new login address from the superuser alone, and no account adds an address of another account.
    Finance had moved its own login to an address of its choosing, without anyone else knowing."""

    def clean_email(self) -> str:
        email = super().clean_email()
        try:
            return check_login_email(self.user, email, by=self.user)
        except AccountError as exc:
            raise forms.ValidationError(str(exc), code="not_allowed") from exc
