"""``manage.py demo_data``: fill the database with a fictional but realistic programme for the local demo.

Idempotent: every object is looked up on a stable natural key (email, BRIN + location, slug, tranche number, ...)
and only saved when a value differs, so a second run on the same day changes nothing (not even history rows).
Dates are relative to today, so the current tranche is always open for applications. Statuses only move forward,
through :func:`lobmatch.workflow.apply_transition`, so they are recorded like any other transition.
The content (schools, practices, people) lives in :mod:`trajectories.demo`.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import ROUND_HALF_UP, Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed
from schwifty import IBAN

from ambassadors.models import AmbassadorSchool, GoodPractice
from lobmatch.models import Role, School, SchoolType, StatusChange, Theme, Tranche, User
from lobmatch.validators import normalize_brin
from lobmatch.workflow import apply_transition
from partners.models import PartnerApplication, Preference, WorkingGroupMember
from trajectories import demo
from trajectories.models import (
    Adviser,
    Attendance,
    Meeting,
    PulseInvitation,
    PulseResponse,
    ReimbursementClaim,
    Trajectory,
)

CENT = Decimal("0.01")


def upsert(model, lookup: dict, values: dict | None = None):
    """update_or_create that only writes when a value differs (no needless history rows or timestamps)."""
    values = values or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj, False


def add_missing(manager, *objs) -> None:
    """``manager.add`` without touching anything when the links exist (a plain add bumps SQLite's sequences)."""
    present = set(manager.filter(pk__in=[o.pk for o in objs]).values_list("pk", flat=True))
    missing = [o for o in objs if o.pk not in present]
    if missing:
        manager.add(*missing)


def advance(obj, path: list[str], target: str, *, by=None, reason: str = "", prepare=None):
    """Walk the workflow ``path`` (transition names) until the status is ``target``; skip quietly where the object
    has gone another way (someone played with the demo), so a re-run never fails and never moves back.
    ``by`` is a user, or a dict {transition name: user}."""
    for name in path:
        if obj.status == target:
            return obj
        method = getattr(obj, name)
        if not can_proceed(method):
            continue
        if prepare:
            prepare(name, obj)
        actor = by.get(name) if isinstance(by, dict) else by
        apply_transition(obj, name, by=actor, reason=reason)
    return obj


def local(day: dt.date, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute, second)))


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def claim_calculation(tranche: Tranche, sessions: list[Meeting]) -> tuple[Decimal, list[dict]]:
    """Counted hours per held guided session: each present member counts min(hours, max per session), at most
    ``max_members_reimbursed`` members (those with the most hours). Same rule as the finance service."""
    total, lines = Decimal("0"), []
    for meeting in sessions:
        if meeting.kind != Meeting.Kind.SESSION or meeting.status != Meeting.Status.HELD:
            continue
        if meeting.number > tranche.guided_sessions:
            continue
        hours = sorted(
            (min(a.hours_present, tranche.max_hours_per_session) for a in meeting.attendances.all()
             if a.hours_present > 0),
            reverse=True,
        )[: tranche.max_members_reimbursed]
        counted = sum(hours, Decimal("0"))
        total += counted
        lines.append({
            "meeting": meeting.pk, "session": meeting.number,
            "date": timezone.localdate(meeting.planned_start).isoformat(),
            "members_counted": len(hours), "hours": str(counted),
            "amount": str(quantize(counted * tranche.hourly_rate)),
        })
    return total, lines


class Builder:
    def __init__(self, today: dt.date):
        self.today = today
        self.password_hash = None
        self.verified_hashes: set[str] = set()
        self.groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
        self.themes = {t.slug: t for t in Theme.objects.all()}
        self.types = {t.code: t for t in SchoolType.objects.all()}
        self.users: dict[str, User] = {}

    # --- people -------------------------------------------------------------------------------------------------

    def user(self, email: str, first: str, last: str, roles=(), *, is_staff=False, is_superuser=False) -> User:
        user, _ = upsert(
            User, {"email": email},
            {"first_name": first, "last_name": last, "is_staff": is_staff or is_superuser,
             "is_superuser": is_superuser, "is_active": True},
        )
        self.ensure_demo_password(user)
        add_missing(user.groups, *[self.groups[role] for role in roles])
        upsert(EmailAddress, {"user": user, "email": email}, {"verified": True, "primary": True})
        self.users[email] = user
        return user

    def ensure_demo_password(self, user: User) -> None:
        """Every demo user has the demo password. One hash is shared and each distinct stored hash is checked
        once: hashing ~50 passwords with the production hasher would take most of the time budget."""
        if user.password in self.verified_hashes:
            return
        if user.password and check_password(demo.DEMO_PASSWORD, user.password):
            self.verified_hashes.add(user.password)
            return
        if self.password_hash is None:
            self.password_hash = make_password(demo.DEMO_PASSWORD)
            self.verified_hashes.add(self.password_hash)
        user.password = self.password_hash
        user.save(update_fields=["password"])

    # --- tranches -----------------------------------------------------------------------------------------------

    def tranches(self):
        t = self.today
        current = {
            "name": "Tranche 2",
            "application_opens_at": local(t - dt.timedelta(days=60)),
            "application_deadline": local(t + dt.timedelta(days=21), 23, 59, 59),
            "kickoff_starts_on": t + dt.timedelta(days=35), "kickoff_ends_on": t + dt.timedelta(days=65),
            "sessions_start_on": t + dt.timedelta(days=90), "sessions_end_on": t + dt.timedelta(days=200),
        }
        past = {
            "name": "Tranche 1",
            "application_opens_at": local(t - dt.timedelta(days=330)),
            "application_deadline": local(t - dt.timedelta(days=270), 23, 59, 59),
            "kickoff_starts_on": t - dt.timedelta(days=140), "kickoff_ends_on": t - dt.timedelta(days=105),
            "sessions_start_on": t - dt.timedelta(days=100), "sessions_end_on": t + dt.timedelta(days=45),
        }
        self.past, _ = upsert(Tranche, {"number": 1}, past)
        self.current, _ = upsert(Tranche, {"number": 2}, current)
        for tranche in (self.past, self.current):
            tranche.full_clean()

    # --- schools --------------------------------------------------------------------------------------------------

    def school(self, data: dict) -> School:
        brin = normalize_brin(data["brin"])
        school, _ = upsert(
            School, {"brin": brin, "location_code": "00"},
            {"name": data["name"], "city": data["city"], "province": data["province"],
             "street": data.get("street", ""), "postcode": data.get("postcode", ""),
             "denomination": data.get("denomination", "")},
        )
        school.school_types.set([self.types[code] for code in data["types"]])
        return school

    def ambassadors(self):
        self.practices: list[GoodPractice] = []
        self.ambassador_schools: list[AmbassadorSchool] = []
        for data in demo.AMBASSADORS:
            school = self.school(data)
            email, first, last = data["contact"]
            contact = self.user(email, first, last, [Role.AMBASSADOR])
            ambassador, _ = upsert(AmbassadorSchool, {"school": school},
                                   {"introduction": data["introduction"], "active": True})
            add_missing(ambassador.contacts, contact)
            add_missing(ambassador.tranches, self.past, self.current)
            self.ambassador_schools.append(ambassador)
            for item in data["practices"]:
                practice, _ = upsert(GoodPractice, {"slug": slugify_title(item["title"])}, {
                    "ambassador": ambassador, "title": item["title"], "region": item["region"],
                    "province": data["province"], "summary": item["summary"], "description": item["description"],
                    "principles": item["principles"], "tips": item["tips"],
                    "contact_name": f"{first} {last}", "contact_email": email,
                })
                practice.themes.set([self.themes[slug] for slug in item["themes"]])
                practice.school_types.set([self.types[code] for code in item["types"]])
                advance(practice, ["publish"], GoodPractice.Status.PUBLISHED, by=self.staff,
                        reason="Gepubliceerd voor de demo")
                self.practices.append(practice)

    def advisers(self):
        self.adviser_list: list[Adviser] = []
        schools = {s.brin: s for s in School.objects.filter(location_code="00")}
        for data in demo.ADVISERS:
            user = self.user(data["email"], data["first"], data["last"], [Role.ADVISER])
            adviser, _ = upsert(Adviser, {"user": user}, {"provinces": data["provinces"], "bio": data["bio"],
                                                          "active": True})
            adviser.expertise.set([self.themes[slug] for slug in data["expertise"]])
            adviser.ties.set([schools[brin] for brin in data.get("ties", [])])
            self.adviser_list.append(adviser)

    # --- applications -------------------------------------------------------------------------------------------

    def application(self, tranche: Tranche, index: int, data: dict, school: School, contact: User, *,
                    complete: bool, prefs: list[int], submitted_on: dt.datetime | None, members: int = 5):
        people = [member_name(index, j) for j in range(members)]
        leader_first, leader_last = people[0]
        domain = f"{data['domain']}.example.org"
        values = {
            "created_by": contact,
            "project_leader_name": f"{leader_first} {leader_last}",
            "project_leader_email": email_for(leader_first, leader_last, domain),
            "project_leader_phone": f"06-{12000000 + index * 7919:08d}",
            "project_leader_position": demo.MEMBER_ROLES[0],
            "school_leader_name": f"{contact.first_name} {contact.last_name}" if index else "Karel Bosch",
            "school_leader_email": contact.email if index else f"k.bosch@{domain}",
            "lob_situation": demo.LOB_SITUATIONS[index % len(demo.LOB_SITUATIONS)],
            "ambition": demo.AMBITIONS[index % len(demo.AMBITIONS)] if complete else "",
            "motivation": (
                f"Wij willen graag leren van {self.practices[prefs[0]].ambassador} met "
                f"“{self.practices[prefs[0]].title}”, omdat dit aansluit bij wat onze leerlingen nodig hebben."
                if complete and prefs else ""
            ),
            "availability_kickoff": "Dinsdag- en donderdagmiddag" if complete else "",
            "availability_sessions": "Bij voorkeur op maandag, vanaf 12.30 uur" if complete else "",
            "commit_project_leader": complete, "commit_working_group": complete,
            "commit_school_leader": complete, "consent_publicity": complete, "consent_privacy": complete,
        }
        application = (
            PartnerApplication.objects.filter(tranche=tranche, school=school)
            .exclude(status=PartnerApplication.Status.WITHDRAWN).first()
        )
        if application is None:
            application = PartnerApplication.objects.create(tranche=tranche, school=school, **values)
        elif application.status != PartnerApplication.Status.DRAFT and submitted_on is None:
            return application  # a demo user submitted this draft meanwhile: keep what they did
        else:
            application, _ = upsert(PartnerApplication, {"pk": application.pk}, values)
        for j, (first, last) in enumerate(people if complete else people[:2]):
            upsert(WorkingGroupMember, {"application": application, "email": email_for(first, last, domain)}, {
                "name": f"{first} {last}", "role": demo.MEMBER_ROLES[j % len(demo.MEMBER_ROLES)],
                "is_project_leader": j == 0, "order": j,
            })
        for rank, practice_index in enumerate(prefs, start=1):
            upsert(Preference, {"application": application, "rank": rank},
                   {"practice": self.practices[practice_index]})
        if submitted_on is not None and application.status == PartnerApplication.Status.DRAFT:
            apply_transition(application, "submit", by=contact, reason="Aangemeld via het formulier")
            # Spread the moments over the application window instead of "all just now".
            PartnerApplication.objects.filter(pk=application.pk).update(submitted_at=submitted_on)
            last_change(application).update(at=submitted_on)
            application.refresh_from_db()
        return application

    def partners(self):
        self.partner_schools, self.contacts = [], []
        opens = self.current.application_opens_at
        for index, data in enumerate(demo.PARTNERS):
            school = self.school(data)
            email, first, last = data["contact"]
            contact = self.user(email, first, last, [Role.SCHOOL_CONTACT])
            self.partner_schools.append(school)
            self.contacts.append(contact)
            if data["state"] is None:
                continue
            submitted = data["state"] == "submitted"
            self.application(
                self.current, index, data, school, contact, complete=submitted, prefs=data["prefs"],
                submitted_on=opens + dt.timedelta(days=2 + 3 * index, hours=9 + index % 7) if submitted else None,
            )

    # --- tranche 1: trajectories with meetings, pulse surveys and claims -------------------------------------

    def past_trajectories(self):
        tranche, staff = self.past, self.staff
        finance = self.users[demo.LOGINS["finance"][0]]
        for n, plan in enumerate(demo.PAST_TRAJECTORIES):
            data = demo.PARTNERS[plan["partner"]]
            school, contact = self.partner_schools[plan["partner"]], self.contacts[plan["partner"]]
            practice, adviser = self.practices[plan["practice"]], self.adviser_list[plan["adviser"]]
            application = self.application(
                tranche, plan["partner"], data, school, contact, complete=True, prefs=[plan["practice"]],
                submitted_on=tranche.application_opens_at + dt.timedelta(days=10 + 5 * n), members=plan["members"],
            )
            advance(application, ["match"], PartnerApplication.Status.MATCHED, by=staff,
                    reason="Gekoppeld in de matchingronde van tranche 1")
            score, details = self.score(tranche, school, practice, adviser)
            trajectory = Trajectory.objects.filter(application=application).exclude(
                status=Trajectory.Status.CANCELLED).first()
            values = {"tranche": tranche, "practice": practice, "adviser": adviser, "score": score,
                      "score_details": details,
                      "explanation": f"Eerste keuze van de school; {adviser} heeft ruimte en werkt in de regio."}
            if plan["status"] == Trajectory.Status.COMPLETED:
                values.update(outcome_kind="implemented", outcome_summary=(
                    "De werkgroep heeft de aanpak aangepast aan de eigen school en in het nieuwe schooljaar met twee "
                    "klassen ingevoerd. De schoolleiding heeft tijd vrijgemaakt om het uit te breiden."))
            if trajectory is None:
                trajectory = Trajectory.objects.create(application=application, **values)
            else:
                trajectory, _ = upsert(Trajectory, {"pk": trajectory.pk}, values)
            advance(trajectory, ["confirm", "publish"], Trajectory.Status.PUBLISHED, by=staff,
                    reason="Voorstel bevestigd en gepubliceerd")
            if plan["status"] == Trajectory.Status.COMPLETED:
                advance(trajectory, ["complete"], Trajectory.Status.COMPLETED, by=adviser.user,
                        reason="Adviesgesprek gehouden, traject afgerond")
            sessions = self.meetings(trajectory, plan, n)
            if plan["claim"]:
                self.claim(trajectory, sessions, plan["claim"], contact, finance, data)

    def score(self, tranche, school, practice, adviser) -> tuple[int, dict]:
        shared = len({t.code for t in school.school_types.all()} & {t.code for t in practice.school_types.all()})
        expertise = len({t.slug for t in adviser.expertise.all()} & {t.slug for t in practice.themes.all()})
        details = {
            "rank": tranche.rank_weight(1),
            "school_types": shared * tranche.weight_school_type,
            "province_ambassador": tranche.weight_same_province_ambassador
            if practice.ambassador.school.province == school.province else 0,
            "province_adviser": tranche.weight_same_province_adviser if school.province in adviser.provinces else 0,
            "expertise": expertise * tranche.weight_expertise,
        }
        return sum(details.values()), details

    def meetings(self, trajectory: Trajectory, plan: dict, n: int) -> list[Meeting]:
        t = self.today
        adviser_user = trajectory.adviser.user
        members = list(trajectory.application.members.order_by("order"))
        place = f"{trajectory.application.school.name}, {trajectory.application.school.city}"
        held_sessions = plan["held_sessions"]
        schedule = [(Meeting.Kind.KICKOFF, 0, t - dt.timedelta(days=120 - n * 2), "held")]
        for number, days_ago in ((1, 84), (2, 56), (3, 28)):
            if number <= held_sessions:  # held and logged, a few days apart per trajectory
                schedule.append((Meeting.Kind.SESSION, number, t - dt.timedelta(days=days_ago - n), "held"))
            elif number == plan["unlogged_session"]:  # held three days ago, the adviser has not logged it yet
                schedule.append((Meeting.Kind.SESSION, number, t - dt.timedelta(days=3), "planned"))
            else:
                day = t + dt.timedelta(days=10 + 7 * (number - held_sessions - 1) + n)
                schedule.append((Meeting.Kind.SESSION, number, day, "planned"))
        if plan["closing"] == "held":
            schedule.append((Meeting.Kind.CLOSING, 0, t - dt.timedelta(days=10), "held"))
        elif plan["closing"] == "planned":
            schedule.append((Meeting.Kind.CLOSING, 0, t + dt.timedelta(days=12 + n * 4), "planned"))

        sessions = []
        for kind, number, day, state in schedule:
            day = workday(day)
            held = state == "held"
            existing = Meeting.objects.filter(trajectory=trajectory, kind=kind, number=number).first()
            if existing is not None and not held and existing.status != Meeting.Status.PLANNED:
                if kind == Meeting.Kind.SESSION:  # a demo user logged or cancelled it meanwhile: keep that
                    sessions.append(existing)
                continue
            values = {
                "planned_start": local(day, 13, 0), "duration_minutes": 240 if kind == Meeting.Kind.SESSION else 90,
                "location": place,
                "status": Meeting.Status.HELD if held else Meeting.Status.PLANNED,
            }
            if held:
                values.update(
                    school_leader_present=True, ambassador_present=number != 2,
                    notes=MEETING_NOTES[(kind, number)], agreed_actions=MEETING_ACTIONS[(kind, number)],
                    progress=number + 1 if kind == Meeting.Kind.SESSION else None,  # the voortgangsmeter rises
                    logged_at=local(day, 18, 30), logged_by=adviser_user,
                )
            if existing is None:
                meeting = Meeting.objects.create(trajectory=trajectory, kind=kind, number=number, **values)
            else:
                meeting, _ = upsert(Meeting, {"pk": existing.pk}, values)
            if kind == Meeting.Kind.SESSION:
                if held:
                    for j, member in enumerate(members):
                        hours = attendance_hours(number, j)
                        if hours is not None:
                            upsert(Attendance, {"meeting": meeting, "member": member}, {"hours_present": hours})
                    self.pulse(meeting, members, number)
                sessions.append(meeting)
        return sessions

    def pulse(self, meeting: Meeting, members, number: int):
        answered = members[: max(3, len(members) - 1)]
        for member in members:
            invitation, created = upsert(PulseInvitation, {"meeting": meeting, "email": member.email})
            if member in answered and not invitation.answered:
                invitation.answered = True
                invitation.save(update_fields=["answered"])
        if not meeting.pulse_responses.exists():
            PulseResponse.objects.bulk_create([
                PulseResponse(meeting=meeting, useful=min(5, 3 + (i + number) % 3), progress=min(5, 2 + number),
                              support=4 if i % 2 else 5, comment=PULSE_COMMENTS[(i + number) % len(PULSE_COMMENTS)])
                for i in range(len(answered))
            ])

    def claim(self, trajectory, sessions, status, contact, finance, data):
        tranche = trajectory.tranche
        for meeting in sessions:
            meeting.refresh_from_db()
        hours, lines = claim_calculation(tranche, sessions)
        iban = IBAN.generate("NL", bank_code="RABO", account_code=f"{3000000000 + trajectory.application.school_id:010d}")
        existing = ReimbursementClaim.objects.filter(trajectory=trajectory).first()
        if existing is not None and existing.status != ReimbursementClaim.Status.DRAFT:
            if existing.status != status or existing.is_locked:
                return  # moved on in the demo (approved, exported, paid): never rewrite a decided claim
        claim, _ = upsert(ReimbursementClaim, {"trajectory": trajectory}, {
            "amount": quantize(hours * tranche.hourly_rate), "cap_amount": tranche.max_claim_amount,
            "counted_hours": hours, "hourly_rate": tranche.hourly_rate, "lines": lines,
            "iban": iban.compact, "bic": iban.bic.compact if iban.bic else "",
            "account_holder": f"Stichting {data['name']}",
        })

        def prepare(name, obj):
            if name == "submit":
                obj.submitted_by = contact
            elif name == "approve":
                obj.decided_by = finance
                obj.decision_reason = "Aanwezigheid en uren gecontroleerd."

        order = {"draft": [], "submitted": ["submit"], "approved": ["submit", "approve"]}[status]
        advance(claim, order, status, by={"submit": contact, "approve": finance}, prepare=prepare,
                reason="Demogegevens")


def status_changes(obj):
    from django.contrib.contenttypes.models import ContentType

    return StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def last_change(obj):
    changes = status_changes(obj)
    latest = changes.order_by("-at", "-pk").first()
    return changes.filter(pk=latest.pk) if latest else changes.none()


def workday(day: dt.date) -> dt.date:
    """Schools meet on weekdays: a Saturday or Sunday becomes the Friday before."""
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


def slugify_title(title: str) -> str:
    from django.utils.text import slugify

    return slugify(title.replace("–", "-"))[:220]


def member_name(school_index: int, j: int) -> tuple[str, str]:
    return (demo.FIRST_NAMES[(school_index * 5 + j) % len(demo.FIRST_NAMES)],
            demo.LAST_NAMES[(school_index * 7 + j * 3) % len(demo.LAST_NAMES)])


def email_for(first: str, last: str, domain: str) -> str:
    compact = "".join(ch for ch in last.lower() if ch.isalpha())
    return f"{first[0].lower()}.{compact}@{domain}"


def attendance_hours(session: int, member: int) -> Decimal | None:
    """Realistic quarter hours: most stay the whole afternoon, one leaves early, one stays late (counts as 4),
    now and then someone is absent; a group of seven is sometimes complete (only six are reimbursed)."""
    if member < 5 and (session + member) % 7 == 6:
        return None
    if member == 1:
        return Decimal("3.25")
    if member == 2 and session == 2:
        return Decimal("4.50")
    return Decimal("4.00")


MEETING_NOTES = {
    (Meeting.Kind.KICKOFF, 0): "Kennismaking met projectleider, schoolleider, ambassadeur en adviseur. Wensen van de "
                               "school besproken en de aanpak van de ambassadeursschool toegelicht.",
    (Meeting.Kind.SESSION, 1): "Huidige situatie in kaart gebracht met de werkgroep. De werkgroep herkent zich in de "
                               "uitgangspunten van de good practice en kiest twee onderdelen om mee te beginnen.",
    (Meeting.Kind.SESSION, 2): "Ervaringen van de eerste proef besproken. Leerlingen reageren positief; mentoren "
                               "vragen meer voorbereidingstijd.",
    (Meeting.Kind.SESSION, 3): "Implementatieplan voor volgend schooljaar uitgewerkt, met taken per werkgroeplid en "
                               "een planning per periode.",
    (Meeting.Kind.CLOSING, 0): "Resultaten gepresenteerd aan de schoolleiding. Advies: uitbreiden naar alle klassen "
                               "van het leerjaar en in juni evalueren.",
}
MEETING_ACTIONS = {
    (Meeting.Kind.KICKOFF, 0): "Projectleider stelt werkgroep samen en plant de drie bijeenkomsten.",
    (Meeting.Kind.SESSION, 1): "Werkbezoek aan de ambassadeursschool; proef in twee mentorklassen.",
    (Meeting.Kind.SESSION, 2): "Handleiding voor mentoren schrijven; evaluatie met leerlingen.",
    (Meeting.Kind.SESSION, 3): "Plan voorleggen aan de schoolleiding en de MR.",
    (Meeting.Kind.CLOSING, 0): "Schoolleiding neemt het plan op in het jaarplan.",
}
PULSE_COMMENTS = [
    "Fijn om met collega's van de ambassadeursschool te praten.",
    "",
    "Graag meer tijd om het zelf uit te proberen.",
    "Concreet en bruikbaar.",
]


class Command(BaseCommand):
    help = "Vul de database met fictieve demogegevens (idempotent: nogmaals draaien verandert niets)."

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            builder = Builder(timezone.localdate())
            builder.tranches()
            users = {}
            for key, (email, _label, first, last) in demo.LOGINS.items():
                if key == "staff":
                    users[key] = builder.user(email, first, last, [Role.STAFF], is_staff=True)
                elif key == "finance":
                    users[key] = builder.user(email, first, last, [Role.FINANCE], is_staff=True)
                elif key == "admin":
                    users[key] = builder.user(email, first, last, [], is_superuser=True)
            builder.staff = users["staff"]
            builder.ambassadors()
            builder.advisers()
            builder.partners()
            builder.past_trajectories()
        if options["verbosity"] > 0:
            self.report(builder, time.monotonic() - started)

    def report(self, builder: Builder, seconds: float):
        write = self.stdout.write
        current = builder.current
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
        width = max(len(email) for email, *_ in demo.LOGINS.values())
        write(f"  {'Rol':<30} {'E-mailadres':<{width}}  Wachtwoord")
        write(f"  {'-' * 30} {'-' * width}  {'-' * len(demo.DEMO_PASSWORD)}")
        for email, label, *_ in demo.LOGINS.values():
            write(f"  {label:<30} {email:<{width}}  {demo.DEMO_PASSWORD}")
        write("")
        if settings.LOBMATCH_REQUIRE_MFA:
            write(self.style.WARNING(
                "  Staf, financiën en beheer moeten bij de eerste keer inloggen een authenticator-app (TOTP) "
                "instellen. Voor de lokale demo kan dat uit met LOBMATCH_REQUIRE_MFA=0 (zoals `make run` doet)."))
        else:
            write(self.style.WARNING(
                "  De tweede factor is in deze lokale demo uitgeschakeld (LOBMATCH_REQUIRE_MFA=0, zoals `make run` "
                "instelt). In productie moeten staf en financiën altijd een authenticator-app gebruiken."))
