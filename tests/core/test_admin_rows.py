"""The changelists' row checkboxes are written directly (lobmatch.admin.DirectActionCheckboxMixin) and must stay exactly
what Django's template-rendered widget gives, in both languages, for every admin that uses the mixin."""

import pytest
from django.contrib import admin
from django.contrib.admin.options import ModelAdmin
from django.utils import translation

from lobmatch.admin import DirectActionCheckboxMixin


class Row:
    pk = 41

    def __str__(self):
        return 'College "De Brug" & <Zuid>'


ADMINS = [ma for ma in admin.site._registry.values() if isinstance(ma, DirectActionCheckboxMixin)]


def test_the_programmes_changelists_use_it():
    names = {type(ma).__name__ for ma in ADMINS}
    assert {"PartnerApplicationAdmin", "TrajectoryAdmin", "ReimbursementClaimAdmin", "GoodPracticeAdmin"} <= names


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("model_admin", ADMINS, ids=lambda ma: type(ma).__name__)
def test_the_row_checkbox_is_djangos_own(model_admin, language):
    with translation.override(language):
        assert model_admin.action_checkbox(Row()) == ModelAdmin.action_checkbox(model_admin, Row())
