"""The school-holiday table follows the government's dates per region, and a slot in a holiday of a school whose
region depends on its municipality (Gelderland, Flevoland, Utrecht, Noord-Brabant) is warned as "mogelijk", unless
the day is a holiday in each region the school may be in."""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from lobmatch.models import Province
from tests.meetings.helpers import NOW, at, kickoff, pair, propose
from trajectories.holidays import HOLIDAYS, KNOWN_UNTIL, MIDDEN, NOORD, ZUID, holiday_on, regions_of
from trajectories.services import planning

D = dt.date

# rijksoverheid.nl, "Overzicht schoolvakanties 2027-2028"
OFFICIAL_2027_2028 = {
    NOORD: [("herfstvakantie", D(2027, 10, 16), D(2027, 10, 24)), ("kerstvakantie", D(2027, 12, 25), D(2028, 1, 9)),
            ("voorjaarsvakantie", D(2028, 2, 19), D(2028, 2, 27)), ("meivakantie", D(2028, 4, 29), D(2028, 5, 7)),
            ("zomervakantie", D(2028, 7, 15), D(2028, 8, 27))],
    MIDDEN: [("herfstvakantie", D(2027, 10, 16), D(2027, 10, 24)), ("kerstvakantie", D(2027, 12, 25), D(2028, 1, 9)),
             ("voorjaarsvakantie", D(2028, 2, 26), D(2028, 3, 5)), ("meivakantie", D(2028, 4, 29), D(2028, 5, 7)),
             ("zomervakantie", D(2028, 7, 8), D(2028, 8, 20))],
    ZUID: [("herfstvakantie", D(2027, 10, 23), D(2027, 10, 31)), ("kerstvakantie", D(2027, 12, 25), D(2028, 1, 9)),
           ("voorjaarsvakantie", D(2028, 2, 26), D(2028, 3, 5)), ("meivakantie", D(2028, 4, 29), D(2028, 5, 7)),
           ("zomervakantie", D(2028, 7, 22), D(2028, 9, 3))],
}


@pytest.mark.parametrize("region", [NOORD, MIDDEN, ZUID])
def test_2027_2028_is_the_governments_table(region):
    table = [(h.name, h.first, h.last) for h in HOLIDAYS[region] if D(2027, 9, 1) <= h.first <= D(2028, 8, 31)]
    assert table == OFFICIAL_2027_2028[region]


@pytest.mark.parametrize(("region", "day", "name"), [
    (NOORD, D(2026, 10, 12), "herfstvakantie"), (MIDDEN, D(2026, 10, 12), None), (ZUID, D(2026, 10, 19), "herfstvakantie"),
    (NOORD, D(2027, 2, 22), "voorjaarsvakantie"), (ZUID, D(2027, 2, 22), None), (ZUID, D(2027, 2, 8), "voorjaarsvakantie"),
    (NOORD, D(2027, 7, 12), "zomervakantie"), (MIDDEN, D(2027, 7, 12), None), (ZUID, D(2027, 8, 27), "zomervakantie"),
])
def test_2026_2027_per_region(region, day, name):
    found = next((h.name for h in HOLIDAYS[region] if h.first <= day <= h.last), None)
    assert found == name


@pytest.mark.parametrize("region", [NOORD, MIDDEN, ZUID])
def test_every_school_year_has_five_holidays_in_order_per_region(region):
    holidays = HOLIDAYS[region]
    assert [h.name for h in holidays] == ["herfstvakantie", "kerstvakantie", "voorjaarsvakantie", "meivakantie",
                                          "zomervakantie"] * 3
    assert all(h.first <= h.last for h in holidays)
    assert all(a.last < b.first for a, b in zip(holidays, holidays[1:], strict=False))
    assert all(h.first.weekday() == 5 and h.last.weekday() == 6 for h in holidays)  # Saturday to Sunday


@pytest.mark.parametrize(("province", "place", "regions", "certain"), [
    ("GE", "Hattem", (NOORD,), True), ("GE", "Arnhem", (ZUID,), True), ("GE", "nijmegen ", (ZUID,), True),
    ("GE", "Apeldoorn", (MIDDEN, ZUID, NOORD), False), ("FL", "Zeewolde", (MIDDEN,), True),
    ("FL", "Almere", (NOORD, MIDDEN), False), ("ZH", "Delft", (MIDDEN,), True), ("LI", "Venlo", (ZUID,), True),
    ("", "", (), True),
])
def test_the_region_of_a_school(province, place, regions, certain):
    assert regions_of(province, place) == (regions, certain)


@pytest.mark.django_db
def test_a_slot_in_a_holiday_of_a_region_the_school_may_be_in_is_warned_as_possible():
    day = D(2026, 10, 20)  # midden and zuid: herfstvakantie 17–25 October 2026
    assert holiday_on(day, "GE", "Arnhem")[1] is True
    assert holiday_on(D(2026, 10, 12), "GE", "Ede") == (HOLIDAYS[NOORD][5], False)  # Hattem's region only
    assert holiday_on(D(2026, 10, 12), "GE", "Arnhem") is None
    with time_machine.travel(NOW, tick=False):
        trajectory = pair(province=Province.GELDERLAND)
        trajectory.application.school.city = "Ede"
        trajectory.application.school.save()
        with translation.override("nl"):
            _poll, warnings = propose(kickoff(trajectory), [at(D(2026, 10, 6)), at(D(2026, 10, 12))])
        assert warnings == ["maandag 12 oktober 2026 14:00 valt mogelijk in de herfstvakantie van de school: in regio "
                            "noord (10 oktober – 18 oktober 2026), en in deze provincie hangt de regio af van de "
                            "gemeente."]
        school = pair(province=Province.ZUID_HOLLAND)
        with translation.override("en"):
            _poll, warnings = propose(kickoff(school), [at(D(2026, 10, 6)), at(D(2026, 10, 19))])
        assert warnings == ["Monday 19 October 2026 14:00 is in the school's autumn holiday (17 October – 25 October "
                            "2026)."]


@pytest.mark.parametrize(("province", "place", "day", "name"), [
    ("UT", "Utrecht", D(2026, 12, 23), "kerstvakantie"),  # every region
    ("GE", "Ede", D(2027, 4, 28), "meivakantie"),  # every region
    ("UT", "Utrecht", D(2027, 2, 21), "voorjaarsvakantie"),  # noord and midden: both of Utrecht's regions
    ("FL", "Almere", D(2027, 8, 20), "zomervakantie"),  # noord until 22 August, midden until 29 August
])
def test_a_holiday_in_every_region_the_school_may_be_in_is_certain(province, place, day, name):
    holiday, certain = holiday_on(day, province, place)
    assert (holiday.name, certain) == (name, True)


def test_a_holiday_in_only_some_of_the_schools_possible_regions_stays_possible():
    assert holiday_on(D(2027, 2, 8), "NB", "Tilburg")[1] is False  # spring: zuid only, Tilburg may be midden
    assert holiday_on(D(2027, 8, 25), "FL", "Almere")[1] is False  # summer: midden only by then


@pytest.mark.django_db
def test_a_christmas_slot_of_a_school_in_a_split_province_is_warned_as_certain():
    with time_machine.travel(NOW, tick=False):
        trajectory = pair(province=Province.UTRECHT)
        trajectory.application.school.city = "Utrecht"
        trajectory.application.school.save()
        meeting = kickoff(trajectory)
        with translation.override("nl"):
            warnings = planning.slot_warnings(meeting, [at(D(2026, 12, 23))], 120)
    assert [w for w in warnings if "kerstvakantie" in w] == [
        "woensdag 23 december 2026 14:00 valt in de kerstvakantie van de school (19 december 2026 – 3 januari 2027)."]


@pytest.mark.django_db
def test_a_slot_after_the_last_day_the_table_knows_says_so_instead_of_keeping_silent():
    assert D(2028, 9, 3) == KNOWN_UNTIL  # the end of zuid's summer holiday 2028
    with time_machine.travel(NOW, tick=False):
        meeting = kickoff(pair(province=Province.UTRECHT))
        with translation.override("nl"):
            sunday = "zondag 3 september 2028 14:00 valt in het weekend: klopt de dag?"  # (the table's last day)
            assert planning.slot_warnings(meeting, [at(D(2028, 9, 3)), at(D(2028, 8, 28))], 90) == [sunday]
            assert planning.slot_warnings(meeting, [at(D(2028, 9, 3)), at(D(2028, 9, 4))], 90) == [
                sunday, "LOB-match kent de schoolvakanties tot en met 3 september 2028; kijk zelf of een tijdstip daarna in "
                "een vakantie van de school valt."]
        with translation.override("en"):
            assert planning.slot_warnings(meeting, [at(D(2029, 1, 8)), at(D(2029, 1, 9))], 90) == [
                "LOB-match knows the school holidays up to and including 3 September 2028; check yourself whether a "
                "later slot falls in one of the school's holidays."]
