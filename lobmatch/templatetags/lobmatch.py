from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

from lobmatch.countries import country_name as _country_name

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
def iban(value):
    """An IBAN as a bank prints it, in groups of four (``NL91 ABNA 0417 1643 00``), so a clerk can read it against a
    letter or a screen; one masked for privacy (``****…4300``) stays as it is."""
    compact = "".join((value or "").split()).upper()
    if compact.startswith("*"):
        return compact
    return " ".join(compact[start:start + 4] for start in range(0, len(compact), 4))


@register.filter
def country_name(code):
    """A country code (``BE``) as the country's name in the active language (België, Belgium)."""
    return _country_name(code)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.simple_tag
def scroll_region(label):
    """Opens the wrapper of a wide table that scrolls sideways on a phone: ``{% scroll_region _("Declaraties") %}
    <table>…</table></div>``. Keyboard users can focus it to scroll it (WCAG 2.1.1; axe:
    scrollable-region-focusable) and screen readers announce it by name. Every such wrapper is made here."""
    return format_html('<div class="table-responsive" tabindex="0" role="region" aria-label="{}">', label)


@register.tag(name="result_rows")
def result_rows(parser, token):
    """``{% result_rows cl %}``: the admin's ``{% result_list cl %}`` with the faster rows of
    :mod:`lobmatch.admin_rows` (templates/admin/change_list.html)."""
    from django.contrib.admin.templatetags.base import InclusionAdminNode

    from lobmatch.admin_rows import result_list

    return InclusionAdminNode(parser, token, func=result_list, template_name="change_list_results.html",
                              takes_context=False)
