"""The import of DUO's open CSV of vo-school locations: lenient per row, all-or-nothing per run."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lobmatch import duo_import
from lobmatch.duo_import import import_duo_schools, school_types_from_structure
from lobmatch.models import Province, School

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "duo_sample.csv"
GOOD_ROWS = 5

pytestmark = pytest.mark.django_db


def csv_bytes(lines, encoding="utf-8"):
    return io.BytesIO(("\n".join(lines) + "\n").encode(encoding))


def test_sample_file_reports_bad_row_with_line_number_and_keeps_the_others():
    report = import_duo_schools(SAMPLE)

    assert report.encoding in ("cp1252", "latin-1")
    assert (report.rows, report.created, report.updated, report.unchanged) == (6, GOOD_ROWS, 0, 0)
    assert [bad.line for bad in report.bad] == [6]
    assert "ongeldige BRIN-code" in report.bad[0].message and "1X2Y" in report.bad[0].message
    assert School.objects.count() == GOOD_ROWS

    daniel = School.objects.get(brin="34RB", location_code="01")
    assert daniel.name == "Daniël de Brouwer College"  # latin-1 decoded, not mojibake
    assert daniel.city == "'s-Gravenhage"
    assert daniel.province == Province.ZUID_HOLLAND
    assert daniel.street == "Lange Voorhout 3-A"
    assert set(daniel.school_types.values_list("code", flat=True)) == {"havo", "vwo"}

    ubbergen = School.objects.get(brin="12QA", location_code="00")
    assert ubbergen.postcode == "6574 AB"
    assert ubbergen.website == "https://www.example.org"
    assert ubbergen.school_types.count() == 6
    assert School.objects.get(brin="78TD").province == Province.FRIESLAND  # "Fryslân"
    assert list(School.objects.get(brin="56SC").school_types.values_list("code", flat=True)) == ["pro"]


def test_rerun_changes_nothing():
    import_duo_schools(SAMPLE)
    history = School.history.count()

    report = import_duo_schools(SAMPLE)

    assert (report.created, report.updated, report.unchanged, len(report.bad)) == (0, 0, GOOD_ROWS, 1)
    assert School.objects.count() == GOOD_ROWS
    assert School.history.count() == history


def test_changed_row_is_updated_in_place():
    import_duo_schools(SAMPLE)
    text = SAMPLE.read_bytes().decode("latin-1").replace("Heuvelland Mavo", "Heuvelland Mavo Maastricht")

    report = import_duo_schools(io.BytesIO(text.encode("latin-1")))

    assert (report.created, report.updated, report.unchanged) == (0, 1, GOOD_ROWS - 1)
    assert School.objects.get(brin="90UE").name == "Heuvelland Mavo Maastricht"


def test_headers_in_another_order_and_utf8():
    lines = [
        "ONDERWIJSSTRUCTUUR;VESTIGINGSNAAM;PLAATSNAAM;PROVINCIE;VESTIGINGSCODE;INSTELLINGSCODE",
        "VMBO-B/VMBO-K;Scholengemeenschap Zeeën en Duinen;Katwijk;Zuid-Holland;21AB00;21AB",
        "HAVO/VWO;Lyceum Zuidoost;Eindhoven;Noord-Brabant;22AC01;22AC",
    ]
    report = import_duo_schools(csv_bytes(lines, "utf-8-sig"))

    assert report.encoding == "utf-8-sig"
    assert (report.created, len(report.bad)) == (2, 0)
    school = School.objects.get(brin="21AB", location_code="00")
    assert school.name == "Scholengemeenschap Zeeën en Duinen"
    assert school.province == Province.ZUID_HOLLAND
    assert set(school.school_types.values_list("code", flat=True)) == {"vmbo-b", "vmbo-k"}


def test_each_kind_of_bad_row_is_reported_with_its_line():
    lines = [
        "PROVINCIE;INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM;PLAATSNAAM",
        "Utrecht;31AA;31AA00;Goed College;Utrecht",
        "Vlaanderen;32AA;32AA00;Buitenland College;Gent",
        "Utrecht;33AA;33AA00;;Utrecht",
        "Utrecht;31AA;31AA00;Dubbel College;Utrecht",
        "Utrecht;34AA;35AA00;Verkeerde vestiging;Utrecht",
    ]
    report = import_duo_schools(csv_bytes(lines))

    messages = {bad.line: bad.message for bad in report.bad}
    assert report.created == 1
    assert set(messages) == {3, 4, 5, 6}
    assert "onbekende provincie" in messages[3]
    assert "vestigingsnaam ontbreekt" in messages[4]
    assert "regel 2" in messages[5]
    assert "hoort niet bij" in messages[6]


def test_line_numbers_count_physical_lines_with_quoted_newlines():
    lines = [
        "PROVINCIE;INSTELLINGSCODE;VESTIGINGSNAAM;PLAATSNAAM",
        'Utrecht;41AA;"Naam over\ntwee regels";Utrecht',
        "Utrecht;4XAA;Fout;Utrecht",
    ]
    report = import_duo_schools(csv_bytes(lines))
    assert [bad.line for bad in report.bad] == [4]


def test_strict_aborts_everything_and_the_command_fails():
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="afgebroken"):
        call_command("import_duo_schools", str(SAMPLE), "--strict", stdout=out, stderr=err)
    assert School.objects.count() == 0
    assert "regel 6" in err.getvalue()


def test_command_prints_summary_and_bad_rows():
    out, err = io.StringIO(), io.StringIO()
    call_command("import_duo_schools", str(SAMPLE), stdout=out, stderr=err)
    assert "Nieuw: 5  bijgewerkt: 0  ongewijzigd: 0  afgekeurd: 1" in out.getvalue()
    assert "regel 6: ongeldige BRIN-code" in err.getvalue()

    out = io.StringIO()
    call_command("import_duo_schools", str(SAMPLE), stdout=out, stderr=io.StringIO())
    assert "ongewijzigd: 5" in out.getvalue()


def test_a_crash_halfway_rolls_back_the_whole_import(monkeypatch):
    real_upsert, calls = duo_import._upsert, []

    def flaky(row, *args):
        calls.append(row.line)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real_upsert(row, *args)

    monkeypatch.setattr(duo_import, "_upsert", flaky)
    with pytest.raises(RuntimeError):
        import_duo_schools(SAMPLE)
    assert School.objects.count() == 0


def test_file_without_the_expected_columns_is_refused():
    with pytest.raises(CommandError, match="PROVINCIE"):
        call_command("import_duo_schools", str(Path(__file__)), stdout=io.StringIO())


@pytest.mark.parametrize(
    ("structure", "codes"),
    [
        ("VMBO/HAVO/VWO", {"vmbo-b", "vmbo-k", "vmbo-g", "vmbo-t", "havo", "vwo"}),
        ("PRO", {"pro"}),
        ("VMBO-B/VMBO-K", {"vmbo-b", "vmbo-k"}),
        ("VMBO-(G)T/HAVO", {"vmbo-g", "vmbo-t", "havo"}),
        ("MAVO", {"vmbo-t"}),
        ("LWOO", set()),
    ],
)
def test_structure_mapping(structure, codes):
    assert school_types_from_structure(structure) == codes
