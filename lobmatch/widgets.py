"""Form widgets shared by the apps."""

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


class PlainChoices(BaseChoiceIterator):
    """Choices that are already (value, label) pairs. Assigned to a field or widget as they are: Django normalises a
    plain list pair by pair on every assignment (field and widget), 1,800 calls for three lists of 300."""

    def __init__(self, pairs):
        self.pairs = list(pairs)

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self):
        return len(self.pairs)

    @cached_property
    def escaped(self) -> list[tuple[str, str, str]]:
        """(value, escaped value, escaped label) of each choice: escaped once for every select that shows them."""
        return [(text, escape(text), escape(label)) for text, label in
                (("" if value is None else str(value), label) for value, label in self.pairs)]


class FastSelect(forms.Select):
    """A ``<select>`` whose options are written in Python instead of one template render per option.

    Same markup as Django's Select. The application form lists the 300 published good practices three times; with
    the stock widget those 900 option templates were most of the page's time, and building Django's dict per option
    (``optgroups``) still cost more than writing the option."""

    template_name = "lobmatch/widgets/fast_select.html"

    def get_context(self, name, value, attrs):
        # Widget's context, not ChoiceWidget's: no optgroups(), the options are written here.
        context = forms.Widget.get_context(self, name, value, attrs)
        wanted = set(context["widget"]["value"])
        parts, found = [], False

        def option(option_value, label):
            nonlocal found
            option_value = "" if option_value is None else str(option_value)
            selected = not found and option_value in wanted
            found = found or selected
            return format_html('<option value="{}"{}>{}</option>', option_value,
                               mark_safe(" selected") if selected else "", label)

        if isinstance(self.choices, PlainChoices):  # the same list in several selects: escaped once
            for option_value, value_html, label_html in self.choices.escaped:
                selected = not found and option_value in wanted
                found = found or selected
                parts.append(f'<option value="{value_html}"{" selected" if selected else ""}>{label_html}</option>')
            context["widget"]["options_html"] = mark_safe("".join(parts))  # noqa: S308 - escaped above
            return context
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', option_value))
                parts.extend(option(v, sublabel) for v, sublabel in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(option_value, label))
        context["widget"]["options_html"] = mark_safe("".join(parts))  # noqa: S308 - every part is format_html
        return context
