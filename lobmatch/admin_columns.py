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


def capacity_words(owner, tranche) -> str:
    """The capacity of an ambassador school or adviser in ``tranche`` as matching counts it (``capacity_for``),
    saying when it is the tranche's default: an empty own capacity read as "–" while the matching page said "1 van 4"."""
    if owner.capacity is not None:
        return str(owner.capacity)
    if tranche is None:
        return "–"
    return _("%(n)s (standaard van %(tranche)s)") % {"n": owner.capacity_for(tranche), "tranche": tranche}


class CapacityColumn:
    """An admin list column "capaciteit per tranche" of ambassador schools or advisers, in the tranche staff work on
    now (``current_tranche``, read once per page)."""

    @admin.display(description=_("capaciteit per tranche"), ordering="capacity")
    def capacity_shown(self, obj):
        return capacity_words(obj, getattr(obj, "tranche_now", None))

    def get_changelist_instance(self, request):
        from .selectors import current_tranche

        changelist = super().get_changelist_instance(request)
        tranche = current_tranche()
        for owner in changelist.result_list:  # (the page's rows, read here once and kept for the table)
            owner.tranche_now = tranche
        return changelist
