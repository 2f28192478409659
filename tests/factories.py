"""factory-boy factories shared by the whole suite."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from ambassadors.models import AmbassadorSchool, GoodPractice
from lobmatch.models import Province, Role, School, SchoolType, Theme, Tranche, User
from partners.models import PartnerApplication, Preference, WorkingGroupMember
from trajectories.models import Adviser, Attendance, Meeting, ReimbursementClaim, Trajectory

BRIN_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def brin_for(n: int) -> str:
    """A syntactically valid, unique BRIN for test number n (two digits, two letters)."""
    digits = n % 100
    letters = BRIN_LETTERS[(n // 100) % 24] + BRIN_LETTERS[(n // 2400) % 24]
    return f"{digits:02d}{letters}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for role in extracted:
            self.groups.add(Group.objects.get(name=role))
        if Role.STAFF in extracted:
            self.is_staff = True
        self.save()
        self._role_names = None

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if not create:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=self, email=self.email, defaults={"verified": extracted is not False, "primary": True}
        )


class TrancheFactory(factory.django.DjangoModelFactory):
    """A tranche whose application window is open now (deadline in 30 days)."""

    class Meta:
        model = Tranche

    number = factory.Sequence(lambda n: 100 + n)
    name = factory.LazyAttribute(lambda o: f"Tranche {o.number}")
    application_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    application_deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    kickoff_starts_on = factory.LazyFunction(lambda: (timezone.now() + dt.timedelta(days=60)).date())
    kickoff_ends_on = factory.LazyFunction(lambda: (timezone.now() + dt.timedelta(days=90)).date())
    sessions_start_on = factory.LazyFunction(lambda: (timezone.now() + dt.timedelta(days=120)).date())
    sessions_end_on = factory.LazyFunction(lambda: (timezone.now() + dt.timedelta(days=220)).date())
    hourly_rate = Decimal("55.00")
    max_hours_per_session = Decimal("4")
    max_members_reimbursed = 6
    guided_sessions = 3


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        skip_postgeneration_save = True

    brin = factory.Sequence(brin_for)
    location_code = ""
    name = factory.Sequence(lambda n: f"Testcollege {n}")
    city = "Utrecht"
    province = Province.UTRECHT

    @factory.post_generation
    def types(self, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else ["havo", "vwo"]
            self.school_types.set(SchoolType.objects.filter(code__in=codes))


class AmbassadorSchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AmbassadorSchool

    school = factory.SubFactory(SchoolFactory)


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodPractice
        skip_postgeneration_save = True

    ambassador = factory.SubFactory(AmbassadorSchoolFactory)
    title = factory.Sequence(lambda n: f"Loopbaandossier {n}")
    slug = factory.Sequence(lambda n: f"loopbaandossier-{n}")
    region = "Midden-Nederland"
    province = Province.UTRECHT
    summary = "Leerlingen bouwen een loopbaandossier op dat meegaat naar het mbo."
    description = "Een regionaal loopbaandossier als aanvulling op het doorstroomdossier."
    principles = "De leerling is eigenaar\nHet dossier brengt keuzes in beeld"
    tips = "Maak lestijd vrij\nBetrek de mentoren"
    contact_name = "Jan Jansen"
    contact_email = "jan@example.org"
    status = GoodPractice.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def theme_slugs(self, create, extracted, **kwargs):
        if create:
            slugs = extracted or ["externe-partijen"]
            self.themes.set(Theme.objects.filter(slug__in=slugs))

    @factory.post_generation
    def type_codes(self, create, extracted, **kwargs):
        if create:
            self.school_types.set(SchoolType.objects.filter(code__in=extracted or ["vmbo-t", "havo"]))


class PartnerApplicationFactory(factory.django.DjangoModelFactory):
    """A complete application (still a draft unless status is given)."""

    class Meta:
        model = PartnerApplication

    tranche = factory.SubFactory(TrancheFactory)
    school = factory.SubFactory(SchoolFactory)
    created_by = factory.SubFactory(UserFactory, roles=[Role.SCHOOL_CONTACT])
    project_leader_name = "Petra de Vries"
    project_leader_email = "petra@example.org"
    project_leader_position = "decaan"
    school_leader_name = "Karel Bos"
    school_leader_email = "karel@example.org"
    lob_situation = "LOB is versnipperd over de mentoren."
    ambition = "Een doorlopende leerlijn LOB."
    motivation = "Wij willen leren van een school die het al goed doet."
    commit_project_leader = True
    commit_working_group = True
    commit_school_leader = True
    consent_publicity = True
    consent_privacy = True


class WorkingGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroupMember

    application = factory.SubFactory(PartnerApplicationFactory)
    name = factory.Sequence(lambda n: f"Werkgroeplid {n}")
    role = "docent"
    email = factory.Sequence(lambda n: f"lid{n}@example.org")
    order = factory.Sequence(int)


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    application = factory.SubFactory(PartnerApplicationFactory)
    practice = factory.SubFactory(GoodPracticeFactory)
    rank = 1


class AdviserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adviser

    user = factory.SubFactory(UserFactory, roles=[Role.ADVISER])
    provinces = factory.LazyFunction(lambda: [Province.UTRECHT])


class TrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trajectory

    application = factory.SubFactory(PartnerApplicationFactory, status=PartnerApplication.Status.MATCHED)
    tranche = factory.SelfAttribute("application.tranche")
    practice = factory.SubFactory(GoodPracticeFactory)
    adviser = factory.SubFactory(AdviserFactory)
    status = Trajectory.Status.PUBLISHED


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    trajectory = factory.SubFactory(TrajectoryFactory)
    kind = Meeting.Kind.SESSION
    number = 1
    # (in the past: only a meeting whose start has passed can be logged as held)
    planned_start = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2))
    duration_minutes = 240
    location = "Aula"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(WorkingGroupMemberFactory)
    hours_present = Decimal("4")


class ReimbursementClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReimbursementClaim

    trajectory = factory.SubFactory(TrajectoryFactory)
    cap_amount = Decimal("3960.00")
    hourly_rate = Decimal("55.00")
    iban = "NL91ABNA0417164300"
    account_holder = "Stichting Testcollege"


def export_batch(by, **kwargs):
    """Finance previews the next batch and confirms exactly what it saw (as the preview page does)."""
    from trajectories.services import exports

    preview = exports.preview_batch()
    return exports.create_batch(by=by, claim_ids=preview.claim_ids, total=preview.total, **kwargs)


def approve_claim(claim, by, reason=""):
    """Finance approves the amount the logs give now (the amount its claim page shows)."""
    from trajectories.services import claims

    return claims.decide(claim, approve=True, reason=reason, by=by,
                         amount=claims.money(claim)[1].amount)
