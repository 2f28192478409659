"""List columns shared by the admins."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


def yes_no(field: str, description=None, *, model=None):
    """A list column of a yes/no value in words, "ja" or "nee", sortable by ``field``; headed by ``description`` or
    else by the field's own name on ``model``. The admin's own icons carry the alternative text True/False in English
    whatever the language, so a screen reader said "True" in a Dutch list."""

    @admin.display(description=description or model._meta.get_field(field).verbose_name, ordering=field)
    def column(obj):
        return _("ja") if getattr(obj, field) else _("nee")

    column.__name__ = field  # the cells keep their class field-<name>
    return column
