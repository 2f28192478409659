"""Form widgets shared by the apps."""

import html

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .form_renderer import escape, render_attrs


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
    def options_html(self) -> str:
        """Every ``<option>``, none selected: written once for every select that shows these choices."""
        return "".join(f'<option value="{html.escape(value)}">{escape(label)}</option>'
                       for value, label in (("" if v is None else str(v), label) for v, label in self.pairs))


class FastSelect(forms.Select):
    """A ``<select>`` written in Python instead of one template render per option, with the same markup as
    Django's Select (the first option whose value is the field's is selected).

    The application form lists the 300 published good practices three times; with the stock widget those 900
    option templates were most of the page's time. With :class:`PlainChoices` the options are written once per
    page and each select only marks its chosen one."""

    def render(self, name, value, attrs=None, renderer=None):
        wanted = self.format_value(value)
        attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(  # noqa: S308 - render_attrs and the options escape every value
            f'<select name="{html.escape(name)}"{render_attrs(attrs)}>{self._options(wanted)}</select>')

    def _options(self, wanted: list[str]) -> str:
        if isinstance(self.choices, PlainChoices) and len(wanted) == 1:
            # One value (or "" for none): the first option with that value gets " selected", as in Django.
            tag = f'<option value="{html.escape(wanted[0])}">'
            return self.choices.options_html.replace(tag, f'{tag[:-1]} selected>', 1)
        parts, found = [], False

        def option(option_value, label):
            nonlocal found
            option_value = "" if option_value is None else str(option_value)
            selected = not found and option_value in wanted
            found = found or selected
            return format_html('<option value="{}"{}>{}</option>', option_value,
                               mark_safe(" selected") if selected else "", label)

        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', option_value))
                parts.extend(option(v, sublabel) for v, sublabel in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(option_value, label))
        return "".join(parts)
