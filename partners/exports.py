"""The staff list of applications as CSV for Dutch Excel: semicolons, a BOM so accents survive, every cell through
:func:`lobmatch.spreadsheets.csv_writer` (formula-like text neutralised)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from lobmatch.spreadsheets import excel_csv_writer

from .models import PartnerApplication

HEADER = ["id", "school", "brin", "plaats", "provincie", "tranche", "status", "ingediend", "met verlenging",
          "projectleider", "e-mail projectleider", "telefoon projectleider", "schoolleider", "e-mail schoolleider",
          "keuze 1", "keuze 2", "keuze 3", "werkgroep (aantal)", "werkgroep", "motivatie"]


def filename() -> str:
    return f"aanmeldingen-{timezone.localtime():%Y%m%d-%H%M}.csv"


def write_applications_csv(applications: QuerySet[PartnerApplication], out) -> None:
    """Write ``applications`` to the text stream ``out``, one row each, in two queries for the related rows."""
    writer = excel_csv_writer(out)
    writer.writerow(HEADER)
    rows = applications.select_related("school", "tranche").prefetch_related("preferences__practice", "members")
    for app in rows:
        writer.writerow(_row(app))


def _row(app: PartnerApplication) -> list:
    prefs = {p.rank: p.practice.title for p in app.preferences.all()}
    members = list(app.members.all())
    school = app.school
    return [
        app.pk, school.name if school else app.school_entry.get("name", ""),
        school.code if school else app.school_entry.get("brin", ""), school.city if school else "",
        school.get_province_display() if school else "", str(app.tranche), app.get_status_display(),
        timezone.localtime(app.submitted_at).strftime("%d-%m-%Y %H:%M") if app.submitted_at else "",
        "ja" if app.submitted_late else "nee",
        app.project_leader_name, app.project_leader_email, app.project_leader_phone,
        app.school_leader_name, app.school_leader_email,
        prefs.get(1, ""), prefs.get(2, ""), prefs.get(3, ""), len(members),
        ", ".join(m.name for m in members), app.motivation,
    ]
