"""Markup of the application form."""

import copy

from django import template
from django.forms import BoundField

from partners.models import MIN_WORKING_GROUP

register = template.Library()


@register.filter
def required_to_submit(bound_field: BoundField) -> BoundField:
    """The field as one the school must fill in to submit: ``required`` and ``aria-required`` on the input, and so
    the asterisk that lobmatch.css puts after its label (left out of the accessible name: screen readers announce
    "required"). The form's own field stays optional, because a draft may be saved half-filled (the form has
    ``novalidate``, so the browser does not stop a draft either); the check at submit is the form's."""
    field = copy.copy(bound_field.field)
    field.widget = copy.copy(field.widget)
    field.widget.attrs = {**field.widget.attrs, "required": True, "aria-required": "true"}
    return BoundField(bound_field.form, field, bound_field.name)


@register.simple_tag
def min_working_group() -> int:
    """How many working-group rows must be filled in to submit (the rule of partners.models)."""
    return MIN_WORKING_GROUP
