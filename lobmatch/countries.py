"""Country names in the reader's language: the ISO 3166 names and their translations that pycountry ships (it comes
with schwifty, which names an IBAN's country with it), so no list of countries is kept here."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from django.utils import translation


@cache
def _names(language: str) -> gettext.NullTranslations:
    # (read once per language: the catalogues do not change while the process runs)
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def country_name(code: str) -> str:
    """``"BE"`` → "België" in Dutch, "Belgium" in English; an unknown code as given."""
    country = pycountry.countries.get(alpha_2=(code or "").strip().upper()) if code else None
    if country is None:
        return code or ""
    return _names((translation.get_language() or "nl").split("-")[0]).gettext(country.name)
