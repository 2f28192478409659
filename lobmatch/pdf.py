"""Shared PDF rendering with WeasyPrint: every report is an HTML template plus ``static/css/print.css``.

- A4, running header "LOB Ambassadeurs" and the tranche, footer "pagina X van Y" (see print.css and
  ``templates/reports/base_print.html``); Dutch dates and money come from the templates (``date``, ``money``).
- Fonts are the Source Sans 3 files shipped in ``static/fonts``. Resources are read only from our own static
  directory (:func:`static_only_fetcher`): a report never touches the network, whatever its text contains.
- The parsed print stylesheet and its font configuration are kept per thread, so a report pays only for its own
  layout (the trajectory report budget is 0.5 s).
- WeasyPrint (about a second to import) is imported on first use, not when Django starts.
"""

from __future__ import annotations

import atexit
import logging
import mimetypes
import shutil
import threading
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

PDF_MIMETYPE = "application/pdf"

_local = threading.local()


def static_dir() -> Path:
    """The project's own static directory (fonts, print.css): the only place a report may read from."""
    dirs = [Path(d) for d in getattr(settings, "STATICFILES_DIRS", [])]
    return (dirs[0] if dirs else Path(settings.BASE_DIR) / "static").resolve()


@cache
def _fetcher_class():
    # WeasyPrint logs every layout step at INFO (even while importing); the project logs at INFO by default.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serve ``file://`` URLs inside the static directory and ``data:`` URLs; refuse everything else."""

        def __init__(self, root: Path):
            super().__init__(allowed_protocols=("file", "data"))
            self.root = root.resolve()

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith("file:"):
                raise ValueError(f"Reports may only read the static directory, not {url!r}")
            path = Path(URLFetcherResponse(url).path or "").resolve()
            if not path.is_relative_to(self.root) or not path.is_file():
                raise ValueError(f"Not a file in the static directory: {url!r}")
            mime = "font/woff" if path.suffix == ".woff" else (
                mimetypes.guess_type(path.name)[0] or "application/octet-stream")
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

    return StaticOnlyFetcher


def static_only_fetcher(root: Path | None = None):
    """A WeasyPrint URL fetcher that reads only files below ``root`` (the static directory)."""
    return _fetcher_class()(root or static_dir())


def _print_assets():
    """(font_config, stylesheet, fetcher), parsed once per thread."""
    assets = getattr(_local, "assets", None)
    if assets is None:
        fetcher = static_only_fetcher()
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        stylesheet = CSS(filename=str(fetcher.root / "css" / "print.css"), font_config=font_config,
                         url_fetcher=fetcher)
        assets = _local.assets = (font_config, stylesheet, fetcher)
        atexit.register(_remove_font_folder, font_config)
    return assets


def _remove_font_folder(font_config) -> None:
    """WeasyPrint removes a font configuration's temporary folder in ``__del__``, which fails noisily when it runs
    during interpreter shutdown; a cached configuration is cleaned up before that instead."""
    folder = getattr(font_config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        font_config._folder = None


def html_to_pdf(html: str) -> bytes:
    font_config, stylesheet, fetcher = _print_assets()
    from weasyprint import HTML

    document = HTML(string=html, base_url=fetcher.root.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)


def render_pdf(template: str, context: dict, *, language: str | None = None) -> bytes:
    """Render ``template`` (which extends ``reports/base_print.html``) to PDF bytes, in Dutch unless told."""
    with translation.override(language or "nl"):
        html = render_to_string(template, context)
    return html_to_pdf(html)


def pdf_response(content: bytes, filename: str):
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=PDF_MIMETYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
