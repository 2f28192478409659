"""``manage.py import_duo_schools FILE``: upsert DUO's open CSV of secondary-school locations."""

from django.core.management.base import BaseCommand, CommandError

from lobmatch.duo_import import DuoImportError, import_duo_schools


class Command(BaseCommand):
    help = (
        "Importeer het open DUO-bestand met vestigingen van vo-scholen (CSV, puntkomma, UTF-8 of latin-1). "
        "Scholen worden bijgewerkt op BRIN + vestigingscode; afgekeurde regels worden met regelnummer gemeld."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="pad naar het CSV-bestand van DUO")
        parser.add_argument(
            "--strict", action="store_true",
            help="breek de hele import af (en sla niets op) zodra één regel is afgekeurd",
        )

    def handle(self, *args, file, strict, **options):
        try:
            report = import_duo_schools(file, strict=strict)
        except FileNotFoundError:
            raise CommandError(f"Bestand niet gevonden: {file}")
        except DuoImportError as exc:
            raise CommandError(str(exc))
        for bad in report.bad:
            self.stderr.write(f"Afgekeurd {bad}")
        self.stdout.write(
            f"Nieuw: {report.created}  bijgewerkt: {report.updated}  ongewijzigd: {report.unchanged}  "
            f"afgekeurd: {len(report.bad)}"
        )
        if report.aborted:
            raise CommandError(
                f"Import afgebroken (--strict): {len(report.bad)} afgekeurde "
                f"{'regel' if len(report.bad) == 1 else 'regels'}; er is niets opgeslagen."
            )
        style = self.style.WARNING if report.bad else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
