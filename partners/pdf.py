"""The application confirmation as PDF: downloaded from the status page and attached to the confirmation email
(outbox attachment kind ``application_pdf``, registered when :mod:`partners.apps` imports this module)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from lobmatch.mailing import register_attachment
from lobmatch.pdf import PDF_MIMETYPE, render_pdf

from .models import PartnerApplication, Preference


def confirmation_queryset():
    return PartnerApplication.objects.select_related("tranche", "school", "created_by").prefetch_related(
        Prefetch("preferences", queryset=Preference.objects.select_related("practice__ambassador__school")),
        "members", "school__school_types",
    )


def confirmation_filename(application: PartnerApplication) -> str:
    school = slugify(application.school.name) if application.school_id else "aanmelding"
    return f"aanmelding-{application.tranche.number}-{school}-{application.pk}.pdf"


def render_application_confirmation(application: PartnerApplication, *, language: str | None = None) -> bytes:
    application = confirmation_queryset().get(pk=application.pk)
    return render_pdf("reports/application_confirmation.html", {
        "application": application, "tranche": application.tranche, "printed_at": timezone.now(),
        "preferences": list(application.preferences.all()), "members": list(application.members.all()),
        # each written answer under its field's name (lazy: said in the PDF's language when rendered)
        "answers": [(application._meta.get_field(name).verbose_name, getattr(application, name)) for name in ANSWERS],
    }, language=language)


ANSWERS = ("lob_situation", "ambition", "motivation", "availability_kickoff", "availability_sessions")


def render_attachment(descriptor: dict) -> tuple[str, bytes, str]:
    """Outbox renderer: ``{"kind": "application_pdf", "application": <pk>}`` → (filename, bytes, mimetype)."""
    application = confirmation_queryset().get(pk=descriptor["application"])
    content = render_application_confirmation(application, language=descriptor.get("language"))
    return confirmation_filename(application), content, PDF_MIMETYPE


register_attachment("application_pdf", render_attachment)
