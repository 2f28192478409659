"""Dutch school holidays (schoolvakanties) per region, kept here as a small table, and the province → region map.

The dates are the government's (rijksoverheid.nl, "Schoolvakanties"), first to last day inclusive, weekends
included. The regions are drawn by municipality; we only know a school's province, so a province goes to the region
most of its schools are in (parts of Gelderland and Flevoland fall in another region: a warning, not a rule). Add
a school year here when the government publishes it.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

NOORD, MIDDEN, ZUID = "noord", "midden", "zuid"

REGION_OF_PROVINCE = {
    "DR": NOORD, "FL": NOORD, "FR": NOORD, "GR": NOORD, "NH": NOORD, "OV": NOORD,
    "GE": MIDDEN, "UT": MIDDEN, "ZH": MIDDEN,
    "LI": ZUID, "NB": ZUID, "ZE": ZUID,
}


class Holiday(NamedTuple):
    name: str
    first: dt.date
    last: dt.date


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


_ALL = (NOORD, MIDDEN, ZUID)
# (name, regions, first, last)
_TABLE = [
    # 2025-2026
    ("herfstvakantie", (NOORD, MIDDEN), "2025-10-18", "2025-10-26"),
    ("herfstvakantie", (ZUID,), "2025-10-11", "2025-10-19"),
    ("kerstvakantie", _ALL, "2025-12-20", "2026-01-04"),
    ("voorjaarsvakantie", (NOORD,), "2026-02-21", "2026-03-01"),
    ("voorjaarsvakantie", (MIDDEN, ZUID), "2026-02-14", "2026-02-22"),
    ("meivakantie", _ALL, "2026-04-25", "2026-05-03"),
    ("zomervakantie", (NOORD,), "2026-07-04", "2026-08-16"),
    ("zomervakantie", (MIDDEN,), "2026-07-18", "2026-08-30"),
    ("zomervakantie", (ZUID,), "2026-07-11", "2026-08-23"),
    # 2026-2027
    ("herfstvakantie", (NOORD, MIDDEN), "2026-10-17", "2026-10-25"),
    ("herfstvakantie", (ZUID,), "2026-10-10", "2026-10-18"),
    ("kerstvakantie", _ALL, "2026-12-19", "2027-01-03"),
    ("voorjaarsvakantie", (NOORD, MIDDEN), "2027-02-13", "2027-02-21"),
    ("voorjaarsvakantie", (ZUID,), "2027-02-06", "2027-02-14"),
    ("meivakantie", _ALL, "2027-04-24", "2027-05-02"),
    ("zomervakantie", (NOORD,), "2027-07-17", "2027-08-29"),
    ("zomervakantie", (MIDDEN,), "2027-07-10", "2027-08-22"),
    ("zomervakantie", (ZUID,), "2027-07-03", "2027-08-15"),
    # 2027-2028
    ("herfstvakantie", (NOORD,), "2027-10-16", "2027-10-24"),
    ("herfstvakantie", (MIDDEN, ZUID), "2027-10-23", "2027-10-31"),
    ("kerstvakantie", _ALL, "2027-12-25", "2028-01-09"),
    ("voorjaarsvakantie", (NOORD,), "2028-02-19", "2028-02-27"),
    ("voorjaarsvakantie", (MIDDEN, ZUID), "2028-02-26", "2028-03-05"),
    ("meivakantie", _ALL, "2028-04-22", "2028-04-30"),
    ("zomervakantie", (NOORD,), "2028-07-08", "2028-08-20"),
    ("zomervakantie", (MIDDEN,), "2028-07-22", "2028-09-03"),
    ("zomervakantie", (ZUID,), "2028-07-15", "2028-08-27"),
]

HOLIDAYS: dict[str, list[Holiday]] = {region: [] for region in _ALL}
for _name, _regions, _first, _last in _TABLE:
    for _region in _regions:
        HOLIDAYS[_region].append(Holiday(_name, _d(_first), _d(_last)))


def region_of(province: str) -> str | None:
    return REGION_OF_PROVINCE.get((province or "").upper())


def holiday_on(day: dt.date, province: str) -> Holiday | None:
    """The school holiday of the province's region that ``day`` falls in, if any."""
    region = region_of(province)
    if region is None:
        return None
    return next((h for h in HOLIDAYS[region] if h.first <= day <= h.last), None)
