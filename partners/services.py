"""Every state change of applications: drafts, submitting against the deadline, withdrawing, staff decisions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lobmatch.models import Role, School, SchoolType, Tranche
from lobmatch.outbox import enqueue_email, source_text
from lobmatch.workflow import WorkflowError, apply_transition

from .models import (
    MAX_PREFERENCES,
    MAX_WORKING_GROUP,
    MIN_WORKING_GROUP,
    DeadlineExtension,
    PartnerApplication,
    Preference,
    WorkingGroupMember,
)

# What staff may do from the admin (matching itself belongs to the trajectories app).
STAFF_TRANSITIONS = ("start_review", "waitlist", "reject", "withdraw")
# Decisions the school hears about by email (the reason is part of the message).
NOTIFIED_TRANSITIONS = ("waitlist", "reject", "withdraw")


class ApplicationError(Exception):
    """A refusal with a message for the school (Dutch)."""


@dataclass(frozen=True)
class DeadlineCheck:
    allowed: bool
    late: bool
    message: str = ""


def _duplicate_message(tranche: Tranche) -> str:
    return _(
        "Voor deze school is er in %(tranche)s al een aanmelding. Per school is er één aanmelding per tranche: "
        "overleg met de collega die hem heeft ingevuld, of mail het programmateam (%(email)s). Uw ingevulde "
        "gegevens staan hieronder nog."
    ) % {"tranche": tranche, "email": settings.PROGRAMME_CONTACT_EMAIL}


def deadline_check(tranche: Tranche, school: School | None, at=None) -> DeadlineCheck:
    """May this school submit at this moment? The tranche deadline (aware, Europe/Amsterdam) or its extension."""
    at = at or timezone.now()
    if at < tranche.application_opens_at:
        opens = timezone.localtime(tranche.application_opens_at)
        return DeadlineCheck(False, False, _("De aanmelding voor %(tranche)s opent op %(opens)s.")
                             % {"tranche": tranche, "opens": date_format(opens, "SHORT_DATETIME_FORMAT")})
    if at <= tranche.application_deadline:
        return DeadlineCheck(True, False)
    if school is not None and school.pk is not None:
        if DeadlineExtension.objects.filter(tranche=tranche, school=school, until__gte=at).exists():
            return DeadlineCheck(True, True)
    deadline = timezone.localtime(tranche.application_deadline)
    return DeadlineCheck(False, False, _(
        "De deadline van %(tranche)s is verstreken (%(deadline)s). Nieuwe aanmeldingen nemen wij niet meer aan; "
        "uw concept blijft bewaard en leesbaar. Denkt u dat uw school een verlenging nodig heeft, neem dan contact "
        "op met de VO-raad: %(email)s."
    ) % {"tranche": tranche, "deadline": date_format(deadline, "SHORT_DATETIME_FORMAT"),
         "email": settings.PROGRAMME_CONTACT_EMAIL})


def _lock_school_for_tranche(school: School, tranche: Tranche, *, exclude_pk=None, refuse_taken: bool = True) -> None:
    """Serialise applications per school (row lock), then refuse one when the school already has an application
    that counts (submitted or further; another account's draft does not, see the model's constraint) with a clear
    message. The partial unique constraint stays the last line of defence."""
    School.objects.select_for_update().filter(pk=school.pk).first()
    if not refuse_taken:
        return
    taken = PartnerApplication.objects.filter(school=school, tranche=tranche).exclude(
        status__in=PartnerApplication.NOT_COUNTING)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ApplicationError(_duplicate_message(tranche))


def save_draft(application: PartnerApplication | None, form, formset, *, tranche: Tranche, by) -> PartnerApplication:
    """Save whatever was typed (the form validated formats only). Starting an application makes the user a
    school contact. Raises ApplicationError when the school already has a live application in this tranche."""
    try:
        with transaction.atomic():
            return _save_draft(application, form, formset, tranche=tranche, by=by)
    except IntegrityError as exc:
        raise ApplicationError(_duplicate_message(tranche)) from exc


def _save_draft(application: PartnerApplication | None, form, formset, *, tranche: Tranche, by) -> PartnerApplication:
    """:func:`save_draft` inside the caller's transaction (which turns an IntegrityError into the refusal)."""
    if application is not None and not application.is_editable:
        raise ApplicationError(_not_a_draft(application))
    if application is not None and application.pk is not None:
        # The page was loaded before; a submit from another tab may have happened since. Lock the row
        # (submit locks it too) and look again, or this save would turn a submitted application back.
        current = PartnerApplication.objects.select_for_update(of=("self",)).get(pk=application.pk)
        if not current.is_editable:
            raise ApplicationError(_not_a_draft(current))
    return _save_content(form, formset, tranche=tranche, by=by)


def _not_a_draft(application: PartnerApplication) -> str:
    """Why an application that is no draft (any more) is not saved from the form, which keeps what was typed."""
    if application.status == PartnerApplication.Status.SUBMITTED:
        return _("Deze aanmelding is al ingediend: als concept opslaan kan niet meer. Tot de deadline kunt u haar "
                 "wijzigen en opnieuw indienen.")
    return _("De VO-raad heeft uw aanmelding in behandeling genomen (status: %(status)s); wijzigen kan niet meer. Uw "
             "wijzigingen staan hieronder nog, maar zijn niet bewaard. Moet er toch iets veranderen, mail dan naar de "
             "VO-raad: %(email)s.") % {"status": application.get_status_display(),
                                       "email": settings.PROGRAMME_CONTACT_EMAIL}


def _save_content(form, formset, *, tranche: Tranche, by) -> PartnerApplication:
    """What the form holds onto its application: the school (known or as typed), members and preferences. The
    caller holds the application's row lock (a saved one), so what is stored is compared as it stands. A draft is
    saved also when its school already has an application that counts (a colleague's, submitted): nothing typed is
    lost, the form says so, and submitting it is refused (:func:`_submit_checked`); a submitted one changed is
    refused here."""
    app = form.save(commit=False)
    new = app.pk is None
    if new:
        app.tranche, app.created_by = tranche, by
    school = form.known_school
    if school is not None:
        _lock_school_for_tranche(school, app.tranche, exclude_pk=app.pk,
                                 refuse_taken=app.status != PartnerApplication.Status.DRAFT)
    app.school = school
    app.school_entry = {} if school is not None else form.school_entry()
    app._history_user = by
    app.save()
    _save_members(app, formset)
    _save_preferences(app, [p.pk for p in form.preferences], new=new)
    _make_school_contact(by)
    return app


def _save_preferences(app: PartnerApplication, practice_ids: list[int], *, new: bool) -> None:
    """The ranked choices; rewritten only when they differ from the stored ones (most saves change other fields)."""
    wanted = list(enumerate(practice_ids, 1))
    stored = Preference.objects.filter(application=app)
    if not new:
        if list(stored.order_by("rank").values_list("rank", "practice_id")) == wanted:
            return
        stored.delete()
    Preference.objects.bulk_create([Preference(application=app, practice_id=pk, rank=rank) for rank, pk in wanted])


def _make_school_contact(user) -> None:
    """Whoever saves an application is a school contact (asked of the groups the request already read)."""
    if not user.has_role(Role.SCHOOL_CONTACT):
        user.groups.add(Group.objects.get(name=Role.SCHOOL_CONTACT))
        user._role_names = None  # read again when next asked


def can_be_changed(application: PartnerApplication, at=None) -> bool:
    """A submitted application may be changed and submitted again until the deadline (or the school's
    extension); a draft can always be saved."""
    if application.is_editable:
        return True
    return (application.status == PartnerApplication.Status.SUBMITTED
            and deadline_check(application.tranche, application.school, at).allowed)


def _resubmit(current: PartnerApplication, form, formset, *, by, at=None) -> PartnerApplication:
    """Save the changes to a submitted application (``current``: its locked row) and submit it again."""
    if not deadline_check(current.tranche, current.school, at).allowed:
        raise ApplicationError(_("De deadline is verstreken: een ingediende aanmelding kan niet meer worden "
                                 "gewijzigd. Uw wijzigingen staan hieronder nog, maar zijn niet bewaard. Moet er toch "
                                 "iets veranderen, mail dan naar de VO-raad: %(email)s.")
                               % {"email": settings.PROGRAMME_CONTACT_EMAIL})
    try:
        with transaction.atomic():
            # The form's copy may have been loaded before the submit in another tab: the status is the row's.
            form.instance.status = current.status
            saved = _save_content(form, formset, tranche=current.tranche, by=by)
            # Checked as stored, not as the page's copy with its members and preferences loaded before the change.
            app = PartnerApplication.objects.select_related("tranche", "school").get(pk=saved.pk)
            _submit_checked(app, "resubmit", by=by, at=at)
    except IntegrityError as exc:
        raise ApplicationError(_duplicate_message(current.tranche)) from exc
    return app


@dataclass(frozen=True)
class Saved:
    """What became of a save from the form: always saved; submitted (again, for a change to a submitted
    application), or why submitting was refused."""

    application: PartnerApplication
    submitted: bool
    refusal: str = ""
    resubmitted: bool = False


def save_application(application: PartnerApplication | None, form, formset, *, tranche: Tranche, by,
                     submitting: bool = False, at=None) -> Saved:
    """Save what the form holds and, when asked, submit it, in one transaction. A refused submit (the deadline,
    something missing) rolls back to the saved draft, which is kept: the school loses nothing it typed. A submitted
    application is changed only by submitting it again before the deadline, or not at all. Raises
    ApplicationError when nothing could be saved (see :func:`save_draft`)."""
    try:
        with transaction.atomic():
            if application is not None and application.pk is not None and submitting:
                current = PartnerApplication.objects.select_for_update(of=("self",)).select_related(
                    "tranche", "school").get(pk=application.pk)
                if current.status == PartnerApplication.Status.SUBMITTED:
                    app = _resubmit(current, form, formset, by=by, at=at)
                    return Saved(app, submitted=True, resubmitted=True)
            # The draft is saved in this transaction (no savepoint of its own: a refusal undoes the whole save).
            app = _save_draft(application, form, formset, tranche=tranche, by=by)
            if not submitting:
                return Saved(app, submitted=False)
            try:
                submit(app, by=by, at=at)
            except ApplicationError as exc:
                return Saved(app, submitted=False, refusal=str(exc))
    except IntegrityError as exc:
        raise ApplicationError(_duplicate_message(tranche)) from exc
    return Saved(app, submitted=True)


def _save_members(app: PartnerApplication, formset) -> None:
    formset.instance = app
    members = formset.save(commit=False)
    for member in formset.deleted_objects:
        member.delete()
    order = {id(form.instance): index for index, form in enumerate(formset.forms)}
    for member in members:
        member.application = app
        member.order = order.get(id(member), member.order)
    # Only the rows that changed come back from the formset. Changed rows first, a cleared project-leader mark
    # before a set one (one leader per group is a constraint); the new rows then in one insert.
    for member in sorted((m for m in members if m.pk is not None), key=lambda m: m.is_project_leader):
        member.save()
    WorkingGroupMember.objects.bulk_create([m for m in members if m.pk is None])
    if app.project_leader_name:
        return
    leader = app.members.filter(is_project_leader=True).first()
    if leader is not None:
        app.project_leader_name = leader.name
        app.project_leader_email = app.project_leader_email or leader.email
        app.save(update_fields=["project_leader_name", "project_leader_email"])


def missing_for_submit(app: PartnerApplication) -> list[str]:
    """What the service itself insists on (the form says it per field; this guards every other path)."""
    missing = []
    members = list(app.members.all())
    if not MIN_WORKING_GROUP <= len(members) <= MAX_WORKING_GROUP:
        missing.append(_("een werkgroep van %(min)s tot %(max)s personen")
                       % {"min": MIN_WORKING_GROUP, "max": MAX_WORKING_GROUP})
    if sum(m.is_project_leader for m in members) != 1:
        missing.append(_("precies één projectleider in de werkgroep"))
    if not 1 <= app.preferences.count() <= MAX_PREFERENCES:
        missing.append(_("één tot drie good practices"))
    for field in ("project_leader_name", "project_leader_email", "school_leader_name", "school_leader_email",
                  "motivation"):
        if not getattr(app, field):
            missing.append(str(app._meta.get_field(field).verbose_name))
    if not all((app.commit_project_leader, app.commit_working_group, app.commit_school_leader,
                app.consent_publicity, app.consent_privacy)):
        missing.append(_("de afspraken en de toestemmingen"))
    if app.school_id is None and not _entry_complete(app.school_entry):
        missing.append(_("de gegevens van de school"))
    return missing


def _entry_complete(entry: dict) -> bool:
    return bool(entry and all(entry.get(k) for k in ("brin", "name", "city", "province")))


def _school_from_entry(entry: dict) -> School:
    """The typed new school becomes a School; two people registering the same one at once get the same row.
    A school already registered under the typed code is that school (:meth:`School.for_code`: also "21ZW00" for a
    school registered as "21ZW", and "21ZW" for the only location of that BRIN)."""
    brin, location = entry["brin"][:4], entry["brin"][4:]
    known = School.for_code(entry["brin"])
    if len(known) > 1:
        raise ApplicationError(_("De BRIN-code %(brin)s heeft meerdere vestigingen: vul ook de vestigingscode "
                                 "in (bijvoorbeeld %(example)s).") % {"brin": brin, "example": known[1].code})
    if known:
        return known[0]
    try:
        with transaction.atomic():
            school, created = School.objects.get_or_create(
                brin=brin, location_code=location,
                defaults={"name": entry["name"], "city": entry["city"], "province": entry["province"]},
            )
    except IntegrityError:
        school, created = School.objects.get(brin=brin, location_code=location), False
    if created and entry.get("school_types"):
        school.school_types.set(SchoolType.objects.filter(pk__in=entry["school_types"]))
    return school


def submit(application: PartnerApplication, *, by, at=None) -> PartnerApplication:
    """Submit a complete draft, checked against the deadline on the server at this very moment."""
    try:
        with transaction.atomic():
            app = PartnerApplication.objects.select_for_update(of=("self",)).select_related("tranche", "school").get(
                pk=application.pk)
            if app.status != PartnerApplication.Status.DRAFT:
                raise ApplicationError(_("Deze aanmelding is al ingediend."))
            _submit_checked(app, "submit", by=by, at=at)
    except IntegrityError as exc:
        raise ApplicationError(_duplicate_message(application.tranche)) from exc
    application.refresh_from_db()
    return application


def _submit_checked(app: PartnerApplication, transition: str, *, by, at=None) -> None:
    """The deadline, completeness and one-per-school checks of a submission, then the transition (``submit`` or
    ``resubmit``) and the confirmation. The caller holds the application's row lock."""
    check = deadline_check(app.tranche, app.school, at)
    if not check.allowed:
        raise ApplicationError(check.message)
    missing = missing_for_submit(app)
    if missing:
        raise ApplicationError(_("Er ontbreekt nog: %(what)s.") % {"what": ", ".join(missing)})
    if app.school_id is None:
        app.school = _school_from_entry(app.school_entry)
        app.school_entry = {}
    _lock_school_for_tranche(app.school, app.tranche, exclude_pk=app.pk)
    if transition == "resubmit":
        reason = (_("gewijzigd en opnieuw ingediend met verlenging") if check.late
                  else _("gewijzigd en opnieuw ingediend"))
    else:
        reason = _("ingediend met verlenging") if check.late else ""
    apply_transition(app, transition, by=by, late=check.late, reason=reason)
    _make_school_contact(by)
    _send_confirmation(app, by, again=transition == "resubmit")


def _send_confirmation(app: PartnerApplication, by, *, again: bool = False) -> None:
    """The confirmation of a submission; a change submitted ``again`` is confirmed again, with what now stands."""
    preferences = app.preferences.select_related("practice__ambassador__school")
    enqueue_email(
        to={by.email, app.project_leader_email, app.school_leader_email}, template="application_confirmation",
        context={
            "application_id": app.pk, "school": app.school.name, "brin": app.school.code, "city": app.school.city,
            "tranche": str(app.tranche),
            "submitted_at": app.submitted_at.isoformat(),  # shown in the recipient's language
            "late": app.submitted_late,
            "project_leader": f"{app.project_leader_name} ({app.project_leader_email})",
            "school_leader": f"{app.school_leader_name} ({app.school_leader_email})",
            "preferences": [f"{p.practice.title} – {p.practice.ambassador.school.name}" for p in preferences],
            "members": [f"{m.name}, {m.role}" if m.role else m.name for m in app.members.all()],
            "status_url": reverse("partners:status", args=[app.pk]),
        },
        dedupe_key=f"application-confirmation:{app.pk}" + (f":{app.submitted_at:%Y%m%d%H%M%S%f}" if again else ""),
        attachments=[{"kind": "application_pdf", "application": app.pk}],
        reason=gettext_noop("u een aanmelding als partnerschool heeft ingediend"),
    )


def withdraw(application: PartnerApplication, *, by, reason: str = "") -> PartnerApplication:
    """The school withdraws, any time before it is matched."""
    with transaction.atomic():
        app = PartnerApplication.objects.select_for_update().get(pk=application.pk)
        try:
            return apply_transition(app, "withdraw", by=by, reason=reason.strip()[:1000])
        except WorkflowError as exc:
            raise ApplicationError(_("Deze aanmelding kan niet meer worden ingetrokken: zij is al %(status)s.")
                                   % {"status": app.get_status_display()}) from exc


def deletion_problem(application: PartnerApplication) -> str:
    """Why ``application`` may not be deleted ("" when it may): only a draft goes. A submitted application is the
    school's record, with its status history: staff reject it, or withdraw it for the school, with a reason the
    school is told."""
    if application.status != PartnerApplication.Status.DRAFT:
        return _("Alleen een concept kan worden verwijderd. Een ingediende aanmelding blijft bewaard: wijs haar af "
                 "of trek haar in namens de school, met een reden.")
    return ""


@transaction.atomic
def delete_draft(application: PartnerApplication, *, by) -> None:
    """A draft goes, with its working group and choices; anything else is refused (:func:`deletion_problem`)."""
    app = PartnerApplication.objects.select_for_update().get(pk=application.pk)
    if problem := deletion_problem(app):
        raise ApplicationError(problem)
    app._history_user = by
    app.delete()


# What staff may correct on an application (a mistyped address, a new school leader). The school's own answers,
# working group and choices stay the school's: the admin shows them read-only.
CONTACT_FIELDS = ("project_leader_name", "project_leader_email", "project_leader_phone", "project_leader_position",
                  "school_leader_name", "school_leader_email")
_CONTACTS_NEEDED = ("project_leader_name", "project_leader_email", "school_leader_name", "school_leader_email")
# Digits, with the spaces, dashes, dots and brackets people write between them, and a + (or 00) for abroad:
# 06-12345678, 013 123 45 67, +31 (0)6 1234 5678.
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()./-]+$")
_PHONE_DIGITS = (10, 15)  # a Dutch number has 10 digits (0612345678); with a country code up to 15 (ITU E.164)


def phone_problem(number: str) -> str:
    """Why ``number`` cannot be the project leader's phone number ("" when it can, or is left empty): the adviser
    and the programme office call it, so it holds digits only (with their separators), 10 to 15 of them."""
    number = (number or "").strip()
    if not number:
        return ""
    digits = sum(c.isdigit() for c in number)
    if not _PHONE_CHARACTERS.match(number) or not _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1]:
        return _("Dit telefoonnummer klopt niet. Vul een nummer van 10 cijfers in, zoals 06-12345678 of "
                 "013-1234567; uit het buitenland met + en landcode ervoor.")
    return ""


def contact_problems(app: PartnerApplication) -> list[str]:
    """Why ``app``'s contact details cannot stand: a submitted (or later) application keeps the names and addresses
    submitting needed. Empty when they can."""
    if app.is_editable or app.status == PartnerApplication.Status.WITHDRAWN:
        return []
    problems = [problem] if (problem := phone_problem(app.project_leader_phone)) else []
    missing = [str(app._meta.get_field(field).verbose_name) for field in _CONTACTS_NEEDED
               if not (getattr(app, field) or "").strip()]
    if missing:
        problems.append(_("Een ingediende aanmelding houdt haar contactpersonen. Vul in: %(fields)s.")
                        % {"fields": ", ".join(missing)})
    return problems


@transaction.atomic
def correct_contacts(application: PartnerApplication, changes: dict[str, str], *, by) -> PartnerApplication:
    """Staff correct the contact details of an application; nothing else of it. Refused (nothing saved) when a
    field is not a contact detail or a submitted application would lose a name or address it needs. The project
    leader's name and address change in the working group too."""
    if not set(changes) <= set(CONTACT_FIELDS):
        raise ApplicationError(_("Alleen de contactgegevens van een aanmelding kunnen worden gecorrigeerd."))
    if application.is_editable:
        raise ApplicationError(_("Een concept is van de school zelf; het programmabureau wijzigt het niet."))
    app = PartnerApplication.objects.select_for_update(of=("self",)).get(pk=application.pk)
    previous = {field: getattr(app, field) for field in changes}
    for field, value in changes.items():
        setattr(app, field, (value or "").strip())
    if problems := contact_problems(app):
        raise ApplicationError(problems[0])
    app._history_user = by
    app.save(update_fields=[*changes, "updated_at"])
    # The working group includes the project leader (DESIGN): the member marked as leader is the same person, so a
    # corrected name or address is hers too. Otherwise the application named one leader and its group another.
    leader_changes = {member_field: getattr(app, field) for field, member_field in
                      (("project_leader_name", "name"), ("project_leader_email", "email")) if field in changes}
    if leader_changes:
        app.members.filter(is_project_leader=True).update(**leader_changes)
    # A new address is expected at the meetings already planned (the matching side sends it their invitations,
    # and takes them out of the calendar of an address that is no longer expected).
    app.invitations_sent = sum(n or 0 for _receiver, n in contacts_corrected.send(
        sender=PartnerApplication, application=app, previous=previous))
    return app


# Sent by correct_contacts, inside its transaction (``application`` as corrected, ``previous``: the corrected fields'
# values before); a receiver returns how many invitations it mailed to a new address.
contacts_corrected = Signal()


def change_status(application: PartnerApplication, transition: str, *, by, reason: str) -> PartnerApplication:
    """A staff decision (review, waitlist, reject, withdraw) with a reason the school can read."""
    if transition not in STAFF_TRANSITIONS:
        raise ApplicationError(_("Deze statuswijziging bestaat niet."))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Geef een toelichting op."))
    with transaction.atomic():
        app = PartnerApplication.objects.select_for_update(of=("self",)).select_related("school", "tranche").get(
            pk=application.pk)
        try:
            apply_transition(app, transition, by=by, reason=reason)
        except WorkflowError as exc:
            raise ApplicationError(_("%(app)s: niet mogelijk vanuit de status ‘%(status)s’.")
                                   % {"app": app, "status": app.get_status_display()}) from exc
        if transition in NOTIFIED_TRANSITIONS:
            enqueue_email(
                to={app.created_by.email, app.project_leader_email}, template="application_status",
                context={"school": app.school.name if app.school_id else "", "tranche": str(app.tranche),
                         "status_label": source_text(PartnerApplication.Status(app.status).label), "decision_reason": reason,
                         "status_url": reverse("partners:status", args=[app.pk])},
                dedupe_key=f"application-status:{app.pk}:{transition}:{timezone.now():%Y%m%d%H%M%S%f}",
                reason=gettext_noop("u uw school heeft aangemeld als partnerschool"),
            )
    return app


@transaction.atomic
def extension_problems(tranche: Tranche, until) -> dict[str, str]:
    """Why an extension until ``until`` cannot be: it must end after the tranche's deadline (else it gives nothing)
    and before the kickoffs begin (matching is done by then)."""
    if tranche is None or until is None:
        return {}
    if until <= tranche.application_deadline:
        return {"until": _("Kies een moment na de deadline van de tranche (%(deadline)s): eerder geeft een "
                           "verlenging niets.") % {"deadline": date_format(timezone.localtime(tranche.application_deadline),
                                                               "SHORT_DATETIME_FORMAT")}}
    if tranche.kickoff_starts_on and timezone.localdate(until) >= tranche.kickoff_starts_on:
        return {"until": _("Kies een moment vóór de startgesprekken (die beginnen op %(day)s): dan is er al "
                           "gekoppeld.") % {"day": date_format(tranche.kickoff_starts_on, "SHORT_DATE_FORMAT")}}
    return {}


def grant_extension(*, tranche: Tranche, school: School, until, reason: str, by) -> DeadlineExtension:
    """Let exactly this school submit until ``until`` (one extension per school per tranche; granting again
    replaces it), within :func:`extension_problems`."""
    if problems := extension_problems(tranche, until):
        raise ApplicationError(next(iter(problems.values())))
    extension, _created = DeadlineExtension.objects.update_or_create(
        tranche=tranche, school=school, defaults={"until": until, "reason": reason, "granted_by": by}
    )
    return extension


MEMBER_FIELDS = ("name", "role", "email", "is_project_leader")


def merge_into_draft(draft: dict[str, list[str]], typed: dict[str, list[str]]) -> tuple[dict[str, list[str]], int]:
    """Typed before logging in, onto the school's existing draft: every field typed wins over the draft, a field left
    empty keeps the draft's text; typed working-group members fill the draft's empty rows or are added after them
    (one already in the group by email is not added twice, and the draft keeps its project leader). Returns the
    data and how many members were added."""
    def filled(values):
        return any(str(v).strip() for v in values)

    merged = dict(draft)
    for key, values in typed.items():
        if not key.startswith("members-") and key != "action" and filled(values):
            merged[key] = values

    def rows(data):
        total = int((data.get("members-TOTAL_FORMS") or ["0"])[0] or 0)
        return [{name: data.get(f"members-{i}-{name}", []) for name in (*MEMBER_FIELDS, "id")} for i in range(total)]

    existing = rows(draft)
    emails = {v.strip().lower() for row in existing for v in row["email"] if v.strip()}
    has_leader = any(row["is_project_leader"] for row in existing)
    free = [i for i, row in enumerate(existing) if not row["id"] and not any(filled(row[n]) for n in MEMBER_FIELDS)]
    total, added = len(existing), 0
    for row in rows(typed):
        if not any(filled(row[name]) for name in ("name", "role", "email")):
            continue
        email = next((v.strip().lower() for v in row["email"] if v.strip()), "")
        if email and email in emails:
            continue
        emails.add(email)
        index = free.pop(0) if free else total
        total = max(total, index + 1)
        for name in MEMBER_FIELDS:
            if name == "is_project_leader" and has_leader:
                continue
            if filled(row[name]):
                merged[f"members-{index}-{name}"] = row[name]
        added += 1
    merged["members-TOTAL_FORMS"] = [str(total)]
    return merged, added
