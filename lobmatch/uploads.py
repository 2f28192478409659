"""Upload checks shared by every app: the type is sniffed from the content (never trusted from the name or the
browser), the size is limited, and the stored name is random. Files are served only through permission-checked
views (see :func:`serve_file`)."""

from __future__ import annotations

import mimetypes
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

OFFICE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx", "word/"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx", "ppt/"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx", "xl/"),
}
ALLOWED = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    **{mime: ext for mime, (ext, _prefix) in OFFICE.items()},
}
ALLOWED_LABEL = "PDF, DOCX, PPTX, XLSX, PNG, JPEG"


def sniff(upload) -> str:
    """Return the real MIME type of an uploaded file or raise a Dutch ValidationError."""
    max_bytes = settings.LOBMATCH_MAX_UPLOAD_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("Het bestand is te groot (%(size)s MB). Het maximum is %(max)s MB."),
            params={"size": round(upload.size / 1_048_576, 1), "max": max_bytes // 1_048_576},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime == "application/zip" or (mime and mime in OFFICE):
        mime = _office_type(upload)
    upload.seek(0)
    if mime not in ALLOWED:
        raise ValidationError(
            _("Dit bestandstype is niet toegestaan. Toegestaan zijn: %(types)s. "
              "Het bestand wordt herkend aan de inhoud, niet aan de naam."),
            params={"types": ALLOWED_LABEL},
            code="bad_type",
        )
    return mime


def _office_type(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    for mime, (_ext, prefix) in OFFICE.items():
        if any(name.startswith(prefix) for name in names):
            return mime
    return None


def serve_file(field_file, *, filename: str, content_type: str | None = None) -> FileResponse:
    """Stream a stored file as a download. Call only after the caller's queryset decided the user may see it."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404
    mime = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
