"""Every state change of applications: saving drafts, submitting against the deadline, withdrawing, reviewing."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lobmatch.models import Role, School, Tranche
from lobmatch.outbox import enqueue_email
from lobmatch.workflow import apply_transition

from .models import DeadlineExtension, PartnerApplication, Preference


class ApplicationError(Exception):
    """A refusal with a message for the school (Dutch)."""


@dataclass(frozen=True)
class DeadlineCheck:
    allowed: bool
    late: bool
    message: str = ""


def deadline_check(tranche: Tranche, school: School | None, at=None) -> DeadlineCheck:
    """May this school submit now? The tranche deadline (aware, Europe/Amsterdam) or the school's extension."""
    at = at or timezone.now()
    if at < tranche.application_opens_at:
        return DeadlineCheck(False, False, _("De aanmelding voor %(tranche)s is nog niet geopend.") % {"tranche": tranche})
    if at <= tranche.application_deadline:
        return DeadlineCheck(True, False)
    if school is not None:
        extension = DeadlineExtension.objects.filter(tranche=tranche, school=school, until__gte=at).first()
        if extension is not None:
            return DeadlineCheck(True, True)
    deadline = timezone.localtime(tranche.application_deadline)
    return DeadlineCheck(False, False, _(
        "De deadline van %(tranche)s is verstreken (%(deadline)s). Uw concept blijft bewaard; neem contact op met "
        "de VO-raad als u denkt dat u een verlenging nodig heeft."
    ) % {"tranche": tranche, "deadline": deadline.strftime("%d-%m-%Y %H:%M")})


def _resolve_school(data) -> School | None:
    code = data.get("brin")
    if not code:
        return None
    brin, location = code[:4], code[4:]
    school = School.objects.filter(brin=brin, location_code=location).first()
    if school is None and data.get("school_name") and data.get("school_city") and data.get("school_province"):
        school = School.objects.create(brin=brin, location_code=location, name=data["school_name"],
                                       city=data["school_city"], province=data["school_province"])
        if data.get("school_types"):
            school.school_types.set(data["school_types"])
    return school


def save_draft(application: PartnerApplication | None, form, formset, *, tranche: Tranche, by) -> PartnerApplication:
    """Save whatever was typed. Raises ApplicationError when the school already has an application."""
    if application is not None and not application.is_editable:
        raise ApplicationError(_("Deze aanmelding is al ingediend en kan niet meer worden gewijzigd."))
    try:
        with transaction.atomic():
            app = form.save(commit=False)
            if application is None:
                app.tranche, app.created_by = tranche, by
            school = _resolve_school(form.cleaned_data)
            if school is not None:
                app.school = school
            app._history_user = by
            app.save()
            formset.instance = app
            formset.save()
            leader = [m for m in app.members.all() if m.is_project_leader]
            if leader and not app.project_leader_name:
                app.project_leader_name = leader[0].name
                app.project_leader_email = app.project_leader_email or leader[0].email
                app.save(update_fields=["project_leader_name", "project_leader_email"])
            app.preferences.all().delete()
            Preference.objects.bulk_create(
                [Preference(application=app, practice=p, rank=rank) for rank, p in enumerate(form.preferences, 1)]
            )
            by.groups.add(Group.objects.get(name=Role.SCHOOL_CONTACT))
    except IntegrityError:
        raise ApplicationError(_(
            "Voor deze school is in %(tranche)s al een aanmelding. Per school is er één aanmelding per tranche; "
            "neem contact op met de collega die hem heeft ingevuld, of met de VO-raad."
        ) % {"tranche": tranche})
    return app


def submit(application: PartnerApplication, *, by, at=None) -> PartnerApplication:
    """Submit a complete draft, checked against the deadline on the server at this moment."""
    with transaction.atomic():
        app = PartnerApplication.objects.select_for_update().get(pk=application.pk)
        if app.status != PartnerApplication.Status.DRAFT:
            raise ApplicationError(_("Deze aanmelding is al ingediend."))
        check = deadline_check(app.tranche, app.school, at)
        if not check.allowed:
            raise ApplicationError(check.message)
        apply_transition(app, "submit", by=by, late=check.late,
                         reason=_("ingediend met verlenging") if check.late else "")
        recipients = {by.email, app.project_leader_email, app.school_leader_email}
        enqueue_email(
            to=recipients, template="application_confirmation",
            context={"application_id": app.pk, "school": app.school.name, "tranche": str(app.tranche),
                     "preferences": [str(p.practice) for p in app.preferences.select_related("practice")],
                     "members": [m.name for m in app.members.all()],
                     "status_url": f"/aanmelden/{app.pk}/"},
            dedupe_key=f"application-confirmation:{app.pk}", language=getattr(by, "language", "nl"),
            attachments=[{"kind": "application_pdf", "application": app.pk}],
            reason=_("u heeft een aanmelding als partnerschool ingediend"),
        )
    return app


def withdraw(application: PartnerApplication, *, by, reason: str = "") -> PartnerApplication:
    try:
        return apply_transition(application, "withdraw", by=by, reason=reason)
    except Exception as exc:  # WorkflowError
        raise ApplicationError(_("Deze aanmelding kan niet meer worden ingetrokken.")) from exc


def change_status(application: PartnerApplication, transition: str, *, by, reason: str) -> PartnerApplication:
    """Staff actions (review, waitlist, reject, ...) with a recorded reason."""
    if not reason.strip():
        raise ApplicationError(_("Geef een reden op."))
    return apply_transition(application, transition, by=by, reason=reason)


@transaction.atomic
def grant_extension(*, tranche: Tranche, school: School, until, reason: str, by) -> DeadlineExtension:
    extension, _created = DeadlineExtension.objects.update_or_create(
        tranche=tranche, school=school, defaults={"until": until, "reason": reason, "granted_by": by}
    )
    return extension
