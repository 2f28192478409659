"""``manage.py export_personal_data EMAIL``: what the programme holds about one person, as JSON on stdout
(an AVG request for access). See trajectories.privacy.export_personal_data."""

import json

from django.core.management.base import BaseCommand, CommandError

from trajectories.privacy import export_personal_data


class Command(BaseCommand):
    help = "Print the personal data held about one email address as JSON (user, applications, working groups, ...)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if "@" not in email:
            raise CommandError("give an email address")
        data = export_personal_data(email)
        found = data["user"] or any(data[k] for k in ("applications", "named_in_applications",
                                                       "working_group_memberships", "pulse_invitations",
                                                       "poll_participations", "calendar_feeds"))
        if not found:
            self.stderr.write(f"nothing is held about {email}")
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False))
