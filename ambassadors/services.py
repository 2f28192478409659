"""State changes of good practices and their materials."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from lobmatch.models import Role
from lobmatch.outbox import enqueue_email
from lobmatch.roles import has_role
from lobmatch.uploads import name_for_type, sniff
from lobmatch.workflow import apply_transition

from .contributions import unpublish_problems
from .models import GoodPractice, Material

# Paths of the catalogue that a practice's slug must not take (ambassadors/urls.py).
RESERVED_SLUGS = {"mijn", "nieuw", "school", "materiaal"}


class PracticeError(Exception):
    """A change of a good practice that the programme's rules refuse (the message says why, in Dutch)."""


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:200] or "good-practice"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or GoodPractice.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _changed_after_publication(practice: GoodPractice, by) -> bool:
    """An ambassador changed a published practice: it stays online, and staff see it needs a look."""
    if practice.status != GoodPractice.Status.PUBLISHED or has_role(by, Role.STAFF):
        return False
    practice.changed_since_review_at = timezone.now()
    return True


class ChangedMeanwhile(PracticeError):
    """Someone else saved the practice after the page was loaded: ``at`` is when (the form shows it again)."""

    def __init__(self, at):
        self.at = at
        super().__init__(_("Iemand anders heeft deze good practice opgeslagen nadat u de pagina opende (om %(time)s). "
                           "Uw tekst staat hieronder en is niet opgeslagen. Kijk in een ander tabblad wat er nu staat; "
                           "slaat u hierna opnieuw op, dan vervangt uw tekst die van de ander.")
                         % {"time": date_format(timezone.localtime(at), "TIME_FORMAT")})


def new_practice_initial(user) -> dict:
    """What a new practice's form starts with: the coordinator who writes it is its contact person until they type
    someone else (the field is required, and nearly always themselves)."""
    return {"contact_name": user.get_full_name(), "contact_email": user.email}


@transaction.atomic
def save_practice(form, *, by, ambassador=None, loaded_at=None) -> GoodPractice:
    """Create or update a practice from a validated form; a new one starts as a draft. ``loaded_at``: when the
    page with the form was loaded; a save over someone else's later one is refused (ChangedMeanwhile), or the last
    of two coordinators (or tabs) would silently undo the other's changes."""
    if form.instance.pk is not None and loaded_at is not None:
        saved_at = GoodPractice.objects.select_for_update().values_list("updated_at", flat=True).get(
            pk=form.instance.pk)
        if saved_at > loaded_at:
            raise ChangedMeanwhile(saved_at)
    practice = form.save(commit=False)
    if practice.pk is None:
        practice.ambassador = ambassador
        practice.status = GoodPractice.Status.DRAFT
    elif set(form.changed_data) - {"loaded_at"}:  # (the page's load time is no content)
        _changed_after_publication(practice, by)
    if not practice.slug:
        practice.slug = unique_slug(practice.title, exclude_pk=practice.pk)
    if not practice.province:
        practice.province = practice.ambassador.school.province
    practice._history_user = by
    practice.save()
    form.save_m2m()
    return practice


def submit_for_publication(practice: GoodPractice, *, by) -> GoodPractice:
    return apply_transition(practice, "submit", by=by, reason="ter publicatie aangeboden")


# Taking a practice out of the catalogue needs a reason: its ambassador school is told why (also said by the admin's
# action bar before it sends the action without one).
UNPUBLISH_NEEDS_REASON = gettext_lazy("Geef een reden: de ambassadeursschool leest waarom haar good practice uit de "
                                      "catalogus gaat.")


@transaction.atomic
def publish(practice: GoodPractice, *, by, reason: str = "") -> GoodPractice:
    """Into the catalogue; the ambassador school's contacts hear of it."""
    practice = apply_transition(practice, "publish", by=by, reason=reason)
    _tell_ambassador(practice, "practice_published")
    return practice


def check_unpublish_reason(reason: str) -> str:
    """The reason for taking practices out of the catalogue, stripped; refused when empty (a selection is refused
    once, before any practice)."""
    reason = (reason or "").strip()
    if not reason:
        raise PracticeError(str(UNPUBLISH_NEEDS_REASON))
    return reason


@transaction.atomic
def unpublish(practice: GoodPractice, *, by, reason: str) -> GoodPractice:
    """Back to draft, out of the catalogue, for a reason the ambassador school's contacts are mailed; refused while
    a match uses it (the apps that match register why: :func:`ambassadors.contributions.unpublish_problems`)."""
    reason = check_unpublish_reason(reason)
    if problems := unpublish_problems(practice):
        raise PracticeError(" ".join(problems))
    practice = apply_transition(practice, "unpublish", by=by, reason=reason)
    _tell_ambassador(practice, "practice_unpublished", why=reason)
    return practice


def _tell_ambassador(practice: GoodPractice, template: str, *, why: str = "") -> None:
    """A mail about ``practice`` to its ambassador school's active contacts and its own contact address."""
    ambassador = practice.ambassador
    to = [*ambassador.contacts.filter(is_active=True).values_list("email", flat=True), practice.contact_email]
    enqueue_email(
        to=[address for address in to if address], template=template,
        context={"school": ambassador.school.name, "title": practice.title, "why": why,
                 "url": reverse("ambassadors:practice_edit", kwargs={"slug": practice.slug})
                 if template == "practice_unpublished" else practice.get_absolute_url()},
        reason=gettext_noop("u contactpersoon bent van deze good practice"),
    )


@transaction.atomic
def mark_reviewed(practice: GoodPractice, *, by) -> bool:
    """Staff looked at the changes of a published practice (its history shows them). False: nothing to review."""
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if practice.changed_since_review_at is None:
        return False
    practice.changed_since_review_at = None
    practice._history_user = by
    practice._change_reason = "wijzigingen nagekeken"
    practice.save(update_fields=["changed_since_review_at", "updated_at"])
    return True


def deletion_problem(practice: GoodPractice) -> str:
    """Why ``practice`` may not be deleted ("" when it may): only a draft goes, whatever the path (the ambassador's
    page or the admin). A published one is taken back to draft first."""
    if practice.status != GoodPractice.Status.DRAFT:
        return _("Alleen een concept kan worden verwijderd.")
    return ""


@transaction.atomic
def delete_draft(practice: GoodPractice, *, by) -> None:
    """A draft made by mistake goes, with its materials and their files (after commit). Only a draft; and not one
    that schools chose or a match used while it was published (their rows protect it: refused with the reason)."""
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if problem := deletion_problem(practice):
        raise PracticeError(problem)
    files = [(material.file.storage, material.file.name) for material in practice.materials.all()]
    practice._history_user = by
    try:
        with transaction.atomic():
            practice.delete()
    except ProtectedError as exc:
        raise PracticeError(_("Deze good practice was gepubliceerd en is door scholen gekozen of in een traject "
                              "gebruikt; daarom blijft hij bewaard. Laat hem als concept staan.")) from exc
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


@transaction.atomic
def remove_material(material: Material, *, by) -> None:
    """Take a material off its practice (a wrong file, or one with personal data in it): its file leaves the storage
    once the removal is committed. On a published practice it counts as a change staff look at."""
    practice = material.practice
    if _changed_after_publication(practice, by):
        practice.save(update_fields=["changed_since_review_at", "updated_at"])
    storage, name = material.file.storage, material.file.name
    material.delete()
    transaction.on_commit(lambda: storage.delete(name))


def add_material(practice: GoodPractice, *, upload, title: str, by) -> Material:
    """Store an upload after sniffing its real type; the stored name is random, the original is kept apart."""
    mime = sniff(upload)
    if _changed_after_publication(practice, by):
        practice.save(update_fields=["changed_since_review_at", "updated_at"])
    return Material.objects.create(
        practice=practice, title=title or upload.name, file=upload, original_name=name_for_type(upload.name[:200], mime),
        content_type=mime, size=upload.size, uploaded_by=by,
    )

