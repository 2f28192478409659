"""``manage.py demo_data``: fill the database with the fictional programme of the local demo and print its logins.

The content lives in demo/content.toml and is built through the services by demo/load.py; the programme's apps do
not import the demo.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from ambassadors.models import AmbassadorSchool, GoodPractice
from partners.models import PartnerApplication
from trajectories.models import Adviser, Trajectory

from ... import load


class Command(BaseCommand):
    help = "Vul de database met fictieve demogegevens (idempotent: nogmaals draaien verandert niets)."

    def handle(self, *args, **options):
        started = time.monotonic()
        builder = load.build()
        if options["verbosity"] > 0:
            self.report(builder.current, load.content(), time.monotonic() - started)

    def report(self, current, content: dict, seconds: float):
        write = self.stdout.write
        deadline = timezone.localtime(current.application_deadline)
        write(self.style.SUCCESS(f"Demogegevens klaar in {seconds:.1f} s."))
        write(
            f"  {AmbassadorSchool.objects.count()} ambassadeursscholen, "
            f"{GoodPractice.objects.filter(status=GoodPractice.Status.PUBLISHED).count()} gepubliceerde good practices, "
            f"{Adviser.objects.count()} adviseurs, "
            f"{PartnerApplication.objects.filter(tranche=current).count()} aanmeldingen in {current}, "
            f"{Trajectory.objects.count()} trajecten."
        )
        write(f"  {current}: aanmelden kan tot {deadline:%d-%m-%Y %H:%M} (Europe/Amsterdam).")
        write("")
        logins, password = content["logins"].values(), content["password"]
        width = max(len(login["email"]) for login in logins)
        write(f"  {'Rol':<30} {'E-mailadres':<{width}}  Wachtwoord")
        write(f"  {'-' * 30} {'-' * width}  {'-' * len(password)}")
        for login in logins:
            write(f"  {login['label']:<30} {login['email']:<{width}}  {password}")
        write("")
        if settings.LOBMATCH_REQUIRE_MFA:
            write(self.style.WARNING(
                "  Staf, financiën en beheer moeten bij de eerste keer inloggen een authenticator-app (TOTP) "
                "instellen. Voor de lokale demo kan dat uit met LOBMATCH_REQUIRE_MFA=0 (zoals `make run` doet)."))
        else:
            write(self.style.WARNING(
                "  De tweede factor is in deze lokale demo uitgeschakeld (LOBMATCH_REQUIRE_MFA=0, zoals `make run` "
                "instelt). In productie moeten staf en financiën altijd een authenticator-app gebruiken."))
