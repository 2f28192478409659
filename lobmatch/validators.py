"""Validators shared by every app."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import brin


def normalize_brin(value: str) -> str:
    """Return the compact, upper-case BRIN (``12AB`` or ``12AB01`` with a location) or raise ValidationError."""
    try:
        return brin.validate(value or "")
    except StdnumError:
        raise ValidationError(
            _("“%(value)s” is geen geldige BRIN-code (twee cijfers en twee letters, eventueel met twee cijfers "
              "voor de vestiging, bijvoorbeeld 12AB of 12AB01)."),
            code="invalid_brin",
            params={"value": value},
        )


def validate_brin(value: str) -> None:
    normalize_brin(value)


def validate_quarter_hours(value: Decimal) -> None:
    if value is None:
        return
    if value < 0 or (value * 4) != (value * 4).to_integral_value():
        raise ValidationError(
            _("Vul uren in kwartieren in (bijvoorbeeld 3,75)."), code="quarter_hours", params={"value": value}
        )
