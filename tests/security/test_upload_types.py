"""An upload is stored and downloaded under the type sniffed from its content: a ``polyglot.html`` that starts with
``%PDF`` becomes ``.pdf``, also for files stored before, and every download is an attachment with the sniffed type
and ``nosniff``."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ambassadors.models import Material
from lobmatch.models import Role
from lobmatch.uploads import name_for_type
from tests.factories import GoodPracticeFactory, TrajectoryFactory, UserFactory
from trajectories.services import meetings as meeting_service

pytestmark = pytest.mark.django_db
POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"
PDF = "application/pdf"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def assert_safe_download(response, *, filename, content_type):
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"


def owner_of(practice):
    owner = UserFactory(roles=[Role.AMBASSADOR])
    practice.ambassador.contacts.add(owner)
    return owner


class TestMaterial:
    def test_polyglot_html_is_stored_and_served_as_pdf(self, client):
        practice = GoodPracticeFactory()
        client.force_login(owner_of(practice))
        client.post(reverse("ambassadors:material_upload", args=[practice.slug]),
                    {"material-title": "Poly", "material-file": SimpleUploadedFile("polyglot.html", POLYGLOT, content_type="text/html")})
        material = Material.objects.get()
        assert material.content_type == PDF and material.original_name == "polyglot.pdf"
        assert material.file.name.endswith(".pdf") and "polyglot" not in material.file.name
        response = client.get(reverse("ambassadors:material_download", args=[material.pk]))
        assert_safe_download(response, filename="polyglot.pdf", content_type=PDF)
        assert b"".join(response.streaming_content) == POLYGLOT

    def test_a_file_stored_earlier_under_a_bad_name_is_served_under_the_sniffed_one(self, client):
        practice = GoodPracticeFactory()
        stored = default_storage.save(f"materials/{practice.pk}/polyglot.html", ContentFile(POLYGLOT))
        material = Material.objects.create(practice=practice, title="Oud", file=stored, original_name="polyglot.html",
                                           content_type="text/html", size=len(POLYGLOT))
        client.force_login(owner_of(practice))
        response = client.get(reverse("ambassadors:material_download", args=[material.pk]))
        assert_safe_download(response, filename="polyglot.pdf", content_type=PDF)

    def test_stored_content_of_no_allowed_type_is_offered_as_opaque_bytes(self, client):
        practice = GoodPracticeFactory()
        stored = default_storage.save(f"materials/{practice.pk}/page.html", ContentFile(b"<script>x()</script>"))
        material = Material.objects.create(practice=practice, title="Oud", file=stored, original_name="page.html",
                                           content_type="application/pdf", size=20)
        client.force_login(owner_of(practice))
        response = client.get(reverse("ambassadors:material_download", args=[material.pk]))
        assert_safe_download(response, filename="page.bin", content_type="application/octet-stream")

    def test_office_file_named_as_something_else_keeps_its_office_extension(self, client):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook/>")
        practice = GoodPracticeFactory()
        client.force_login(owner_of(practice))
        client.post(reverse("ambassadors:material_upload", args=[practice.slug]),
                    {"material-title": "Begroting", "material-file": SimpleUploadedFile("begroting.svg", buffer.getvalue())})
        material = Material.objects.get()
        assert material.original_name == "begroting.xlsx" and material.file.name.endswith(".xlsx")
        response = client.get(reverse("ambassadors:material_download", args=[material.pk]))
        assert_safe_download(response, filename="begroting.xlsx",
                             content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class TestOutcomePlan:
    def test_polyglot_plan_is_stored_and_served_as_pdf(self, client):
        trajectory = TrajectoryFactory()
        meeting_service.record_outcome(trajectory, kind="plan", summary="Plan", by=trajectory.adviser.user,
                                       plan=SimpleUploadedFile("polyglot.html", POLYGLOT))
        trajectory.refresh_from_db()
        assert trajectory.outcome_plan.name.endswith(".pdf")
        client.force_login(trajectory.application.created_by)
        response = client.get(reverse("trajectories:outcome_plan", args=[trajectory.pk]))
        assert_safe_download(response, filename=f"implementatieplan-{trajectory.pk}.pdf", content_type=PDF)

    def test_a_plan_stored_earlier_under_a_bad_name_is_served_under_the_sniffed_one(self, client):
        trajectory = TrajectoryFactory()
        trajectory.outcome_kind = "plan"
        trajectory.outcome_plan = default_storage.save("plans/polyglot.html", ContentFile(POLYGLOT))
        trajectory.save()
        client.force_login(trajectory.application.created_by)
        response = client.get(reverse("trajectories:outcome_plan", args=[trajectory.pk]))
        assert_safe_download(response, filename=f"implementatieplan-{trajectory.pk}.pdf", content_type=PDF)


@pytest.mark.parametrize("name, expected", [
    ("polyglot.html", "polyglot.pdf"), ("plan.pdf", "plan.pdf"), ("plan.final.svg", "plan.final.pdf"),
    ("zonder-extensie", "zonder-extensie.pdf"), (".html", ".html.pdf"), ("", "bestand.pdf"),
    ("C:\\Users\\x\\evil.htm", "evil.pdf"), ("../../evil.html", "evil.pdf"),
])
def test_name_for_type(name, expected):
    assert name_for_type(name, PDF) == expected
