from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


def format_money(value) -> str:
    """``1234.5`` → ``€ 1.234,50`` in Dutch (the active locale decides the separators)."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}€\u00a0{number_format(abs(amount), decimal_pos=2, use_l10n=True, force_grouping=True)}"


@register.filter
def money(value):
    return format_money(value)


@register.filter
def hours(value):
    if value in (None, ""):
        return ""
    return number_format(Decimal(str(value)).normalize(), use_l10n=True)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)
