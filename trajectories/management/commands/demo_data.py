"""``manage.py demo_data``: fill the database with a fictional but realistic programme for the local demo.

Idempotent: every object is looked up on a stable natural key (email, BRIN + location, slug, tranche number, ...)
and only saved when a value differs, so a second run on the same day changes nothing (not even history rows).
Dates are relative to today, so the current tranche is always open for applications.

Every state change goes through the service the screens use (submitting an application, publishing a practice and
adding its material, matching, planning and logging meetings, the pulse survey, the outcome, claims, payment
batches), so the demo cannot drift from the rules or the stored shapes. A past state is made with past dates: a
meeting held long ago is planned on that date and then logged. The mails these steps write to the outbox concern
fictional people in a fictional past: they are recorded as not sent (the outbox in the admin lists them), not
printed over the logins. The content (schools, practices, people) lives in :mod:`trajectories.demo`.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed
from schwifty import IBAN

from ambassadors import services as practice_service
from ambassadors.models import AmbassadorSchool, GoodPractice
from lobmatch.models import Role, School, SchoolType, StatusChange, Theme, Tranche, User
from lobmatch.outbox import recorded_not_sent
from lobmatch.validators import normalize_brin
from lobmatch.workflow import apply_transition
from partners import services as partner_service
from partners.models import PartnerApplication, Preference, WorkingGroupMember
from trajectories import demo
from trajectories.models import Adviser, Meeting, ReimbursementClaim, Trajectory
from trajectories.services import claims as claim_service
from trajectories.services import exports as export_service
from trajectories.services import matching as matching_service
from trajectories.services import meetings as meeting_service
from trajectories.services import planning as planning_service


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


def local(day: dt.date, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute, second)))


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
                if item.get("material") and not practice.materials.exists():
                    title, filename = item["material"]
                    practice_service.add_material(practice, upload=demo_file(filename), title=title, by=contact)
                if practice.status != GoodPractice.Status.PUBLISHED and can_proceed(practice.publish):
                    practice_service.publish(practice, by=self.staff, reason="Gepubliceerd voor de demo")
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
            # The form's own service: the deadline is checked for the moment the school submitted.
            partner_service.submit(application, by=contact, at=submitted_on)
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
    # Everything below goes through the services the screens use (matching, scheduling, logging, the pulse survey,
    # claims, finance), so the demo obeys the same rules and stores the same shapes. A past state is reached with
    # past dates, never by writing the result: meetings are planned in the past and then logged.

    def past_trajectories(self):
        tranche = self.past
        finance = self.users[demo.LOGINS["finance"][0]]
        plans = []
        for n, plan in enumerate(demo.PAST_TRAJECTORIES):
            data = demo.PARTNERS[plan["partner"]]
            application = self.application(
                tranche, plan["partner"], data, self.partner_schools[plan["partner"]],
                self.contacts[plan["partner"]], complete=True, prefs=[plan["practice"]],
                submitted_on=tranche.application_opens_at + dt.timedelta(days=10 + 5 * n), members=plan["members"],
            )
            plans.append((n, plan, application))
        trajectories = self.match(tranche, plans)
        for (n, plan, _application), trajectory in zip(plans, trajectories, strict=True):
            self.meetings(trajectory, plan, n)
            if plan["status"] == Trajectory.Status.COMPLETED:
                self.complete(trajectory, plan)
        # A paid claim first: a payment batch takes every approved claim, and the "approved" one must stay waiting.
        order = sorted(zip(plans, trajectories, strict=True), key=lambda item: item[0][1]["claim"] != "paid")
        for (_n, plan, _application), trajectory in order:
            self.claim(trajectory, plan["claim"], self.contacts[plan["partner"]], finance,
                       demo.PARTNERS[plan["partner"]])

    def match(self, tranche: Tranche, plans) -> list[Trajectory]:
        """Auto-match the tranche as staff do, change a proposal where the plan wants another adviser (with a
        reason, as staff would), confirm and publish (which creates the five meetings and mails the introduction)."""
        staff = self.staff

        def live(application):
            return Trajectory.objects.filter(application=application).exclude(
                status=Trajectory.Status.CANCELLED).first()

        if any(live(application) is None for _n, _plan, application in plans):
            matching_service.run_auto_match(tranche, by=staff)
        trajectories = []
        for _n, plan, application in plans:
            trajectory = live(application)
            practice, adviser = self.practices[plan["practice"]], self.adviser_list[plan["adviser"]]
            if trajectory is None:
                raise CommandError(f"Geen koppelvoorstel voor {application}: klopt het plan in trajectories.demo?")
            if trajectory.status == Trajectory.Status.PROPOSED:
                if (trajectory.practice_id, trajectory.adviser_id) != (practice.pk, adviser.pk):
                    trajectory = matching_service.change(
                        trajectory, practice_id=practice.pk, adviser_id=adviser.pk, by=staff,
                        reason=f"{adviser} kent de school en de regio",
                    )
                trajectory = matching_service.confirm(trajectory, by=staff, reason="Voorstel bevestigd")
            if trajectory.status == Trajectory.Status.CONFIRMED:
                trajectory = matching_service.publish(trajectory, by=staff)
            trajectories.append(Trajectory.objects.select_related("tranche", "adviser__user", "application__school")
                                .get(pk=trajectory.pk))
        return trajectories

    def meetings(self, trajectory: Trajectory, plan: dict, n: int) -> None:
        """Plan each meeting on its (past or future) date, then log the ones held: only meetings whose start has
        passed are logged, as the screens allow."""
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

        meetings = {(m.kind, m.number): m for m in meeting_service.ensure_meetings(trajectory)}
        for kind, number, day, state in schedule:
            meeting = meetings[(kind, number)]
            if meeting.status != Meeting.Status.PLANNED:
                continue  # logged by an earlier run (or cancelled by someone trying the demo): keep it
            start = local(workday(day), 13, 0)
            if (meeting.planned_start, meeting.location) != (start, place):
                planning_service.plan_meeting(meeting, start=start, duration_minutes=meeting.duration_minutes,
                                              location=place, by=adviser_user)
            if state != "held":
                continue
            if start >= timezone.now():
                raise CommandError(f"{meeting} ligt niet in het verleden en kan niet als gehouden worden vastgelegd.")
            attendance = {}
            if kind == Meeting.Kind.SESSION:
                for j, member in enumerate(members):
                    hours = attendance_hours(number, j)
                    if hours is not None:
                        attendance[member.pk] = hours
            meeting_service.log_meeting(meeting, meeting_service.LogEntry(
                status=Meeting.Status.HELD, attendance=attendance,
                school_leader_present=True, ambassador_present=number != 2,
                notes=MEETING_NOTES[(kind, number)], agreed_actions=MEETING_ACTIONS[(kind, number)],
                progress=number + 1 if kind == Meeting.Kind.SESSION else None,  # the voortgangsmeter rises
            ), by=adviser_user)
        for meeting in trajectory.meetings.filter(kind=Meeting.Kind.SESSION, status=Meeting.Status.HELD):
            self.pulse(meeting, members)

    def pulse(self, meeting: Meeting, members) -> None:
        """Most of the working group answer the survey they were mailed when the session was logged."""
        answered = members[: max(3, len(members) - 1)]
        open_invitations = {i.email: i for i in meeting.pulse_invitations.filter(answered=False)}
        for i, member in enumerate(answered):
            invitation = open_invitations.get(member.email.strip().lower())
            if invitation is not None:
                meeting_service.answer_pulse(
                    invitation.token, useful=min(5, 3 + (i + meeting.number) % 3), progress=min(5, 2 + meeting.number),
                    support=4 if i % 2 else 5, comment=PULSE_COMMENTS[(i + meeting.number) % len(PULSE_COMMENTS)])

    def complete(self, trajectory: Trajectory, plan: dict) -> None:
        """The adviser records the result (an implementation plan as a PDF upload, or "implemented") and closes."""
        adviser_user = trajectory.adviser.user
        if not trajectory.outcome_kind:
            outcome = plan["outcome"]
            upload = demo_file("implementatieplan.pdf") if outcome == "plan" else None
            # (the service returns the saved row: completing a stale copy would blank the outcome again)
            trajectory = meeting_service.record_outcome(trajectory, kind=outcome, summary=OUTCOME_SUMMARIES[outcome],
                                                        plan=upload, by=adviser_user)
        if trajectory.status == Trajectory.Status.PUBLISHED:
            apply_transition(trajectory, "complete", by=adviser_user, reason="Adviesgesprek gehouden, traject afgerond")

    def claim(self, trajectory, status, contact, finance, data):
        """The school submits its claim (the amount follows the logs), finance approves it, exports it in a
        payment batch and marks the batch paid. Each step only once: a re-run never moves a claim back."""
        claim = claim_service.ensure_claim(trajectory)
        if any("member_id" not in line for line in claim.lines):
            # Lines in the shape of an older demo, which wrote claims itself: store the service's calculation.
            if claim.is_locked:
                claim = claim_service.recalculate_after_correction(
                    trajectory, by=finance, reason="Berekening opnieuw opgeslagen volgens de vergoedingsregel")
            else:
                claim = claim_service.refresh_claim(trajectory)
        if not status:
            return
        iban = IBAN.generate("NL", bank_code="RABO", account_code=f"{3000000000 + trajectory.application.school_id:010d}")
        if status in ("submitted", "approved", "paid") and claim.status == ReimbursementClaim.Status.DRAFT:
            claim = claim_service.submit_claim(claim, iban=iban.compact, account_holder=f"Stichting {data['name']}",
                                               by=contact)
        if status in ("approved", "paid") and claim.status == ReimbursementClaim.Status.SUBMITTED:
            # Finance approves the amount its claim page shows, previews the batch and confirms what it saw.
            claim = claim_service.decide(claim, approve=True, reason="Aanwezigheid en uren gecontroleerd.",
                                         by=finance, amount=claim_service.calculation_for(trajectory)[1].amount)
        if status == "paid" and claim.status == ReimbursementClaim.Status.APPROVED:
            preview = export_service.preview_batch()
            batch = export_service.create_batch(by=finance, claim_ids=preview.claim_ids, total=preview.total)
            export_service.mark_paid(batch, by=finance, paid_on=timezone.localdate())


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


OUTCOME_SUMMARIES = {
    "implemented": "De werkgroep heeft de aanpak aangepast aan de eigen school en in het nieuwe schooljaar met twee "
                   "klassen ingevoerd. De schoolleiding heeft tijd vrijgemaakt om het uit te breiden.",
    "plan": "De werkgroep heeft een implementatieplan geschreven: volgend schooljaar begint de school met twee "
            "mentorklassen, in de tweede periode volgt de rest van het leerjaar. De schoolleiding heeft het plan "
            "opgenomen in het jaarplan.",
}


DEMO_FILES = Path(__file__).resolve().parents[2] / "demo_files"


def demo_file(name: str) -> SimpleUploadedFile:
    """An upload of one of the demo's PDFs (made once with lobmatch.pdf; kept as files so the demo renders none)."""
    return SimpleUploadedFile(name, (DEMO_FILES / name).read_bytes(), content_type="application/pdf")


class Command(BaseCommand):
    help = "Vul de database met fictieve demogegevens (idempotent: nogmaals draaien verandert niets)."

    def handle(self, *args, **options):
        started = time.monotonic()
        with recorded_not_sent("Demogegevens: niet verstuurd (fictieve personen, fictief verleden)."):
            builder = self.build()
        if options["verbosity"] > 0:
            self.report(builder, time.monotonic() - started)

    def build(self) -> Builder:
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
        return builder

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
