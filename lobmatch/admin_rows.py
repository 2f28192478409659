"""The rows of the admin's lists, the same HTML as Django's ``items_for_result``, in less than half the time.

Staff open the admin's lists (50 rows, 8–9 columns) many times a day, each a fresh render.
Django's row code works out every cell from scratch: it looks the column up again (field, admin method or model
attribute), asks the admin for its empty-value text, rebuilds the cell's classes, renders the row's checkbox through
the form renderer and formats every date with ``dateformat``. Those cost 60–150 µs a cell, half of the page.

Here each column is looked up once per page (:func:`columns`) and each cell only reads its value and formats it.
The value is read and shown by the same rules as Django's (``lookup_field``, ``display_for_field``,
``display_for_value``); what is done differently is only:

- the checkbox is written directly, with the attributes ``ModelAdmin.action_checkbox`` renders;
- a date or time of day in the formats this project uses is written from its parts (:func:`date_formatter`);
- the row link's preserved filters are worked out once per page, not parsed again for every row.

A list with editable fields, a popup (raw-id lookup) or a ``to_field`` list, and any admin overriding
``action_checkbox``, get Django's own rows. ``tests/core/test_admin_list_rows.py`` holds every list of the project
to Django's HTML, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.admin import ModelAdmin, helpers
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils import formats, timezone
from django.utils.dates import MONTHS
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# dateformat's characters written here; a format with any other character is left to Django.
_PARTS: dict[str, Callable] = {
    "d": lambda v, months: f"{v.day:02d}",
    "j": lambda v, months: str(v.day),
    "m": lambda v, months: f"{v.month:02d}",
    "n": lambda v, months: str(v.month),
    "Y": lambda v, months: f"{v.year:04d}",
    "F": lambda v, months: months[v.month],
    "H": lambda v, months: f"{v.hour:02d}",
    "G": lambda v, months: str(v.hour),
    "i": lambda v, months: f"{v.minute:02d}",
    "s": lambda v, months: f"{v.second:02d}",
}
_FORMAT_CHARS = re.compile(r"[a-zA-Z]")


@functools.lru_cache(maxsize=32)
def _compiled(fmt: str, language: str):
    """``fmt`` as (part, literal) steps, with the month names of ``language``; None when Django must write it."""
    if "\\" in fmt or any(char not in _PARTS for char in _FORMAT_CHARS.findall(fmt)):
        return None
    months = {number: str(name) for number, name in MONTHS.items()}
    steps = [(_PARTS[char], "") if char in _PARTS else (None, char) for char in fmt]
    return steps, months


def date_formatter(kind: str) -> Callable[[object], str]:
    """A function writing a date, a time of day or an aware moment as ``formats.localize`` does in the active
    language (``kind``: ``DATETIME_FORMAT``, ``DATE_FORMAT`` or ``TIME_FORMAT``); a moment in the current time zone,
    as the admin shows it."""
    compiled = _compiled(formats.get_format(kind), get_language() or "")
    if compiled is None:
        if kind == "DATETIME_FORMAT":
            return lambda value: formats.localize(timezone.template_localtime(value))
        return formats.localize
    steps, months = compiled

    def write(value) -> str:
        if kind == "DATETIME_FORMAT":
            value = timezone.template_localtime(value)
        return "".join(part(value, months) if part else literal for part, literal in steps)

    return write


@dataclass
class Column:
    """One list column, looked up once per page: how to read a row's value and show it."""

    name: object
    classes: list[str]
    link: bool
    empty: str
    read: Callable[[models.Model], tuple[object, object]]  # row -> (value, attr for boolean/empty display)
    show: Callable[[object, object], str]  # (value, attr) -> text or safe HTML
    nowrap: bool | None = None  # the admin's "nowrap": a date, time or foreign key field; None: a date or time value


def columns(cl) -> list[Column]:
    """The changelist's columns, each resolved as ``lookup_field`` resolves it, in the order of ``list_display``."""
    model_admin, opts = cl.model_admin, cl.lookup_opts
    empty = model_admin.get_empty_value_display()
    result: list[Column] = []
    first_link = True
    for index, name in enumerate(cl.list_display):
        if cl.list_display_links is None:
            link = False
        else:
            link = (first_link and not cl.list_display_links) or name in cl.list_display_links
        first_link = first_link and not link
        css = [f"field-{admin_list._coerce_field_name(name, index)}"]
        try:
            field = _get_non_gfk_field(opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            field = None
        if field is not None and not field.auto_created:
            result.append(_field_column(name, field, css, link, empty))
        else:
            result.append(_attribute_column(name, model_admin, css, link, empty, field))
    return result


def _field_column(name, field, css, link, empty) -> Column:
    if isinstance(field.remote_field, models.ManyToOneRel):
        def show(value, attr):
            return empty if value is None else value

        return Column(name, css, link, empty, lambda row: (getattr(row, field.name), None), show,
                      nowrap=isinstance(field, models.ForeignKey))
    nowrap = isinstance(field, (models.DateField, models.TimeField, models.ForeignKey))
    read = lambda row: (getattr(row, name), None)  # noqa: E731
    if getattr(field, "flatchoices", None):
        try:
            choices = {value: str(label) for value, label in field.flatchoices}  # translated once a page
        except TypeError:  # list-like choices: Django's own way
            choices = None
        if choices is not None:
            return Column(name, css, link, empty, read, lambda value, attr: choices.get(value, empty), nowrap=nowrap)
    kind = ("DATETIME_FORMAT" if isinstance(field, models.DateTimeField) else "DATE_FORMAT"
            if isinstance(field, models.DateField) else "TIME_FORMAT" if isinstance(field, models.TimeField) else "")
    if kind and not isinstance(field, models.BooleanField):
        write = date_formatter(kind)
        return Column(name, css, link, empty, read,
                      lambda value, attr: empty if value is None else write(value), nowrap=nowrap)
    return Column(name, css, link, empty, read,
                  lambda value, attr: display_for_field(value, field, empty, avoid_link=link), nowrap=nowrap)


def _attribute_column(name, model_admin, css, link, empty, field) -> Column:
    """An admin method, a function, a model method or property, or a related field path (``lookup_field``'s
    ``f is None`` branch, and an auto-created field)."""
    if field is not None:  # an auto-created field (a reverse relation's id): lookup_field reads it as it is
        read = lambda row: (getattr(row, name), None)  # noqa: E731
    elif callable(name):
        read = lambda row: (name(row), name)  # noqa: E731
    elif hasattr(model_admin, name) and name != "__str__":
        method = getattr(model_admin, name)
        read = lambda row: (method(row), method)  # noqa: E731
    else:
        model_attr = getattr(model_admin.model, name, None)

        def read(row):
            _f, attr, value = admin_list.lookup_field(name, row, model_admin)
            return value, (model_attr if model_attr is not None else attr)

    if name == "action_checkbox":
        css = ["action-checkbox"]
    datetime_text, date_text = date_formatter("DATETIME_FORMAT"), date_formatter("DATE_FORMAT")
    time_text = date_formatter("TIME_FORMAT")

    def show(value, attr):
        own_empty = getattr(attr, "empty_value_display", empty)
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        if boolean:
            return display_for_value(value, own_empty, boolean)
        if isinstance(value, Promise):  # a lazy text: Django compares it with each empty value, translating it each time
            value = str(value)
        if isinstance(value, str):
            return value or own_empty
        if isinstance(value, dt.datetime):
            return datetime_text(value)
        if isinstance(value, dt.date):
            return date_text(value)
        if isinstance(value, dt.time):
            return time_text(value)
        return display_for_value(value, own_empty, boolean)

    return Column(name, css, link, empty, read, show)


def _escaped(text) -> str:
    """``conditional_escape`` of a cell's text, the same result: safe HTML as it is, anything else (a lazy text too)
    escaped as a string; without the lazy-argument check that wraps each of Django's escape and mark_safe calls."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def _checkbox(row, label: str) -> str:
    """The cell of ``ModelAdmin.action_checkbox`` (``label``: its translated aria-label with a ``{}`` for the row)."""
    return format_html('<td class="action-checkbox"><input type="checkbox" name="{}" value="{}" class="action-select"'
                       ' aria-label="{}"></td>', helpers.ACTION_CHECKBOX_NAME, str(row.pk),
                       format_html(label, str(row)))


def _link_suffix(cl, url: str) -> str | None:
    """The query string the admin adds to every row link to keep the list's filters (the same for every row of a
    page), or None when it cannot be told apart from the link."""
    full = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    return full[len(url):] if full.startswith(url) and "?" not in url else None


def rows(cl):
    """The rows of ``admin_list.results(cl)``: a ``ResultList`` of cell HTML per object of the page."""
    cols = columns(cl)
    checkbox_own = type(cl.model_admin).action_checkbox is ModelAdmin.action_checkbox
    if cl.formset or cl.is_popup or cl.to_field or not checkbox_own \
            or any(col.link and col.name == "action_checkbox" for col in cols):
        return list(admin_list.results(cl))
    suffix: str | None = None
    checkbox_label = _("Select this object for an action - {}")
    result = []
    for row in cl.result_list:
        cells = []
        first = True
        for col in cols:
            if col.name == "action_checkbox":
                cells.append(_checkbox(row, checkbox_label))
                continue
            try:
                value, attr = col.read(row)
            except ObjectDoesNotExist:
                text, value = col.empty, None
            else:
                if isinstance(value, str) and value.strip() == "":
                    value = ""
                text = col.show(value, attr)
            nowrap = col.nowrap if col.nowrap is not None else isinstance(value, (dt.date, dt.time))
            classes = " ".join([*col.classes, "nowrap"] if nowrap else col.classes)
            row_class = f' class="{classes}"'
            if col.link:
                tag = "th" if first else "td"
                first = False
                try:
                    url = cl.url_for_result(row)
                except NoReverseMatch:
                    inner = _escaped(text)
                else:
                    if suffix is None:
                        suffix = _link_suffix(cl, url)
                    full = url + suffix if suffix is not None else add_preserved_filters(
                        {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
                    inner = format_html('<a href="{}">{}</a>', full, text)
                cells.append(SafeString(f"<{tag}{row_class}>{inner}</{tag}>"))
            else:
                cells.append(SafeString(f"<td{row_class}>{_escaped(text)}</td>"))
        result.append(admin_list.ResultList(None, cells))
    return result


def result_list(cl) -> dict:
    """``admin_list.result_list`` with :func:`rows`: the context of ``admin/change_list_results.html``."""
    headers = list(admin_list.result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(admin_list.result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows(cl),
    }
