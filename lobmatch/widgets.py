"""Form widgets shared by the apps."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A ``<select>`` whose options are written in Python instead of one template render per option.

    Same markup as Django's Select. The application form lists the 300 published good practices three times; with
    the stock widget those 900 option templates were most of the page's time."""

    template_name = "lobmatch/widgets/fast_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        parts = []
        for group_name, options, _index in context["widget"]["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                parts.append(format_html('<option value="{}"{}>{}</option>', option["value"],
                                         mark_safe(' selected') if option["selected"] else "", option["label"]))
            if group_name:
                parts.append("</optgroup>")
        context["widget"]["options_html"] = mark_safe("".join(parts))  # noqa: S308 - every part is format_html
        return context
