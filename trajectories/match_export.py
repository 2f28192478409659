"""Who is matched with whom, as CSV for Dutch Excel (semicolons, a BOM, every cell through
:func:`lobmatch.spreadsheets.csv_writer`): the list the programme office sends round once the matches stand, with the
contacts of the partner school, the ambassador school and the adviser on one row."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from lobmatch.spreadsheets import excel_csv_writer
from partners.models import Preference

from .models import Trajectory

HEADER = ["traject", "status", "tranche", "partnerschool", "brin", "plaats", "provincie", "projectleider",
          "e-mail projectleider", "telefoon projectleider", "schoolleider", "e-mail schoolleider", "good practice",
          "keuze van de school", "ambassadeursschool", "brin ambassadeursschool", "contact ambassadeursschool",
          "adviseur", "e-mail adviseur"]


def filename() -> str:
    return f"koppelingen-{timezone.localtime():%Y%m%d-%H%M}.csv"


def write_matches_csv(trajectories: QuerySet[Trajectory], out) -> None:
    """Write ``trajectories`` to the text stream ``out``, one row each, in two queries whatever their number. A
    cancelled one (a proposal that lapsed, a match that ended) matches nobody with anybody and is left out."""
    writer = excel_csv_writer(out)
    writer.writerow(HEADER)
    rows = (trajectories.exclude(status=Trajectory.Status.CANCELLED)
            .order_by("tranche__number", "application__school__name", "pk")
            .select_related("tranche", "application__school", "practice__ambassador__school", "adviser__user")
            .prefetch_related("practice__ambassador__contacts")
            .annotate(rank=Subquery(Preference.objects.filter(application=OuterRef("application"),
                                                              practice=OuterRef("practice")).values("rank")[:1])))
    for trajectory in rows:
        writer.writerow(_row(trajectory))


def _row(t: Trajectory) -> list:
    app, school, ambassador = t.application, t.application.school, t.practice.ambassador
    return [
        t.pk, t.get_status_display(), str(t.tranche), school.name, school.code, school.city,
        school.get_province_display(), app.project_leader_name, app.project_leader_email, app.project_leader_phone,
        app.school_leader_name, app.school_leader_email, t.practice.title, t.rank or "", ambassador.school.name,
        ambassador.school.code, ", ".join(sorted(u.email for u in ambassador.contacts.all())),
        t.adviser.user.get_full_name() or t.adviser.user.email, t.adviser.user.email,
    ]
