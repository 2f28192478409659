"""``{{ form.field|as_field }}``: a form field in Bootstrap 5 markup, written in Python.

The markup is that of crispy-forms' ``|as_crispy_field`` (bootstrap5 pack, labels and errors shown): the label tied
to the field, ``is-invalid`` and ``aria-invalid`` on an invalid widget, the errors in ``<id>_error`` and the help text
in ``<id>_helptext``, both named by ``aria-describedby``; a group of checkboxes in a fieldset with a legend. crispy
renders each field through about ten nested templates; on the application form (67 fields) that was half of the
page's time. The widget itself is still rendered by Django (the same attributes and order as with crispy).
Handles the widgets the project's own forms use in a single column: inputs, textareas, selects, a checkbox, a group
of checkboxes or radio buttons; anything else (a file input) goes to crispy.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.formats import localize
from django.utils.safestring import mark_safe

from lobmatch.form_renderer import escape

register = template.Library()

# Written with f-strings and lobmatch.form_renderer.escape (Django's conditional_escape without its lazy-string
# wrapper): format_html escaping each part was a third of this module's time. Every value below is escaped, the help
# texts too (a form may say a school's name there, which its applicant typed; a help text with markup of the
# project's own is marked safe where it is written), except the parts this module wrote itself.


def _css_class(widget, *extra: str) -> str:
    """The widget's class as crispy sets it: its own class, the widget's name in lower case, then Bootstrap's."""
    classes = widget.attrs.get("class", "")
    name = type(widget).__name__.lower()
    classes = f"{classes} {name}" if classes and name not in classes else (classes or name)
    words = classes.split()
    for word in " ".join(extra).split():
        if word not in words:
            words.append(word)
    return " ".join(words)


def _label_text(bound) -> str:
    if bound.field.required:
        return f'{escape(bound.label)}<span class="asteriskField">*</span>'
    return escape(bound.label)


def _required_class(bound) -> str:
    return " requiredField" if bound.field.required else ""


def _errors(bound) -> str:
    errors = bound.errors
    if not errors:
        return ""
    auto_id = escape(bound.auto_id)
    items = "".join(f'<p id="error_{n}_{auto_id}"><strong>{escape(e)}</strong></p>'
                    for n, e in enumerate(errors, start=1))
    return f'<div id="{escape(errors.field_id)}_error" class="invalid-feedback">{items}</div>'


def _help(bound) -> str:
    if not bound.help_text:
        return ""
    if bound.auto_id:
        return f'<div id="{escape(bound.auto_id)}_helptext" class="form-text">{escape(bound.help_text)}</div>'
    return f'<div class="form-text">{escape(bound.help_text)}</div>'


def _wrapper_class(bound, base: str) -> str:
    extra = bound.css_classes()
    return escape(f"{base} {extra}" if extra else base)


def _checkbox(bound) -> str:
    widget = bound.as_widget(attrs={"class": _css_class(bound.field.widget, "form-check-input",
                                                        "is-invalid" if bound.errors else "")})
    return (f'<div class="mb-3"><div id="div_{escape(bound.auto_id)}" class="{_wrapper_class(bound, "form-check")}">'
            f'{widget}<label for="{escape(bound.id_for_label)}" class="form-check-label{_required_class(bound)}">'
            f"{_label_text(bound)}</label>{_errors(bound)}{_help(bound)}</div></div>")


def _choice_group(bound) -> str:
    """Checkboxes or radio buttons, each with its label; the errors after the last one; in a fieldset."""
    widget = bound.field.widget
    id_ = widget.attrs.get("id") or bound.auto_id
    attrs = bound.build_widget_attrs({"id": id_} if id_ else {})
    groups = widget.optgroups(bound.html_name, widget.format_value(bound.value()), attrs)
    invalid = " is-invalid" if bound.errors else ""
    name = escape(bound.html_name)
    parts = []
    for g, (group, options, _index) in enumerate(groups):
        if group:
            parts.append(f"<strong>{escape(group)}</strong>")
        for o, option in enumerate(options):
            option_attrs = "".join(
                f" {escape(key)}" if value is True else f' {escape(key)}="{escape(value)}"'
                for key, value in option["attrs"].items() if value is not False)
            last = g == len(groups) - 1 and o == len(options) - 1
            parts.append(
                f'<div class="form-check"><input type="{escape(option["type"])}" class="form-check-input{invalid}" '
                f'name="{name}" value="{escape(localize(option["value"], use_l10n=False))}"{option_attrs}>'
                f'<label for="{escape(option["attrs"].get("id", ""))}" class="form-check-label">'
                f'{escape(localize(option["label"], use_l10n=False))}</label>{_errors(bound) if last else ""}</div>')
    describedby = bound.aria_describedby
    described = f' aria-describedby="{escape(describedby)}"' if describedby else ""
    return (f'<div id="div_{escape(bound.auto_id)}" class="{_wrapper_class(bound, "mb-3")}"><fieldset{described}>'
            f'<legend class="form-label{_required_class(bound)} fs-6">{_label_text(bound)}</legend>'
            f'<div>{"".join(parts)}</div>{_help(bound)}</fieldset></div>')


@register.filter
def as_field(bound):
    """One field of a form in Bootstrap 5 markup (see the module text)."""
    widget = bound.field.widget
    if bound.is_hidden:
        return bound.as_widget()
    if isinstance(widget, forms.CheckboxInput):
        return mark_safe(_checkbox(bound))  # noqa: S308 - every value escaped (see above)
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return mark_safe(_choice_group(bound))  # noqa: S308 - every value escaped (see above)
    if isinstance(widget, forms.FileInput | forms.MultiWidget):
        return as_crispy_field(bound)
    bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
    rendered = bound.as_widget(attrs={"class": _css_class(widget, bootstrap, "is-invalid" if bound.errors else "")})
    label = ""
    if bound.label:
        label_for = f' for="{escape(bound.id_for_label)}"' if bound.id_for_label else ""
        label = f'<label{label_for} class="form-label{_required_class(bound)}">{_label_text(bound)}</label>'
    return mark_safe(  # noqa: S308 - every value escaped (see above)
        f'<div id="div_{escape(bound.auto_id)}" class="{_wrapper_class(bound, "mb-3")}">{label}{rendered}'
        f"{_errors(bound)}{_help(bound)}</div>")
