"""The local demo: builds the content of demo/content.toml through the services (``manage.py demo_data``).

Idempotent: every object is looked up on a stable natural key (email, BRIN + location, slug, tranche number, ...)
and only saved when a value differs, so a second run on the same day changes nothing (not even history rows).
Dates are relative to today, so the current tranche is always open for applications.

Every state change goes through the service the screens use (submitting an application, publishing a practice and
adding its material, matching, planning and logging meetings, the pulse survey, the outcome, claims, payment
batches), so the demo cannot drift from the rules or the stored shapes. A past state is made with past dates: a
meeting held long ago is planned on that date and then logged. The mails these steps write to the outbox concern
fictional people in a fictional past: they are recorded as not sent (the outbox in the admin lists them), not
printed over the logins.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
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
from trajectories.holidays import holiday_on
from trajectories.models import Adviser, Meeting, ReimbursementClaim, Trajectory
from trajectories.services import claims as claim_service
from trajectories.services import exports as export_service
from trajectories.services import matching as matching_service
from trajectories.services import meetings as meeting_service
from trajectories.services import planning as planning_service

HERE = Path(__file__).resolve().parent


@cache
def content() -> dict:
    """demo/content.toml, read once."""
    with open(HERE / "content.toml", "rb") as file:
        return tomllib.load(file)


def build() -> Builder:
    """Build (or bring up to date) the whole demo in one transaction; its mails are recorded, not sent."""
    with recorded_not_sent("Demogegevens: niet verstuurd (fictieve personen, fictief verleden)."), transaction.atomic():
        builder = Builder(timezone.localdate())
        builder.tranches()
        builder.logins()
        builder.ambassadors()
        builder.advisers()
        builder.partners()
        builder.past_trajectories()
    return builder


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
        self.data = content()
        self.texts = self.data["texts"]

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
        return user

    def person(self, ref: dict, roles=(), **flags) -> User:
        """A person of the content file: {email, first, last}, or {login} for one of the printed logins."""
        if "login" in ref:
            ref = self.data["logins"][ref["login"]]
        return self.user(ref["email"], ref["first"], ref["last"], roles, **flags)

    def member_name(self, school_index: int, j: int) -> tuple[str, str]:
        """A working group member's name, combined from the content's name lists."""
        first, last = self.data["people"]["first_names"], self.data["people"]["last_names"]
        return first[(school_index * 5 + j) % len(first)], last[(school_index * 7 + j * 3) % len(last)]

    def logins(self):
        """The logins that no school or adviser brings along: staff, finance and the superuser."""
        self.staff = self.person({"login": "staff"}, [Role.STAFF], is_staff=True)
        self.finance = self.person({"login": "finance"}, [Role.FINANCE], is_staff=True)
        self.person({"login": "admin"}, is_superuser=True)

    def ensure_demo_password(self, user: User) -> None:
        """Every demo user has the demo password. One hash is shared and each distinct stored hash is checked
        once: hashing ~50 passwords with the production hasher would take most of the time budget."""
        if user.password in self.verified_hashes:
            return
        if user.password and check_password(self.data["password"], user.password):
            self.verified_hashes.add(user.password)
            return
        if self.password_hash is None:
            self.password_hash = make_password(self.data["password"])
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
        self.practices: dict[str, GoodPractice] = {}  # by title
        for data in self.data["ambassadors"]:
            school = self.school(data)
            contact = self.person(data["contact"], [Role.AMBASSADOR])
            ambassador, _ = upsert(AmbassadorSchool, {"school": school},
                                   {"introduction": data["introduction"], "active": True})
            add_missing(ambassador.contacts, contact)
            add_missing(ambassador.tranches, self.past, self.current)
            for item in data["practices"]:
                practice, _ = upsert(GoodPractice, {"slug": slugify_title(item["title"])}, {
                    "ambassador": ambassador, "title": item["title"], "region": item["region"],
                    "province": data["province"], "summary": item["summary"], "description": item["description"],
                    "principles": "\n".join(item["principles"]), "tips": "\n".join(item["tips"]),
                    "contact_name": contact.get_full_name(), "contact_email": contact.email,
                })
                practice.themes.set([self.themes[slug] for slug in item["themes"]])
                practice.school_types.set([self.types[code] for code in item["types"]])
                if item.get("material") and not practice.materials.exists():
                    material = item["material"]
                    practice_service.add_material(practice, upload=demo_file(material["file"]), title=material["title"],
                                                  by=contact)
                if practice.status != GoodPractice.Status.PUBLISHED and can_proceed(practice.publish):
                    practice_service.publish(practice, by=self.staff, reason=self.texts["publish_reason"])
                self.practices[practice.title] = practice

    def advisers(self):
        self.adviser_by_email: dict[str, Adviser] = {}
        schools = {s.brin: s for s in School.objects.filter(location_code="00")}
        for data in self.data["advisers"]:
            user = self.person(data, [Role.ADVISER])
            adviser, _ = upsert(Adviser, {"user": user}, {"provinces": data["provinces"], "bio": data["bio"],
                                                          "active": True})
            adviser.expertise.set([self.themes[slug] for slug in data["expertise"]])
            adviser.ties.set([schools[brin] for brin in data.get("ties", [])])
            self.adviser_by_email[user.email] = adviser

    # --- applications -------------------------------------------------------------------------------------------

    def application(self, tranche: Tranche, index: int, data: dict, school: School, contact: User, *,
                    complete: bool, prefs: list[GoodPractice], submitted_on: dt.datetime | None, members: int = 5):
        people = [self.member_name(index, j) for j in range(members)]
        roles = self.data["people"]["member_roles"]
        situations, ambitions = self.data["applications"]["lob_situations"], self.data["applications"]["ambitions"]
        leader = data.get("school_leader")
        leader_first, leader_last = people[0]
        domain = f"{data['domain']}.example.org"
        values = {
            "created_by": contact,
            "project_leader_name": f"{leader_first} {leader_last}",
            "project_leader_email": email_for(leader_first, leader_last, domain),
            "project_leader_phone": f"06-{12000000 + index * 7919:08d}",
            "project_leader_position": roles[0],
            "school_leader_name": f"{leader['first']} {leader['last']}" if leader else contact.get_full_name(),
            "school_leader_email": email_for(leader["first"], leader["last"], domain) if leader else contact.email,
            "lob_situation": situations[index % len(situations)],
            "ambition": ambitions[index % len(ambitions)] if complete else "",
            "motivation": (
                self.texts["motivation"].format(ambassador=prefs[0].ambassador, practice=prefs[0].title)
                if complete and prefs else ""
            ),
            "availability_kickoff": self.texts["availability_kickoff"] if complete else "",
            "availability_sessions": self.texts["availability_sessions"] if complete else "",
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
                "name": f"{first} {last}", "role": roles[j % len(roles)],
                "is_project_leader": j == 0, "order": j,
            })
        for rank, practice in enumerate(prefs, start=1):
            upsert(Preference, {"application": application, "rank": rank}, {"practice": practice})
        if submitted_on is not None and application.status == PartnerApplication.Status.DRAFT:
            # The form's own service: the deadline is checked for the moment the school submitted.
            partner_service.submit(application, by=contact, at=submitted_on)
            # Spread the moments over the application window instead of "all just now".
            PartnerApplication.objects.filter(pk=application.pk).update(submitted_at=submitted_on)
            last_change(application).update(at=submitted_on)
            application.refresh_from_db()
        return application

    def partners(self):
        self.partner_by_brin: dict[str, tuple[int, dict, School, User]] = {}  # index, data, school, contact
        opens = self.current.application_opens_at
        for index, data in enumerate(self.data["partners"]):
            school = self.school(data)
            contact = self.person(data["contact"], [Role.SCHOOL_CONTACT])
            self.partner_by_brin[data["brin"]] = (index, data, school, contact)
            if "application" not in data:
                continue
            submitted = data["application"] == "submitted"
            self.application(
                self.current, index, data, school, contact, complete=submitted,
                prefs=[self.practices[title] for title in data["preferences"]],
                submitted_on=opens + dt.timedelta(days=2 + 3 * index, hours=9 + index % 7) if submitted else None,
            )

    # --- tranche 1: trajectories with meetings, pulse surveys and claims -------------------------------------
    # Everything below goes through the services the screens use (matching, scheduling, logging, the pulse survey,
    # claims, finance), so the demo obeys the same rules and stores the same shapes. A past state is reached with
    # past dates, never by writing the result: meetings are planned in the past and then logged.

    def past_trajectories(self):
        tranche = self.past
        plans = []
        for n, plan in enumerate(self.data["past_trajectories"]):
            index, data, school, contact = self.partner_by_brin[plan["partner"]]
            application = self.application(
                tranche, index, data, school, contact, complete=True, prefs=[self.practices[plan["practice"]]],
                submitted_on=tranche.application_opens_at + dt.timedelta(days=10 + 5 * n), members=plan["members"],
            )
            plans.append((n, plan, application))
        trajectories = self.match(tranche, plans)
        for (n, plan, _application), trajectory in zip(plans, trajectories, strict=True):
            self.meetings(trajectory, plan, n)
            if plan["status"] == Trajectory.Status.COMPLETED:
                self.complete(trajectory, plan)
        # A paid claim first: a payment batch takes every approved claim, and the "approved" one must stay waiting.
        order = sorted(zip(plans, trajectories, strict=True), key=lambda item: item[0][1].get("claim") != "paid")
        for (_n, plan, _application), trajectory in order:
            _index, data, _school, contact = self.partner_by_brin[plan["partner"]]
            self.claim(trajectory, plan.get("claim"), contact, self.finance, data)

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
            practice, adviser = self.practices[plan["practice"]], self.adviser_by_email[plan["adviser"]]
            if trajectory is None:
                raise CommandError(f"Geen koppelvoorstel voor {application}: klopt het plan in demo/content.toml?")
            if trajectory.status == Trajectory.Status.PROPOSED:
                if (trajectory.practice_id, trajectory.adviser_id) != (practice.pk, adviser.pk):
                    trajectory = matching_service.change(
                        trajectory, practice_id=practice.pk, adviser_id=adviser.pk, by=staff,
                        reason=self.texts["change_match_reason"].format(adviser=adviser),
                    )
                trajectory = matching_service.confirm(trajectory, by=staff, reason=self.texts["confirm_match_reason"])
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
            elif number == plan.get("unlogged_session"):  # held three days ago, the adviser has not logged it yet
                schedule.append((Meeting.Kind.SESSION, number, t - dt.timedelta(days=3), "planned"))
            else:
                day = t + dt.timedelta(days=10 + 7 * (number - held_sessions - 1) + n)
                schedule.append((Meeting.Kind.SESSION, number, day, "planned"))
        if plan.get("closing") == "held":
            schedule.append((Meeting.Kind.CLOSING, 0, t - dt.timedelta(days=10), "held"))
        elif plan.get("closing") == "planned":
            schedule.append((Meeting.Kind.CLOSING, 0, t + dt.timedelta(days=12 + n * 4), "planned"))

        meetings = {(m.kind, m.number): m for m in meeting_service.ensure_meetings(trajectory)}
        for kind, number, day, state in schedule:
            meeting = meetings[(kind, number)]
            if meeting.status != Meeting.Status.PLANNED:
                continue  # logged by an earlier run (or cancelled by someone trying the demo): keep it
            if day > t:  # a meeting still to come is not planned in the school's holidays
                day = after_holidays(day, trajectory.application.school)
            start = local(workday(day), 13, 0)
            # a meeting still to come does not overlap another of the adviser's (as the planning pages warn)
            while start > timezone.now() and planning_service.adviser_busy(
                    meeting, [start], meeting.duration_minutes).get(start):
                day = workday(day) + dt.timedelta(days=1)
                day += dt.timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else dt.timedelta(0)  # (Monday)
                day = after_holidays(day, trajectory.application.school)
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
            log = plan["logs"][log_key(kind, number)]
            meeting_service.log_meeting(meeting, meeting_service.LogEntry(
                status=Meeting.Status.HELD, attendance=attendance,
                school_leader_present=True, ambassador_present=number != 2,
                notes=log["notes"], agreed_actions=log["actions"],
                progress=number + 1 if kind == Meeting.Kind.SESSION else None,  # the voortgangsmeter rises
            ), by=adviser_user)
        for meeting in trajectory.meetings.filter(kind=Meeting.Kind.SESSION, status=Meeting.Status.HELD):
            self.pulse(meeting, members, plan["logs"][log_key(meeting.kind, meeting.number)].get("comments", []))

    def pulse(self, meeting: Meeting, members, comments: list[str]) -> None:
        """Most of the working group answer the survey they were mailed when the session was logged, each with the
        comment the content gives them (or none)."""
        answered = members[: max(3, len(members) - 1)]
        open_invitations = {i.email: i for i in meeting.pulse_invitations.filter(answered=False)}
        for i, member in enumerate(answered):
            invitation = open_invitations.get(member.email.strip().lower())
            if invitation is not None:
                meeting_service.answer_pulse(
                    invitation.token, useful=min(5, 3 + (i + meeting.number) % 3), progress=min(5, 2 + meeting.number),
                    support=4 if i % 2 else 5, comment=comments[i] if i < len(comments) else "",
                    at=meeting.planned_start + dt.timedelta(days=1))  # (answered then, in the survey's two weeks)

    def complete(self, trajectory: Trajectory, plan: dict) -> None:
        """The adviser records the result (an implementation plan as a PDF upload, or "implemented") and closes."""
        adviser_user = trajectory.adviser.user
        if not trajectory.outcome_kind:
            outcome = plan["outcome"]
            upload = demo_file("implementatieplan.pdf") if outcome == "plan" else None
            # (the service returns the saved row: completing a stale copy would blank the outcome again)
            trajectory = meeting_service.record_outcome(trajectory, kind=outcome, summary=plan["outcome_summary"],
                                                        plan=upload, by=adviser_user)
        if trajectory.status == Trajectory.Status.PUBLISHED:
            apply_transition(trajectory, "complete", by=adviser_user, reason=self.texts["complete_reason"])

    def claim(self, trajectory, status, contact, finance, data):
        """The school submits its claim (the amount follows the logs), finance approves it, exports it in a
        payment batch and marks the batch paid. Each step only once: a re-run never moves a claim back."""
        claim = claim_service.ensure_claim(trajectory)
        if not status:
            return
        iban = IBAN.generate("NL", bank_code="RABO", account_code=f"{3000000000 + trajectory.application.school_id:010d}")
        if status in ("submitted", "approved", "paid") and claim.status == ReimbursementClaim.Status.DRAFT:
            claim = claim_service.submit_claim(claim, iban=iban.compact,
                                               account_holder=self.texts["account_holder"].format(school=data["name"]),
                                               by=contact)
        if status in ("approved", "paid") and claim.status == ReimbursementClaim.Status.SUBMITTED:
            # Finance approves the amount its claim page shows, previews the batch and confirms what it saw.
            claim = claim_service.decide(claim, approve=True, reason=self.texts["approve_claim_reason"],
                                         by=finance, amount=claim_service.money(claim)[1].amount)
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


def after_holidays(day: dt.date, school: School) -> dt.date:
    """``day``, or when it falls in one of the school's holidays (trajectories.holidays) the first weekday after."""
    while found := holiday_on(workday(day), school.province, school.city):
        day = found[0].last + dt.timedelta(days=1)
        day += dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)
    return day


def slugify_title(title: str) -> str:
    return slugify(title.replace("–", "-"))[:220]


def log_key(kind: str, number: int) -> str:
    """The key of a meeting's texts under ``logs`` in the content: "kickoff", "session-1", ..., "closing"."""
    return f"{kind}-{number}" if kind == Meeting.Kind.SESSION else kind


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


def demo_file(name: str) -> SimpleUploadedFile:
    """An upload of one of the demo's PDFs in demo/files/ (made once with lobmatch.pdf; kept as files so the demo
    renders none)."""
    return SimpleUploadedFile(name, (HERE / "files" / name).read_bytes(), content_type="application/pdf")
