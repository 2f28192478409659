"""Dutch school holidays (schoolvakanties) per region, kept here as a small table, and which region a school is in.

The dates are the government's (rijksoverheid.nl, "Overzicht schoolvakanties" per school year), first to last day
inclusive, weekends included: the Christmas and summer holidays and the fixed May week are set by the government;
for the autumn and spring holidays it gives advice dates that a school may depart from (its school guide says). The
May holiday is the fixed week; many schools add the advised week before it. Add a school year here when the
government publishes it.

The regions are drawn by municipality. A school has a province and a place: the places below whose municipality is
in another region than most of its province are exceptions; elsewhere in a province that is split between regions
(Gelderland, Flevoland, Utrecht, Noord-Brabant) the region is not certain, and a slot is checked against each region
the school may be in (the warning says "mogelijk", unless the day is a holiday in each of them).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.utils.translation import gettext_noop

# The names are Dutch; the warnings translate them (gettext) when the user chose English.
NOORD, MIDDEN, ZUID = gettext_noop("noord"), gettext_noop("midden"), gettext_noop("zuid")
AUTUMN, CHRISTMAS, SPRING, MAY, SUMMER = (gettext_noop("herfstvakantie"), gettext_noop("kerstvakantie"),
                                          gettext_noop("voorjaarsvakantie"), gettext_noop("meivakantie"),
                                          gettext_noop("zomervakantie"))

# The region of most of each province's municipalities, then the other regions some of them are in.
REGIONS_OF_PROVINCE = {
    "DR": (NOORD,), "FR": (NOORD,), "GR": (NOORD,), "NH": (NOORD,), "OV": (NOORD,),
    "FL": (NOORD, MIDDEN),  # Zeewolde: midden
    "UT": (MIDDEN, NOORD),  # a few villages: noord
    "ZH": (MIDDEN,),
    "GE": (MIDDEN, ZUID, NOORD),  # the south (Arnhem, Nijmegen): zuid; Hattem: noord
    "NB": (ZUID, MIDDEN),  # a part in the north-west: midden
    "LI": (ZUID,), "ZE": (ZUID,),
}
# Places (municipalities of the same name) whose region is known and differs from their province's main region.
REGION_OF_PLACE = {"hattem": NOORD, "zeewolde": MIDDEN, "arnhem": ZUID, "nijmegen": ZUID}


class Holiday(NamedTuple):
    name: str
    first: dt.date
    last: dt.date
    region: str


_ALL = (NOORD, MIDDEN, ZUID)
# (name, regions, first, last)
_TABLE = [
    # 2025-2026
    (AUTUMN, (NOORD, MIDDEN), "2025-10-18", "2025-10-26"),
    (AUTUMN, (ZUID,), "2025-10-11", "2025-10-19"),
    (CHRISTMAS, _ALL, "2025-12-20", "2026-01-04"),
    (SPRING, (NOORD,), "2026-02-21", "2026-03-01"),
    (SPRING, (MIDDEN, ZUID), "2026-02-14", "2026-02-22"),
    (MAY, _ALL, "2026-04-25", "2026-05-03"),
    (SUMMER, (NOORD,), "2026-07-04", "2026-08-16"),
    (SUMMER, (MIDDEN,), "2026-07-18", "2026-08-30"),
    (SUMMER, (ZUID,), "2026-07-11", "2026-08-23"),
    # 2026-2027 (the autumn and summer dates checked against schools' published calendars in each region)
    (AUTUMN, (NOORD,), "2026-10-10", "2026-10-18"),
    (AUTUMN, (MIDDEN, ZUID), "2026-10-17", "2026-10-25"),
    (CHRISTMAS, _ALL, "2026-12-19", "2027-01-03"),
    (SPRING, (NOORD, MIDDEN), "2027-02-20", "2027-02-28"),
    (SPRING, (ZUID,), "2027-02-06", "2027-02-14"),
    (MAY, _ALL, "2027-04-24", "2027-05-02"),
    (SUMMER, (NOORD,), "2027-07-10", "2027-08-22"),
    (SUMMER, (MIDDEN, ZUID), "2027-07-17", "2027-08-29"),
    # 2027-2028 (rijksoverheid.nl, "Overzicht schoolvakanties 2027-2028")
    (AUTUMN, (NOORD, MIDDEN), "2027-10-16", "2027-10-24"),
    (AUTUMN, (ZUID,), "2027-10-23", "2027-10-31"),
    (CHRISTMAS, _ALL, "2027-12-25", "2028-01-09"),
    (SPRING, (NOORD,), "2028-02-19", "2028-02-27"),
    (SPRING, (MIDDEN, ZUID), "2028-02-26", "2028-03-05"),
    (MAY, _ALL, "2028-04-29", "2028-05-07"),
    (SUMMER, (NOORD,), "2028-07-15", "2028-08-27"),
    (SUMMER, (MIDDEN,), "2028-07-08", "2028-08-20"),
    (SUMMER, (ZUID,), "2028-07-22", "2028-09-03"),
]

# The last day the table knows: after it, a day in no holiday above may still be one (the next school year).
KNOWN_UNTIL = max(dt.date.fromisoformat(last) for *_, last in _TABLE)

HOLIDAYS: dict[str, list[Holiday]] = {region: [] for region in _ALL}
for _name, _regions, _first, _last in _TABLE:
    for _region in _regions:
        HOLIDAYS[_region].append(Holiday(_name, dt.date.fromisoformat(_first), dt.date.fromisoformat(_last), _region))


def regions_of(province: str, place: str = "") -> tuple[tuple[str, ...], bool]:
    """The regions the school may be in, the likeliest first, and whether that is certain."""
    known = REGION_OF_PLACE.get((place or "").strip().lower())
    if known:
        return (known,), True
    regions = REGIONS_OF_PROVINCE.get((province or "").upper(), ())
    return regions, len(regions) <= 1


def holiday_on(day: dt.date, province: str, place: str = "") -> tuple[Holiday, bool] | None:
    """The school holiday ``day`` falls in for a school in ``province`` and ``place``, and whether the school surely
    has it (False: only in some of the regions the school may be in; a day that is a holiday in every one of them,
    such as the Christmas holiday, is certain). The likeliest region's holiday comes first."""
    regions, certain = regions_of(province, place)
    found = [holiday for region in regions
             if (holiday := next((h for h in HOLIDAYS[region] if h.first <= day <= h.last), None)) is not None]
    if not found:
        return None
    return found[0], certain or len(found) == len(regions)
