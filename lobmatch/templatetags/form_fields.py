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
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


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


def _label_text(bound):
    if bound.field.required:
        return format_html('{}<span class="asteriskField">*</span>', bound.label)
    return bound.label


def _required_class(bound) -> str:
    return " requiredField" if bound.field.required else ""


def _errors(bound):
    if not bound.errors:
        return ""
    return format_html('<div id="{}_error" class="invalid-feedback">{}</div>', bound.errors.field_id,
                       format_html_join("", '<p id="error_{}_{}"><strong>{}</strong></p>',
                                        ((n, bound.auto_id, e) for n, e in enumerate(bound.errors, start=1))))


def _help(bound):
    if not bound.help_text:
        return ""
    if bound.auto_id:
        return format_html('<div id="{}_helptext" class="form-text">{}</div>', bound.auto_id,
                           mark_safe(bound.help_text))  # noqa: S308 - help texts are the project's own (as |safe)
    return format_html('<div class="form-text">{}</div>', mark_safe(bound.help_text))  # noqa: S308


def _wrapper_class(bound, base: str) -> str:
    extra = bound.css_classes()
    return f"{base} {extra}" if extra else base


def _checkbox(bound):
    widget = bound.as_widget(attrs={"class": _css_class(bound.field.widget, "form-check-input",
                                                        "is-invalid" if bound.errors else "")})
    return format_html(
        '<div class="mb-3"><div id="div_{}" class="{}">{}<label for="{}" class="form-check-label{}">{}</label>'
        "{}{}</div></div>",
        bound.auto_id, _wrapper_class(bound, "form-check"), widget, bound.id_for_label, _required_class(bound),
        _label_text(bound), _errors(bound), _help(bound))


def _choice_group(bound):
    """Checkboxes or radio buttons, each with its label; the errors after the last one; in a fieldset."""
    widget = bound.field.widget
    id_ = widget.attrs.get("id") or bound.auto_id
    attrs = bound.build_widget_attrs({"id": id_} if id_ else {})
    groups = widget.optgroups(bound.html_name, widget.format_value(bound.value()), attrs)
    invalid = " is-invalid" if bound.errors else ""
    parts = []
    for g, (group, options, _index) in enumerate(groups):
        if group:
            parts.append(format_html("<strong>{}</strong>", group))
        for o, option in enumerate(options):
            option_attrs = mark_safe("".join(  # noqa: S308 - every part is format_html
                format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
                for name, value in option["attrs"].items() if value is not False))
            last = g == len(groups) - 1 and o == len(options) - 1
            parts.append(format_html(
                '<div class="form-check"><input type="{}" class="form-check-input{}" name="{}" value="{}"{}>'
                '<label for="{}" class="form-check-label">{}</label>{}</div>',
                option["type"], invalid, bound.html_name, localize(option["value"], use_l10n=False), option_attrs,
                option["attrs"].get("id", ""), localize(option["label"], use_l10n=False),
                _errors(bound) if last else ""))
    describedby = bound.aria_describedby
    return format_html(
        '<div id="div_{}" class="{}"><fieldset{}><legend class="form-label{} fs-6">{}</legend><div>{}</div>{}'
        "</fieldset></div>",
        bound.auto_id, _wrapper_class(bound, "mb-3"),
        format_html(' aria-describedby="{}"', describedby) if describedby else "", _required_class(bound),
        _label_text(bound), mark_safe("".join(parts)), _help(bound))  # noqa: S308 - every part is format_html


@register.filter
def as_field(bound):
    """One field of a form in Bootstrap 5 markup (see the module text)."""
    widget = bound.field.widget
    if bound.is_hidden:
        return bound.as_widget()
    if isinstance(widget, forms.CheckboxInput):
        return _checkbox(bound)
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return _choice_group(bound)
    if isinstance(widget, forms.FileInput | forms.MultiWidget):
        return as_crispy_field(bound)
    bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
    rendered = bound.as_widget(attrs={"class": _css_class(widget, bootstrap, "is-invalid" if bound.errors else "")})
    label = ""
    if bound.label:
        label = format_html('<label{} class="form-label{}">{}</label>',
                            format_html(' for="{}"', bound.id_for_label) if bound.id_for_label else "",
                            _required_class(bound), _label_text(bound))
    return format_html('<div id="div_{}" class="{}">{}{}{}{}</div>', bound.auto_id, _wrapper_class(bound, "mb-3"),
                       label, rendered, _errors(bound), _help(bound))
