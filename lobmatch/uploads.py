"""Upload checks shared by every app: the type is sniffed from the content (never trusted from the name or the
browser), the size is limited, and the stored name is random with the extension of the sniffed type. Uploads are
served only through permission-checked views (see :func:`serve_upload`), again under the sniffed type and its
extension, so a ``polyglot.html`` that starts with ``%PDF`` is stored and downloaded as a ``.pdf``."""

from __future__ import annotations

import mimetypes
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.formats import number_format
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
            # "30,0 MB" in Dutch, "30.0 MB" in English (the reader's decimal separator)
            params={"size": number_format(round(upload.size / 1_048_576, 1), decimal_pos=1, use_l10n=True),
                    "max": max_bytes // 1_048_576},
            code="too_large",
        )
    mime = detect(upload)
    if mime is None:
        raise ValidationError(
            _("Dit bestandstype is niet toegestaan. Toegestaan zijn: %(types)s. "
              "Het bestand wordt herkend aan de inhoud, niet aan de naam."),
            params={"types": ALLOWED_LABEL},
            code="bad_type",
        )
    return mime


def detect(fileobj) -> str | None:
    """The allowed MIME type recognised from the content of an open, seekable file, or None."""
    fileobj.seek(0)
    kind = filetype.guess(fileobj.read(8192))
    fileobj.seek(0)
    mime = kind.mime if kind else None
    if mime == "application/zip" or (mime and mime in OFFICE):
        mime = _office_type(fileobj)
    fileobj.seek(0)
    return mime if mime in ALLOWED else None


def name_for_type(name: str, mime: str) -> str:
    """``name`` with the extension of the sniffed type instead of its own (``polyglot.html`` → ``polyglot.pdf``)."""
    return f"{_stem(name)}.{ALLOWED[mime]}"


def _stem(name: str) -> str:
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return (base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base) or "bestand"


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


def serve_upload(field_file, *, filename: str) -> FileResponse:
    """Stream a user's upload as a download under the type sniffed from the stored content and that type's
    extension, whatever the stored or given name says (files stored before the name followed the content
    included). Content that is no allowed type any more is offered as opaque bytes. Call only after the caller's
    queryset decided the user may see it."""
    handle = _open(field_file)
    mime = detect(handle)
    if mime is None:
        return _download(handle, filename=f"{_stem(filename)}.bin", content_type="application/octet-stream")
    return _download(handle, filename=name_for_type(filename, mime), content_type=mime)


def serve_file(field_file, *, filename: str, content_type: str | None = None) -> FileResponse:
    """Stream a file the application generated itself (exports, reports) as a download. Uploads go through
    :func:`serve_upload`. Call only after the caller's queryset decided the user may see it."""
    handle = _open(field_file)
    mime = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return _download(handle, filename=filename, content_type=mime)


def _open(field_file):
    if not field_file:
        raise Http404
    try:
        return field_file.open("rb")
    except FileNotFoundError:
        raise Http404


def _download(handle, *, filename: str, content_type: str) -> FileResponse:
    # attachment + nosniff: the browser saves the file and never renders it as a page of this site
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
