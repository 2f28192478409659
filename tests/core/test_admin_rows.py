"""The programme's changelists show 50 rows a page with Django's own ChangeList: each visit renders them anew (the
cells are lobmatch.admin_rows', held to Django's HTML in test_admin_list_rows.py)."""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList

from lobmatch.admin import PagedChangelistMixin

ADMINS = [ma for ma in admin.site._registry.values() if isinstance(ma, PagedChangelistMixin)]


def test_the_programmes_changelists_use_it():
    names = {type(ma).__name__ for ma in ADMINS}
    assert {"PartnerApplicationAdmin", "TrajectoryAdmin", "ReimbursementClaimAdmin", "GoodPracticeAdmin"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("model_admin", ADMINS, ids=lambda ma: type(ma).__name__)
def test_fifty_rows_a_page_with_djangos_own_changelist(model_admin, rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    changelist = model_admin.get_changelist_instance(request)
    assert model_admin.list_per_page == 50 and changelist.list_per_page == 50
    assert type(changelist) is ChangeList
