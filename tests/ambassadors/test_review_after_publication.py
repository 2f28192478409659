"""An ambassador's edit of a published practice is online at once; staff see that it changed and mark it reviewed."""

import pytest
from django.contrib.admin.sites import site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from ambassadors import services
from ambassadors.models import GoodPractice
from lobmatch.models import Role
from tests.factories import GoodPracticeFactory, TrancheFactory, UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def owned(status=GoodPractice.Status.PUBLISHED, roles=(Role.AMBASSADOR,)):
    user = UserFactory(roles=list(roles))
    practice = GoodPracticeFactory(status=status)
    practice.ambassador.contacts.add(user)
    return user, practice


def form_data(practice, **changes):
    fields = ["title", "region", "summary", "description", "principles", "tips", "contact_name", "contact_email"]
    data = model_to_dict(practice, fields=fields)
    data["themes"] = [t.pk for t in practice.themes.all()]
    data["school_types"] = [t.pk for t in practice.school_types.all()]
    return {**data, **changes}


def edit(client, practice, **changes):
    return client.post(reverse("ambassadors:practice_edit", args=[practice.slug]), form_data(practice, **changes))


def test_an_edit_of_a_published_practice_is_online_and_flagged_for_staff(client):
    user, practice = owned()
    client.force_login(user)
    page = client.get(reverse("ambassadors:practice_edit", args=[practice.slug])).content.decode()
    assert "wat u opslaat, staat direct online" in page
    assert edit(client, practice, summary="Een nieuwe samenvatting").status_code == 302
    practice.refresh_from_db()
    assert practice.status == "published" and practice.summary == "Een nieuwe samenvatting"
    assert practice.changed_since_review_at is not None
    assert "Een nieuwe samenvatting" in client.get(practice.get_absolute_url()).content.decode()  # online at once
    before, after = practice.history.all()[1], practice.history.first()
    assert [c.field for c in after.diff_against(before).changes] == ["changed_since_review_at", "summary"]


@pytest.mark.parametrize(("status", "roles", "changes"), [
    ("published", (Role.AMBASSADOR,), {}),  # saved without a change
    ("draft", (Role.AMBASSADOR,), {"summary": "anders"}),  # not public yet: staff review it when it is offered
    ("submitted", (Role.AMBASSADOR,), {"summary": "anders"}),
    ("published", (Role.AMBASSADOR, Role.STAFF), {"summary": "anders"}),  # staff themselves
])
def test_no_flag_without_a_change_to_public_content_by_a_school(client, status, roles, changes):
    user, practice = owned(status=status, roles=roles)
    client.force_login(user)
    assert edit(client, practice, **changes).status_code == 302
    practice.refresh_from_db()
    assert practice.changed_since_review_at is None


def test_new_material_on_a_published_practice_is_flagged(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    user, practice = owned()
    client.force_login(user)
    upload = SimpleUploadedFile("plan.pdf", PDF, "application/pdf")
    client.post(reverse("ambassadors:material_upload", args=[practice.slug]), {"material-title": "Plan", "material-file": upload})
    practice.refresh_from_db()
    assert practice.materials.count() == 1 and practice.changed_since_review_at is not None


def test_staff_find_flagged_practices_and_mark_them_reviewed(client):
    TrancheFactory()
    user, changed = owned()
    _other, untouched = owned()
    client.force_login(user)
    edit(client, changed, tips="Een nieuwe tip")
    staff = UserFactory(roles=[Role.STAFF])
    client.force_login(staff)
    dashboard = client.get(reverse("trajectories:dashboard")).content.decode()
    assert "1 gepubliceerde good practice is gewijzigd door de ambassadeursschool" in dashboard
    changelist = reverse("admin:ambassadors_goodpractice_changelist")
    assert changelist + "?nakijken=ja" in dashboard
    listed = client.get(changelist, {"nakijken": "ja"}).context["cl"].queryset
    assert list(listed) == [changed]
    response = client.post(changelist + "?nakijken=ja", {
        "action": "mark_reviewed_selected", "_selected_action": [changed.pk, untouched.pk]}, follow=True)
    assert "1 good practice nagekeken." in response.content.decode()
    changed.refresh_from_db()
    assert changed.changed_since_review_at is None and changed.status == "published"
    assert changed.history.first().history_change_reason == "wijzigingen nagekeken"
    assert changed.history.first().history_user == staff
    assert "gewijzigd door de ambassadeursschool" not in client.get(reverse("trajectories:dashboard")).content.decode()


def test_publishing_again_counts_as_the_review():
    staff = UserFactory(roles=[Role.STAFF])
    practice = GoodPracticeFactory(status=GoodPractice.Status.ARCHIVED)
    GoodPractice.objects.filter(pk=practice.pk).update(changed_since_review_at="2026-11-01T10:00:00Z")
    practice.refresh_from_db()
    services.publish(practice, by=staff)
    practice.refresh_from_db()
    assert practice.status == "published" and practice.changed_since_review_at is None
    assert services.mark_reviewed(practice, by=staff) is False  # nothing left to review


def test_the_flag_is_read_only_in_the_admin(rf):
    request = rf.get("/")
    request.user = UserFactory(roles=[Role.STAFF])
    assert "changed_since_review_at" in site._registry[GoodPractice].get_readonly_fields(request)
