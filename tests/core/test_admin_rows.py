"""The changelists' row checkboxes and change links are made directly (lobmatch.admin.FastChangelistMixin) and
must stay exactly what Django's template-rendered widget gives, in both languages, for every admin that uses the mixin."""

import pytest
from django.contrib import admin
from django.contrib.admin.options import ModelAdmin
from django.utils import translation

from lobmatch.admin import FastChangelistMixin


class Row:
    pk = 41

    def __str__(self):
        return 'College "De Brug" & <Zuid>'


ADMINS = [ma for ma in admin.site._registry.values() if isinstance(ma, FastChangelistMixin)]


def test_the_programmes_changelists_use_it():
    names = {type(ma).__name__ for ma in ADMINS}
    assert {"PartnerApplicationAdmin", "TrajectoryAdmin", "ReimbursementClaimAdmin", "GoodPracticeAdmin"} <= names


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("model_admin", ADMINS, ids=lambda ma: type(ma).__name__)
def test_the_row_checkbox_is_djangos_own(model_admin, language):
    with translation.override(language):
        assert model_admin.action_checkbox(Row()) == ModelAdmin.action_checkbox(model_admin, Row())


@pytest.mark.django_db
@pytest.mark.parametrize("model_admin", ADMINS, ids=lambda ma: type(ma).__name__)
def test_the_row_link_is_djangos_own(model_admin, rf, admin_user):
    from django.contrib.admin.views.main import ChangeList

    request = rf.get("/")
    request.user = admin_user
    changelist = model_admin.get_changelist_instance(request)
    assert model_admin.list_per_page == 50 and type(changelist).__name__ == "FastChangeList"
    for pk in (41, 7, 123456789):
        row = type("Row", (), {changelist.pk_attname: pk})()
        assert changelist.url_for_result(row) == ChangeList.url_for_result(changelist, row)
