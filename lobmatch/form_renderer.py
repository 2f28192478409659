"""The form renderer (settings.FORM_RENDERER): Django's, with its plain input and textarea widgets written in Python.

Django renders every widget through its templates: an ``<input>`` is ``text.html`` → ``input.html`` → ``attrs.html``,
three template renders for one tag. A form of 60 fields (the application form) spent a fifth of its time there.
The markup written here is exactly the templates' (same attributes, order and escaping); every other widget (checkbox
groups, files, multi-widgets; a select unless it is lobmatch.widgets.FastSelect) still goes through its template. The project overrides none of these
templates; one that does must be dropped from ``INPUT_TEMPLATES``.
"""

from __future__ import annotations

import html

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeData, mark_safe

INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "email", "url", "number", "password", "hidden", "search", "tel", "date",
                 "datetime", "time", "color", "checkbox")
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def escape(value) -> str:
    """Django's ``conditional_escape`` (the standard library's escape is the same, without the lazy-string
    wrapper that made it a tenth of the form's time)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _text(value) -> str:
    """``{{ value|stringformat:'s' }}``: the value as text, escaped unless it is marked safe."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def render_attrs(attrs: dict) -> str:
    """``attrs.html``: ` name="value"`, a bare name for True, nothing for False."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{_text(value)}"'
        for name, value in attrs.items() if value is not False
    )


def render_input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
            f'{value}{render_attrs(widget["attrs"])}>')


def render_textarea(widget: dict) -> str:
    value = escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{escape(widget["name"])}"{render_attrs(widget["attrs"])}>\n{value}</textarea>'


class FastWidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return mark_safe(render_input(context["widget"]))  # noqa: S308 - every value escaped above
        if template_name == TEXTAREA_TEMPLATE:
            return mark_safe(render_textarea(context["widget"]))  # noqa: S308 - every value escaped above
        return super().render(template_name, context, request)
