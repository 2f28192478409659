"""``manage.py anonymise_closed_trajectories [--years N] [--dry-run]``: the AVG retention run (see trajectories.privacy).

Safe to schedule (e.g. monthly from beat or cron): it is idempotent and keeps every money record."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trajectories.privacy import anonymise_closed_trajectories


class Command(BaseCommand):
    help = ("Anonymise the personal data of trajectories closed (completed or cancelled) longer ago than the "
            "retention period; claim amounts, statuses and export batches are kept.")

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=None,
                            help=f"retention in years (default: LOBMATCH_RETENTION_YEARS = "
                                 f"{settings.LOBMATCH_RETENTION_YEARS})")
        parser.add_argument("--dry-run", action="store_true", help="only report what would be anonymised")

    def handle(self, *args, years=None, dry_run=False, **options):
        if years is not None and years < 1:
            raise CommandError("--years must be at least 1")
        result = anonymise_closed_trajectories(years=years, dry_run=dry_run)
        verb = "would anonymise" if dry_run else "anonymised"
        self.stdout.write(
            f"{verb} {result.count} trajectories closed before {result.cutoff:%Y-%m-%d}: "
            f"{result.applications} applications, {result.members} working-group members, {result.claims} claims, "
            f"{result.pulse_comments} pulse comments, {result.pulse_invitations} pulse invitations, "
            f"{result.poll_participants} poll participants, {result.calendar_feeds} calendar feeds"
            + ("" if dry_run else f", {result.history_rows} history rows")
        )
        if result.trajectories:
            self.stdout.write("trajectories: " + ", ".join(map(str, result.trajectories)))
