"""Seed the benchmark data set of DESIGN.md quickly and deterministically (bulk_create, fixed random seed).

Two tranches share 10,000 fictional schools:
- the *current* tranche: 10,000 submitted applications with 1–3 preferences each, not yet matched (the catalogue,
  application form, staff changelist and auto-match run against these);
- the *past* tranche: 10,000 matched applications with published trajectories, 40,000 meetings (8,000 trajectories
  with kickoff, three sessions and closing) and 10,000 claims (the adviser, finance and export pages use these).
Plus 300 published good practices of 150 ambassador schools and 200 advisers.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from schwifty import IBAN

from ambassadors.models import AmbassadorSchool, GoodPractice
from lobmatch.models import Province, Role, School, SchoolType, Theme, Tranche, User
from partners.models import PartnerApplication, Preference, WorkingGroupMember
from trajectories.models import Adviser, Meeting, ReimbursementClaim, Trajectory

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
PROVINCES = [p.value for p in Province]
CITIES = ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere", "Breda", "Nijmegen",
          "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Zwolle", "Leeuwarden", "Maastricht", "Middelburg", "Assen"]
WORDS = ["loopbaandossier", "reflectie", "ouderavond", "stage", "mentor", "keuzeproces", "portfolio", "beroepen",
         "doorstroom", "mbo", "talent", "gesprek", "werkplan", "decaan", "netwerk", "bedrijfsbezoek"]


def iban(n: int) -> str:
    """School ``n``'s own bank account; every 250th school is paid on the account of the school before it (one
    board, two schools), so finance's queue has accounts that claims of two schools name."""
    n -= n % 250 == 1
    return str(IBAN.generate("NL", bank_code=("ABNA", "INGB", "RABO")[n % 3], account_code=f"{n + 1:010d}"))


def brin(n: int) -> str:
    return f"{n % 100:02d}{LETTERS[(n // 100) % 24]}{LETTERS[(n // 2400) % 24]}"


def with_search_text(practice: GoodPractice) -> GoodPractice:
    """bulk_create skips save(), which keeps the stemmed search text."""
    practice.search_text = practice.build_search_text()
    return practice


def analyze() -> None:
    """The state autovacuum leaves a bulk load in a minute later: fresh planner statistics, and the visibility map
    that lets PostgreSQL answer from a covering index alone (an index-only scan; the dashboard's counts)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


class Command(BaseCommand):
    help = "Seed the benchmark data set (10,000 applications, 300 practices, 200 advisers, 40,000 meetings, 10,000 claims)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2014)
        parser.add_argument("--applications", type=int, default=10_000)
        parser.add_argument("--practices", type=int, default=300)
        parser.add_argument("--advisers", type=int, default=200)
        parser.add_argument("--meetings", type=int, default=40_000)
        parser.add_argument("--claims", type=int, default=10_000)
        parser.add_argument("--force", action="store_true", help="Seed even when the database already has data.")
        parser.add_argument("--top-up-claims", type=int, default=0, metavar="N",
                            help="On an existing scale set: grow to N claims (the export budget is set at 100,000).")
        parser.add_argument("--top-up-meetings", type=int, default=0, metavar="N",
                            help="On an existing scale set: grow to N meetings (the beat budget is set at 100,000).")

    def handle(self, *args, **opts):
        if opts["top_up_claims"] or opts["top_up_meetings"]:
            if not Tranche.objects.filter(number=901).exists():
                raise CommandError("Seed the scale data set first (manage.py seed_scale).")
            with transaction.atomic():
                self.top_up(random.Random(opts["seed"] + 1), opts["top_up_claims"], opts["top_up_meetings"])
            analyze()
            return
        if Tranche.objects.filter(number__in=[901, 902]).exists() and not opts["force"]:
            raise CommandError("The scale data set is already there (tranches 901/902). Use a fresh database.")
        rng = random.Random(opts["seed"])
        started = timezone.now()
        with transaction.atomic():
            self.seed(rng, opts)
        analyze()
        took = (timezone.now() - started).total_seconds()
        self.stdout.write(self.style.SUCCESS(f"Seeded in {took:.1f} s."))

    def top_up(self, rng: random.Random, want_claims: int, want_meetings: int) -> None:
        """Grow the scale set to ``want_claims`` claims and ``want_meetings`` meetings (the export and beat budgets
        are set at 100,000 each) with archive tranches 903, 904, … over the same partner schools. The extra
        meetings are planned over the coming 60 days, so a reminder run has real work; the extra claims are paid
        (they stay out of the finance queue of the page benchmark)."""
        past = Tranche.objects.get(number=901)
        need_claims = max(0, want_claims - ReimbursementClaim.objects.count())
        need_meetings = max(0, want_meetings - Meeting.objects.count())
        with_meetings = -(-need_meetings // 5)
        n_trajectories = max(need_claims, with_meetings)
        if not n_trajectories:
            self.stdout.write("Nothing to top up.")
            return
        schools = list(School.objects.filter(applications__tranche=past).order_by("pk"))
        practices = list(GoodPractice.objects.order_by("pk"))
        advisers = list(Adviser.objects.order_by("pk"))
        creator = PartnerApplication.objects.filter(tranche=past).values_list("created_by_id", flat=True).first()
        now = timezone.now()
        number = (Tranche.objects.order_by("-number").values_list("number", flat=True).first() or 902) + 1
        trajectories: list[Trajectory] = []
        while len(trajectories) < n_trajectories:
            shift = dt.timedelta(days=400 * (number - 902))
            tranche = Tranche.objects.create(
                number=number, name=f"Tranche schaaltest (archief {number})",
                application_opens_at=past.application_opens_at - shift,
                application_deadline=past.application_deadline - shift,
                kickoff_starts_on=past.kickoff_starts_on - shift, kickoff_ends_on=past.kickoff_ends_on - shift,
                sessions_start_on=past.sessions_start_on - shift, sessions_end_on=past.sessions_end_on - shift,
                adviser_capacity=len(schools), ambassador_capacity=len(schools),
            )
            batch = schools[: n_trajectories - len(trajectories)]
            apps = PartnerApplication.objects.bulk_create([
                PartnerApplication(tranche=tranche, school=s, created_by_id=creator,
                                   status=PartnerApplication.Status.MATCHED, project_leader_name=f"Projectleider {i}",
                                   project_leader_email=f"pl{i}@example.org", school_leader_name=f"Schoolleider {i}",
                                   school_leader_email=f"sl{i}@example.org", submitted_at=tranche.application_deadline)
                for i, s in enumerate(batch)
            ], batch_size=5000)
            trajectories += Trajectory.objects.bulk_create([
                Trajectory(tranche=tranche, application=a, practice=practices[i % len(practices)],
                           adviser=advisers[i % len(advisers)], status=Trajectory.Status.PUBLISHED, score=1000)
                for i, a in enumerate(apps)
            ], batch_size=5000)
            number += 1
        planned = trajectories[:with_meetings]
        WorkingGroupMember.objects.bulk_create([
            WorkingGroupMember(application_id=t.application_id, name=f"Lid {j}", role="docent",
                               email=f"lid{j}-{t.application_id}@example.org", is_project_leader=(j == 0), order=j)
            for t in planned for j in range(5)
        ], batch_size=10000)
        kinds = [(Meeting.Kind.KICKOFF, 0), (Meeting.Kind.SESSION, 1), (Meeting.Kind.SESSION, 2),
                 (Meeting.Kind.SESSION, 3), (Meeting.Kind.CLOSING, 0)]
        meetings = [
            Meeting(trajectory=t, kind=kind, number=n, status=Meeting.Status.PLANNED,
                    planned_start=now + dt.timedelta(hours=1 + rng.randrange(60 * 24)), duration_minutes=90)
            for t in planned for kind, n in kinds
        ][:need_meetings]
        Meeting.objects.bulk_create(meetings, batch_size=10000)
        cap = past.max_claim_amount
        claims = [
            ReimbursementClaim(trajectory=t, status=ReimbursementClaim.Status.PAID, amount=cap, cap_amount=cap,
                               counted_hours=Decimal("72.00"), hourly_rate=past.hourly_rate, iban=iban(i),
                               account_holder=f"Stichting Schaalcollege {i}", submitted_at=now)
            for i, t in enumerate(trajectories[:need_claims])
        ]
        ReimbursementClaim.objects.bulk_create(claims, batch_size=10000)
        self.stdout.write(f"topped up: trajectories {len(trajectories)}, meetings {len(meetings)}, "
                          f"claims {len(claims)}; now {Meeting.objects.count()} meetings and "
                          f"{ReimbursementClaim.objects.count()} claims")

    def seed(self, rng: random.Random, opts):  # noqa: C901 - one linear script
        n_apps, n_practices, n_advisers = opts["applications"], opts["practices"], opts["advisers"]
        n_claims, n_meetings = opts["claims"], opts["meetings"]
        now = timezone.now()
        themes = list(Theme.objects.all())
        types = list(SchoolType.objects.all())
        password = make_password("lob-bench-2026")

        current = Tranche.objects.create(
            number=902, name="Tranche schaaltest (lopend)", application_opens_at=now - dt.timedelta(days=60),
            application_deadline=now + dt.timedelta(days=30), kickoff_starts_on=(now + dt.timedelta(days=60)).date(),
            kickoff_ends_on=(now + dt.timedelta(days=90)).date(), sessions_start_on=(now + dt.timedelta(days=120)).date(),
            sessions_end_on=(now + dt.timedelta(days=220)).date(), adviser_capacity=4,
        )
        past = Tranche.objects.create(
            number=901, name="Tranche schaaltest (afgerond)", application_opens_at=now - dt.timedelta(days=400),
            application_deadline=now - dt.timedelta(days=340), kickoff_starts_on=(now - dt.timedelta(days=300)).date(),
            kickoff_ends_on=(now - dt.timedelta(days=270)).date(), sessions_start_on=(now - dt.timedelta(days=240)).date(),
            sessions_end_on=(now - dt.timedelta(days=120)).date(), adviser_capacity=n_apps,
            ambassador_capacity=n_apps,
        )

        # Schools: the partner schools and the ambassador schools.
        n_ambassadors = max(1, n_practices // 2)
        schools = School.objects.bulk_create([
            School(brin=brin(i), location_code=f"{(i // 57600) % 100:02d}", name=f"Schaalcollege {i}",
                   city=rng.choice(CITIES), province=rng.choice(PROVINCES))
            for i in range(n_apps + n_ambassadors)
        ], batch_size=2000)
        through = School.school_types.through
        through.objects.bulk_create([
            through(school_id=s.pk, schooltype_id=t.pk) for s in schools for t in rng.sample(types, 2)
        ], batch_size=5000)
        partner_schools, ambassador_schools = schools[:n_apps], schools[n_apps:]

        users = User.objects.bulk_create([
            User(email=f"bench{i}@example.org", first_name="Bench", last_name=str(i), password=password)
            for i in range(n_apps // 5 + n_ambassadors + n_advisers + 2)
        ], batch_size=2000)
        contacts = users[: n_apps // 5]
        amb_users = users[n_apps // 5: n_apps // 5 + n_ambassadors]
        adv_users = users[n_apps // 5 + n_ambassadors: n_apps // 5 + n_ambassadors + n_advisers]
        staff_user, finance_user = users[-2], users[-1]
        groups = {g.name: g for g in Group.objects.all()}
        ug = User.groups.through
        ug.objects.bulk_create(
            [ug(user_id=u.pk, group_id=groups[Role.SCHOOL_CONTACT].pk) for u in contacts]
            + [ug(user_id=u.pk, group_id=groups[Role.AMBASSADOR].pk) for u in amb_users]
            + [ug(user_id=u.pk, group_id=groups[Role.ADVISER].pk) for u in adv_users]
            + [ug(user_id=staff_user.pk, group_id=groups[Role.STAFF].pk),
               ug(user_id=finance_user.pk, group_id=groups[Role.FINANCE].pk)],
            batch_size=5000,
        )
        User.objects.filter(pk=staff_user.pk).update(email="bench-staff@example.org", is_staff=True)
        User.objects.filter(pk=finance_user.pk).update(email="bench-finance@example.org")

        ambassadors = AmbassadorSchool.objects.bulk_create(
            [AmbassadorSchool(school=s) for s in ambassador_schools], batch_size=2000)
        AmbassadorSchool.contacts.through.objects.bulk_create([
            AmbassadorSchool.contacts.through(ambassadorschool_id=a.pk, user_id=u.pk)
            for a, u in zip(ambassadors, amb_users, strict=True)
        ])
        AmbassadorSchool.tranches.through.objects.bulk_create([
            AmbassadorSchool.tranches.through(ambassadorschool_id=a.pk, tranche_id=t.pk)
            for a in ambassadors for t in (current, past)
        ])
        practices = GoodPractice.objects.bulk_create([
            with_search_text(GoodPractice(
                ambassador=ambassadors[i % n_ambassadors], title=f"Good practice {i}: {' '.join(rng.sample(WORDS, 2))}",
                slug=f"schaal-good-practice-{i}", region="Regio", province=ambassadors[i % n_ambassadors].school.province,
                summary=" ".join(rng.sample(WORDS, 6)), description=" ".join(rng.choices(WORDS, k=80)),
                principles="\n".join(rng.sample(WORDS, 4)), tips="\n".join(rng.sample(WORDS, 4)),
                contact_name="Contact", contact_email=f"gp{i}@example.org", status=GoodPractice.Status.PUBLISHED,
                published_at=now,
            ))
            for i in range(n_practices)
        ], batch_size=2000)
        GoodPractice.themes.through.objects.bulk_create([
            GoodPractice.themes.through(goodpractice_id=p.pk, theme_id=t.pk)
            for p in practices for t in rng.sample(themes, 3)
        ], batch_size=5000)
        GoodPractice.school_types.through.objects.bulk_create([
            GoodPractice.school_types.through(goodpractice_id=p.pk, schooltype_id=t.pk)
            for p in practices for t in rng.sample(types, 3)
        ], batch_size=5000)

        advisers = Adviser.objects.bulk_create([
            Adviser(user=u, provinces=rng.sample(PROVINCES, 3)) for u in adv_users], batch_size=2000)
        Adviser.expertise.through.objects.bulk_create([
            Adviser.expertise.through(adviser_id=a.pk, theme_id=t.pk) for a in advisers for t in rng.sample(themes, 4)
        ], batch_size=5000)

        def applications(tranche, status):
            apps = PartnerApplication.objects.bulk_create([
                PartnerApplication(
                    tranche=tranche, school=s, created_by=contacts[i % len(contacts)], status=status,
                    project_leader_name=f"Projectleider {i}", project_leader_email=f"pl{i}@example.org",
                    school_leader_name=f"Schoolleider {i}", school_leader_email=f"sl{i}@example.org",
                    lob_situation=" ".join(rng.choices(WORDS, k=30)), ambition=" ".join(rng.choices(WORDS, k=20)),
                    motivation=" ".join(rng.choices(WORDS, k=30)), commit_project_leader=True,
                    commit_working_group=True, commit_school_leader=True, consent_publicity=True,
                    consent_privacy=True, submitted_at=tranche.application_opens_at + dt.timedelta(days=1),
                )
                for i, s in enumerate(partner_schools)
            ], batch_size=2000)
            WorkingGroupMember.objects.bulk_create([
                WorkingGroupMember(application=a, name=f"Lid {j} van {a.pk}", role="docent",
                                   email=f"lid{j}-{a.pk}@example.org", is_project_leader=(j == 0), order=j)
                for a in apps for j in range(5)
            ], batch_size=5000)
            prefs = []
            for a in apps:
                for rank, p in enumerate(rng.sample(practices, rng.randint(1, 3)), start=1):
                    prefs.append(Preference(application=a, practice=p, rank=rank))
            Preference.objects.bulk_create(prefs, batch_size=5000)
            return apps

        applications(current, PartnerApplication.Status.SUBMITTED)
        matched = applications(past, PartnerApplication.Status.MATCHED)

        trajectories = Trajectory.objects.bulk_create([
            Trajectory(tranche=past, application=a, practice=practices[i % n_practices], adviser=advisers[i % n_advisers],
                       status=Trajectory.Status.PUBLISHED, score=1000)
            for i, a in enumerate(matched)
        ], batch_size=2000)

        n_with_meetings = min(len(trajectories), n_meetings // 5)
        base = timezone.make_aware(dt.datetime.combine(past.sessions_start_on, dt.time(13, 0)))
        meetings = []
        for i, t in enumerate(trajectories[:n_with_meetings]):
            start = base + dt.timedelta(days=i % 60)
            meetings.append(Meeting(trajectory=t, kind=Meeting.Kind.KICKOFF, number=0, status=Meeting.Status.HELD,
                                    planned_start=start - dt.timedelta(days=90), duration_minutes=90, progress=2))
            for n in (1, 2, 3):
                meetings.append(Meeting(trajectory=t, kind=Meeting.Kind.SESSION, number=n, status=Meeting.Status.HELD,
                                        planned_start=start + dt.timedelta(days=30 * (n - 1)), progress=2 + n // 2))
            meetings.append(Meeting(trajectory=t, kind=Meeting.Kind.CLOSING, number=0,
                                    status=Meeting.Status.PLANNED, planned_start=now + dt.timedelta(days=1 + i % 14),
                                    duration_minutes=90))
        Meeting.objects.bulk_create(meetings, batch_size=5000)

        statuses = [ReimbursementClaim.Status.SUBMITTED, ReimbursementClaim.Status.APPROVED,
                    ReimbursementClaim.Status.APPROVED, ReimbursementClaim.Status.DRAFT]
        cap = past.max_claim_amount
        claims = []
        for i, t in enumerate(trajectories[:n_claims]):
            hours = Decimal(rng.randint(24, 72)) / 2
            amount = min(cap, (hours * past.hourly_rate).quantize(Decimal("0.01"), ROUND_HALF_UP))
            claims.append(ReimbursementClaim(
                trajectory=t, status=statuses[i % len(statuses)], amount=amount, cap_amount=cap,
                counted_hours=hours, hourly_rate=past.hourly_rate, iban=iban(i),
                account_holder=f"=Stichting Schaalcollege {i}" if i % 997 == 0 else f"Stichting Schaalcollege {i}",
                submitted_at=now - dt.timedelta(days=i % 30),
            ))
        ReimbursementClaim.objects.bulk_create(claims, batch_size=5000)

        self.stdout.write(
            f"tranches 2, schools {len(schools)}, applications {2 * len(partner_schools)}, practices {len(practices)}, "
            f"advisers {len(advisers)}, trajectories {len(trajectories)}, meetings {len(meetings)}, "
            f"claims {len(claims)}; staff bench-staff@example.org, finance bench-finance@example.org "
            f"(password lob-bench-2026)"
        )
