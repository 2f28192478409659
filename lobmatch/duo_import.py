"""The import of DUO's open data file of secondary-school locations (``manage.py import_duo_schools``).

DUO publishes the locations of all vo-schools as a semicolon-separated CSV ("alle vestigingen vo"), sometimes in
UTF-8 and sometimes in a Windows/latin-1 encoding, and the order of its columns changes between editions. The
import therefore reads columns by header name, detects the encoding and upserts each location on
(BRIN, vestigingscode). A row is either imported completely or not at all, and the whole import runs in one
transaction: a crash rolls everything back. With ``strict`` a single bad row aborts the import before anything is
written.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from os import PathLike
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from .models import Province, School, SchoolType
from .validators import normalize_brin


class DuoImportError(Exception):
    """The file as a whole cannot be imported (unreadable, or a required column is missing)."""


@dataclass(frozen=True)
class BadRow:
    line: int
    message: str

    def __str__(self):
        return f"regel {self.line}: {self.message}"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: list[BadRow] = field(default_factory=list)
    encoding: str = ""
    aborted: bool = False

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        text = (f"{self.rows} {'rij' if self.rows == 1 else 'rijen'} gelezen ({self.encoding}): {self.created} nieuw, {self.updated} bijgewerkt, "
                f"{self.unchanged} ongewijzigd, {len(self.bad)} afgekeurd")
        if self.aborted:
            text += " - import afgebroken, er is niets opgeslagen"
        return text


# Header names are compared without case, spaces, dashes or underscores; the first alias present wins.
COLUMNS = {
    "province": ["PROVINCIE"],
    "brin": ["INSTELLINGSCODE", "BRINNUMMER", "BRIN"],
    "location": ["VESTIGINGSCODE", "VESTIGINGSNUMMER"],
    "name": ["VESTIGINGSNAAM", "NAAMVESTIGING", "INSTELLINGSNAAM"],
    "street": ["STRAATNAAM", "STRAAT"],
    "house_number": ["HUISNUMMERTOEVOEGING", "HUISNUMMER"],
    "postcode": ["POSTCODE"],
    "city": ["PLAATSNAAM", "PLAATS"],
    "denomination": ["DENOMINATIE"],
    "structure": ["ONDERWIJSSTRUCTUUR"],
    "website": ["INTERNETADRES"],
}
REQUIRED = ["province", "name", "city"]

# ONDERWIJSSTRUCTUUR tokens -> our SchoolType codes. Unknown tokens (LWOO, ...) are ignored.
VMBO_ALL = ("vmbo-b", "vmbo-k", "vmbo-g", "vmbo-t")
STRUCTURE_TOKENS = {
    "PRO": ("pro",),
    "PRAKTIJKONDERWIJS": ("pro",),
    "VMBO": VMBO_ALL,
    "VBO": ("vmbo-b", "vmbo-k"),
    "MAVO": ("vmbo-t",),
    "VMBOB": ("vmbo-b",), "VMBOBB": ("vmbo-b",), "VMBOBBL": ("vmbo-b",),
    "VMBOK": ("vmbo-k",), "VMBOKB": ("vmbo-k",), "VMBOKBL": ("vmbo-k",),
    "VMBOG": ("vmbo-g",), "VMBOGL": ("vmbo-g",),
    "VMBOT": ("vmbo-t",), "VMBOTL": ("vmbo-t",),
    "VMBOGT": ("vmbo-g", "vmbo-t"), "VMBO(G)T": ("vmbo-g", "vmbo-t"),
    "VMBOBK": ("vmbo-b", "vmbo-k"),
    "HAVO": ("havo",),
    "VWO": ("vwo",), "ATHENEUM": ("vwo",), "GYMNASIUM": ("vwo",),
}
POSTCODE_RE = re.compile(r"^(\d{4})\s*([A-Za-z]{2})$")


def _norm_header(value: str) -> str:
    return re.sub(r"[\s_\-.]", "", (value or "").strip().strip('"').upper())


def school_types_from_structure(value: str) -> set[str]:
    """Map DUO's ONDERWIJSSTRUCTUUR (e.g. "VMBO/HAVO/VWO", "VMBO-B/VMBO-K", "PRO") to SchoolType codes."""
    codes: set[str] = set()
    for token in re.split(r"[/,;+&]| en ", (value or "").upper()):
        key = re.sub(r"[\s\-_.]", "", token)
        if not key:
            continue
        codes.update(STRUCTURE_TOKENS.get(key, STRUCTURE_TOKENS.get(key.replace("(", "").replace(")", ""), ())))
    return codes


SMALL_WORDS = {"aan", "bij", "de", "den", "der", "en", "het", "in", "op", "over", "ter", "van", "vd"}


def place_name(value: str) -> str:
    """DUO writes place names in capitals: 'ALPHEN AAN DEN RIJN' -> 'Alphen aan den Rijn', "'S-HERTOGENBOSCH" ->
    "'s-Hertogenbosch". Names already in mixed case are kept as they are."""
    if not value.isupper():
        return value
    words = value.lower().split(" ")
    out = []
    for index, word in enumerate(words):
        if index and word in SMALL_WORDS:
            out.append(word)
        elif word.startswith(("'s-", "'t-")):
            out.append(word[:3] + word[3:].capitalize())
        else:
            out.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(out)


def _read_text(source) -> tuple[str, str]:
    """The file's text and the encoding used: UTF-8 (with or without BOM), else Windows-1252/latin-1."""
    if isinstance(source, str | PathLike):
        with open(source, "rb") as handle:
            raw = handle.read()
    else:
        raw = source.read()
        if isinstance(raw, str):
            return raw.lstrip("\ufeff"), "tekst"
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise DuoImportError("Het bestand is niet te lezen als UTF-8 of latin-1.")  # pragma: no cover (latin-1 decodes all)


@dataclass
class _Row:
    line: int
    brin: str
    location_code: str
    values: dict
    type_codes: set[str] | None


def _parse_row(line: int, raw: dict, has_types: bool) -> _Row:
    """Validate one CSV row; raise ValidationError with a Dutch message when it cannot be imported."""
    get = lambda key: (raw.get(key) or "").strip()  # noqa: E731
    name = get("name")
    if not name:
        raise ValidationError("de vestigingsnaam ontbreekt")
    institution, location = get("brin").replace(" ", "").upper(), get("location").replace(" ", "").upper()
    if len(location) == 6:
        if institution and location[:4] != institution:
            raise ValidationError(f"vestigingscode “{location}” hoort niet bij instellingscode “{institution}”")
        institution, location = location[:4], location[4:]
    if not institution:
        raise ValidationError("de instellingscode (BRIN) ontbreekt")
    try:
        compact = normalize_brin(institution + location)
    except ValidationError:
        shown = institution + (f" / {location}" if location else "")
        raise ValidationError(f"ongeldige BRIN-code “{shown}” (verwacht: twee cijfers, twee letters en eventueel "
                              "twee cijfers voor de vestiging)")
    province = Province.from_name(get("province"))
    if province is None:
        raise ValidationError(f"onbekende provincie “{get('province')}”")
    city = get("city")
    if not city:
        raise ValidationError("de plaatsnaam ontbreekt")
    postcode = get("postcode")
    match = POSTCODE_RE.match(postcode)
    if match:
        postcode = f"{match.group(1)} {match.group(2).upper()}"
    street = " ".join(part for part in (get("street"), get("house_number")) if part)
    website = get("website")
    if website and not re.match(r"^https?://", website, re.I):
        website = f"https://{website}"
    try:
        URLValidator()(website)
    except ValidationError:
        website = ""  # a broken web address is no reason to refuse the school
    values = {
        "name": name[:200],
        "street": street[:200],
        "postcode": postcode[:10],
        "city": place_name(city),
        "province": province,
        "denomination": get("denomination")[:100],
    }
    if "website" in raw:
        values["website"] = website[:200]
    type_codes = school_types_from_structure(get("structure")) if has_types else None
    return _Row(line, compact[:4], compact[4:], values, type_codes or None)


def _rows(text: str):
    """Yield (line number, {field: value}) for each data row, and check the header first."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line or "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise DuoImportError("Het bestand is leeg.")
    positions = {_norm_header(name): index for index, name in enumerate(header)}
    columns: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in positions:
                columns[key] = positions[alias]
                break
    missing = [COLUMNS[key][0] for key in REQUIRED if key not in columns]
    if "brin" not in columns and "location" not in columns:
        missing.append("INSTELLINGSCODE")
    if missing:
        raise DuoImportError(
            "Dit lijkt geen DUO-bestand van vo-vestigingen: de kolom(men) " + ", ".join(missing) + " ontbreken. "
            "Verwacht een puntkomma-gescheiden bestand met kolomnamen in de eerste regel."
        )
    yield columns
    line = reader.line_num + 1
    for record in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        yield start, {key: record[index] if index < len(record) else "" for key, index in columns.items()}


def import_duo_schools(fileobj_or_path: str | PathLike | IO, *, strict: bool = False) -> ImportReport:
    """Upsert the school locations of a DUO CSV on (BRIN, vestigingscode); return what happened per row.

    Bad rows (invalid BRIN, unknown province, missing name, duplicates) are listed with their line number and not
    imported; the good rows are. With ``strict=True`` any bad row aborts the import and nothing is written.
    """
    text, encoding = _read_text(fileobj_or_path)
    report = ImportReport(encoding=encoding)
    rows_iter = _rows(text)
    columns = next(rows_iter)
    has_types = "structure" in columns

    parsed: list[_Row] = []
    seen: dict[tuple[str, str], int] = {}
    for line, raw in rows_iter:
        report.rows += 1
        try:
            row = _parse_row(line, raw, has_types)
        except ValidationError as exc:
            report.bad.append(BadRow(line, " ".join(exc.messages)))
            continue
        key = (row.brin, row.location_code)
        if key in seen:
            report.bad.append(BadRow(line, f"vestiging {row.brin}{row.location_code} staat ook op regel {seen[key]}"))
            continue
        seen[key] = line
        parsed.append(row)

    if strict and report.bad:
        report.aborted = True
        return report

    types_by_code = {t.code: t for t in SchoolType.objects.all()}
    with transaction.atomic():
        existing = {
            (s.brin, s.location_code): s
            for s in School.objects.filter(brin__in={r.brin for r in parsed}).prefetch_related("school_types")
        }
        for row in parsed:
            try:
                with transaction.atomic():
                    _upsert(row, existing.get((row.brin, row.location_code)), types_by_code, report)
            except (IntegrityError, ValidationError) as exc:  # the row is rolled back to its savepoint
                message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                report.bad.append(BadRow(row.line, f"niet opgeslagen: {message}"))
        report.bad.sort(key=lambda bad: bad.line)
    return report


def _upsert(row: _Row, school: School | None, types_by_code: dict, report: ImportReport) -> None:
    wanted_types = None
    if row.type_codes is not None:
        wanted_types = {types_by_code[code] for code in row.type_codes if code in types_by_code}
    if school is None:
        school = School(brin=row.brin, location_code=row.location_code, **row.values)
        school.full_clean(validate_unique=False, validate_constraints=False)
        school.save()
        if wanted_types:
            school.school_types.set(wanted_types)
        report.created += 1
        return
    changed = [name for name, value in row.values.items() if getattr(school, name) != value]
    types_changed = wanted_types is not None and {t.pk for t in wanted_types} != {
        t.pk for t in school.school_types.all()
    }
    if changed:
        for name in changed:
            setattr(school, name, row.values[name])
        school.full_clean(validate_unique=False, validate_constraints=False)
        school.save()
    if types_changed:
        school.school_types.set(wanted_types)
    if changed or types_changed:
        report.updated += 1
    else:
        report.unchanged += 1
