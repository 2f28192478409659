"""The payee account of a claim: one rule for the school's claim form, its correction after a return, and the
payment file (a claim's account is checked again before it is frozen in a batch)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from lobmatch.countries import country_name


class ClaimError(Exception):
    pass


HOME_COUNTRY = "NL"  # the programme pays Dutch schools: an account elsewhere is named wherever the claim shows it


def validate_iban(value: str) -> tuple[str, str]:
    """The compact IBAN and its BIC (when schwifty knows the bank), or a Dutch ClaimError.

    The one rule for the account a claim names (the form checks it through here too): a valid IBAN of a country in
    the SEPA zone. The money goes in a SEPA credit transfer (pain.001), which pays any SEPA account, so a school's
    foundation that banks in Belgium or Germany can be paid; the claim page and the receipt say the account is abroad
    (:func:`abroad`). An account outside SEPA cannot be in the payment file at all."""
    try:
        iban = IBAN(value or "")
    except SchwiftyException:
        # No example number: one that passes the check, a digit away from a typo, was copied into a claim once.
        raise ClaimError(_("Dit IBAN klopt niet: een teken is verkeerd of ontbreekt. Neem het over van een "
                           "bankafschrift of uit de bankapp. Een Nederlands IBAN heeft 18 tekens: NL, twee cijfers, "
                           "vier letters van de bank en tien cijfers. Een IBAN uit een ander SEPA-land begint met de "
                           "landcode van dat land en heeft een eigen lengte."))
    if not iban.in_sepa_zone:
        raise ClaimError(_("Dit IBAN is van een rekening in %(country)s. De vergoeding wordt met een "
                           "SEPA-overboeking betaald, en die kan alleen naar een rekening in een SEPA-land (de landen "
                           "van de Europese Unie en onder meer Noorwegen, Zwitserland en het Verenigd Koninkrijk). "
                           "Vul het IBAN in van een Nederlandse rekening of van een rekening in een ander SEPA-land.")
                         % {"country": country_name(iban.country_code)})
    try:
        bic = str(iban.bic or "")
    except SchwiftyException:
        bic = ""
    return iban.compact, bic


def abroad(iban: str) -> str:
    """The country code of an account outside the Netherlands, "" for a Dutch one (or none, or one masked after the
    retention period): the claim page and the receipt name that country, so a foreign account is never missed."""
    code = "".join((iban or "").split()).upper()[:2]
    return code if code.isalpha() and code != HOME_COUNTRY else ""


def checked_account(iban: str, account_holder: str) -> tuple[str, str, str]:
    """(compact IBAN, BIC, account holder) as the claim keeps them, or a Dutch ClaimError. Never the programme's own
    (debtor) account: the payment file would pay from and to the same account."""
    compact, bic = validate_iban(iban)
    if compact == validate_iban(settings.LOBMATCH_DEBTOR_IBAN)[0]:
        raise ClaimError(_("Dit is de rekening van het programma LOB Ambassadeurs zelf, waarvan de vergoeding wordt "
                           "betaald. Vul het IBAN van uw school (of haar stichting) in."))
    if not account_holder.strip():
        raise ClaimError(_("Vul de tenaamstelling van de rekening in."))
    return compact, bic, account_holder.strip()[:140]


def account_problem(iban: str, account_holder: str) -> str:
    """Why a payment cannot go to this account ("" when it can): :func:`checked_account`'s message."""
    try:
        checked_account(iban, account_holder)
    except ClaimError as exc:
        return str(exc)
    return ""
