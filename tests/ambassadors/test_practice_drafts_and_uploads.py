"""An ambassador school's own practices: drafts it previews and submits, bad input that keeps what was typed,
uploaded material checked by its content, and pages a school contact cannot reach."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ambassadors.models import GoodPractice, Material
from lobmatch.models import Role
from tests.factories import AmbassadorSchoolFactory, GoodPracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_owner_previews_own_draft_and_submits_it(client):
    owner = UserFactory(roles=[Role.AMBASSADOR])
    draft = GoodPracticeFactory(status=GoodPractice.Status.DRAFT)
    draft.ambassador.contacts.add(owner)
    client.force_login(owner)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200 and response.context["is_preview"]
    client.post(reverse("ambassadors:practice_submit", args=[draft.slug]))
    draft.refresh_from_db()
    assert draft.status == GoodPractice.Status.SUBMITTED


def test_a_submitted_practice_tells_its_owner_what_happens_next(client):
    owner = UserFactory(roles=[Role.AMBASSADOR])
    practice = GoodPracticeFactory(status=GoodPractice.Status.SUBMITTED)
    practice.ambassador.contacts.add(owner)
    client.force_login(owner)
    page = client.get(reverse("ambassadors:practice_edit", args=[practice.slug])).content.decode()
    assert "De VO-raad bekijkt hem en zet hem in de catalogus; tot dan kunt u hem hier nog wijzigen." in page


def test_a_published_practice_offers_to_apply_with_it_and_a_preview_does_not(client):
    """The button comes from the application side (registered in ambassadors.contributions)."""
    practice = GoodPracticeFactory()
    apply_url = f'href="{reverse("partners:start")}?practice={practice.slug}"'
    assert apply_url in client.get(practice.get_absolute_url()).content.decode()
    owner = UserFactory(roles=[Role.AMBASSADOR])
    draft = GoodPracticeFactory(status=GoodPractice.Status.DRAFT, ambassador=practice.ambassador)
    draft.ambassador.contacts.add(owner)
    client.force_login(owner)
    preview = client.get(draft.get_absolute_url()).content.decode()
    assert draft.title in preview and "?practice=" not in preview


def test_ambassador_creates_a_draft_and_bad_input_keeps_what_was_typed(client):
    owner = UserFactory(roles=[Role.AMBASSADOR])
    AmbassadorSchoolFactory().contacts.add(owner)
    client.force_login(owner)
    response = client.post(reverse("ambassadors:practice_create"), {"title": "Mijn idee", "summary": "kort"})
    assert response.status_code == 200
    assert "Mijn idee" in response.content.decode()
    assert response.context["form"].errors["description"]
    data = {"title": "Mijn idee", "summary": "kort", "description": "lang", "contact_name": "X",
            "contact_email": "x@example.org", "themes": [], "school_types": []}
    from lobmatch.models import SchoolType, Theme

    data["themes"] = [Theme.objects.first().pk]
    data["school_types"] = [SchoolType.objects.first().pk]
    response = client.post(reverse("ambassadors:practice_create"), data)
    practice = GoodPractice.objects.get(title="Mijn idee")
    assert practice.status == GoodPractice.Status.DRAFT and practice.slug == "mijn-idee"


def test_a_new_practice_starts_with_the_writer_as_contact_person(client):
    owner = UserFactory(roles=[Role.AMBASSADOR], first_name="Ingrid", last_name="Hoekstra",
                        email="ingrid@lindehof.example.org")
    AmbassadorSchoolFactory().contacts.add(owner)
    client.force_login(owner)
    form = client.get(reverse("ambassadors:practice_create")).context["form"]
    assert form["contact_name"].value() == "Ingrid Hoekstra"
    assert form["contact_email"].value() == "ingrid@lindehof.example.org"


def test_a_refused_new_practice_says_so_above_the_form(client):
    """The form is long: on a phone the fields marked red are far below where the page opens."""
    owner = UserFactory(roles=[Role.AMBASSADOR])
    AmbassadorSchoolFactory().contacts.add(owner)
    client.force_login(owner)
    response = client.post(reverse("ambassadors:practice_create"), {"title": "Mijn idee"})
    assert [str(m) for m in response.context["messages"]] == [
        "Controleer de gemarkeerde velden; de good practice is nog niet opgeslagen."]
    assert not GoodPractice.objects.filter(title="Mijn idee").exists()


def test_school_contact_cannot_reach_ambassador_pages(client):
    client.force_login(UserFactory(roles=[Role.SCHOOL_CONTACT]))
    assert client.get(reverse("ambassadors:my_practices")).status_code == 403


class TestUploads:
    def setup_owner(self, client):
        owner = UserFactory(roles=[Role.AMBASSADOR])
        practice = GoodPracticeFactory()
        practice.ambassador.contacts.add(owner)
        client.force_login(owner)
        return practice

    def test_renamed_executable_is_refused_with_a_clear_message(self, client):
        practice = self.setup_owner(client)
        fake = SimpleUploadedFile("handleiding.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200,
                                  content_type="application/pdf")
        response = client.post(reverse("ambassadors:material_upload", args=[practice.slug]),
                               {"material-title": "Handleiding", "material-file": fake})
        assert response.status_code == 400
        assert "Dit bestandstype is niet toegestaan" in response.content.decode()
        assert not Material.objects.exists()

    def test_real_pdf_is_stored_under_a_random_name_and_served_through_a_check(self, client, settings, tmp_path):
        settings.MEDIA_ROOT = str(tmp_path)
        practice = self.setup_owner(client)
        pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "text/plain")
        client.post(reverse("ambassadors:material_upload", args=[practice.slug]), {"material-title": "Plan", "material-file": pdf})
        material = Material.objects.get()
        assert material.content_type == "application/pdf" and "plan" not in material.file.name
        response = client.get(reverse("ambassadors:material_download", args=[material.pk]))
        assert response.status_code == 200
        assert 'filename="plan.pdf"' in response["Content-Disposition"]
        practice.status = GoodPractice.Status.DRAFT
        practice.save()
        client.logout()
        assert client.get(reverse("ambassadors:material_download", args=[material.pk])).status_code == 404

    def test_the_owner_removes_a_wrong_upload_and_its_file_goes(self, client, settings, tmp_path,
                                                               django_capture_on_commit_callbacks):
        """A wrong file (perhaps with personal data in it) could not be taken off a practice. A title left empty is
        the file's name."""
        settings.MEDIA_ROOT = str(tmp_path)
        practice = self.setup_owner(client)
        pdf = SimpleUploadedFile("leerlinglijst.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
        client.post(reverse("ambassadors:material_upload", args=[practice.slug]),
                    {"material-title": "", "material-file": pdf})
        material = Material.objects.get()
        assert material.title == "leerlinglijst.pdf"
        stored = tmp_path / material.file.name
        assert stored.exists()
        page = client.get(reverse("ambassadors:practice_edit", args=[practice.slug])).content.decode()
        remove = reverse("ambassadors:material_remove", args=[material.pk])
        assert f'action="{remove}"' in page and "data-confirm=" in page.split(remove)[1].split("</form>")[0]
        stranger = UserFactory(roles=[Role.AMBASSADOR])
        other = client.__class__()
        other.force_login(stranger)
        assert other.post(remove).status_code == 404  # another school's material
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(remove, follow=True)
        assert "‘leerlinglijst.pdf’ is verwijderd." in response.content.decode()
        assert not Material.objects.exists() and not stored.exists()
        practice.refresh_from_db()
        assert practice.changed_since_review_at is not None  # a published practice: staff see the change

    def test_docx_is_recognised_from_its_content(self, client, settings, tmp_path):
        import zipfile

        settings.MEDIA_ROOT = str(tmp_path)
        practice = self.setup_owner(client)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        upload = SimpleUploadedFile("verslag.docx", buffer.getvalue())
        client.post(reverse("ambassadors:material_upload", args=[practice.slug]), {"material-title": "V", "material-file": upload})
        assert Material.objects.get().content_type.endswith("wordprocessingml.document")

    def test_too_large_is_refused(self, client, settings):
        settings.LOBMATCH_MAX_UPLOAD_BYTES = 1024
        practice = self.setup_owner(client)
        big = SimpleUploadedFile("groot.pdf", b"%PDF-1.4\n" + b"0" * 2048)
        response = client.post(reverse("ambassadors:material_upload", args=[practice.slug]),
                               {"material-title": "Groot", "material-file": big})
        html = response.content.decode()
        # said at the top of the materials, where the page goes (focus-errors.js), not only at the bottom field
        summary = html[html.index('id="error-summary"'):].split("</div>")[0]
        assert "Het materiaal is niet toegevoegd:" in summary and "te groot (0,0 MB)" in summary
        assert "focus-errors.js" in html


def test_offering_a_draft_for_publication_saves_what_was_just_typed(client):
    """'Aanbieden ter publicatie' was a form of its own: the changes typed above it were thrown away without a word.
    The button now belongs to the edit form; a refused field offers nothing and keeps the text."""
    from lobmatch.models import SchoolType, Theme

    owner = UserFactory(roles=[Role.AMBASSADOR])
    draft = GoodPracticeFactory(status=GoodPractice.Status.DRAFT)
    draft.ambassador.contacts.add(owner)
    client.force_login(owner)
    page = client.get(reverse("ambassadors:practice_edit", args=[draft.slug])).content.decode()
    submit = reverse("ambassadors:practice_submit", args=[draft.slug])
    assert f'formaction="{submit}"' in page and "data-keeps-edits" in page
    # the material form has ids of its own: its "Titel" label no longer focuses the practice's title
    assert page.count('id="id_title"') == 1 and 'id="id_material-title"' in page
    data = {"title": draft.title, "summary": "Nieuwe samenvatting.", "description": "", "contact_name": "X",
            "contact_email": "x@example.org", "themes": [Theme.objects.first().pk],
            "school_types": [SchoolType.objects.first().pk]}
    refused = client.post(submit, data)
    assert refused.status_code == 400 and "Nieuwe samenvatting." in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == GoodPractice.Status.DRAFT and draft.summary != "Nieuwe samenvatting."
    data["description"] = "Zo doen wij het."
    client.post(submit, data)
    draft.refresh_from_db()
    assert draft.status == GoodPractice.Status.SUBMITTED
    assert (draft.summary, draft.description) == ("Nieuwe samenvatting.", "Zo doen wij het.")


def test_on_a_phone_the_way_to_apply_stands_under_the_summary(client):
    """The side column comes after the whole description on a phone: three screens down for the apply button."""
    practice = GoodPracticeFactory()
    html = client.get(practice.get_absolute_url()).content.decode()
    apply_url = f'href="{reverse("partners:start")}?practice={practice.slug}"'
    phone = html.index('<div class="d-lg-none">')
    description = html.index('<div class="mb-4">')
    assert html.index(practice.summary) < phone < html.index(apply_url, phone) < description
    assert html.count(apply_url) == 2 and '<div class="d-none d-lg-block">' in html


def test_two_coordinators_editing_one_practice_do_not_undo_each_other_silently(client):
    """Two tabs (or colleagues) on one practice: the second save used to undo the first without a word."""
    from django.test import Client

    from lobmatch.models import SchoolType, Theme

    owner, colleague = UserFactory(roles=[Role.AMBASSADOR]), UserFactory(roles=[Role.AMBASSADOR])
    practice = GoodPracticeFactory(status=GoodPractice.Status.DRAFT, region="Oude regio")
    practice.ambassador.contacts.add(owner, colleague)
    url = reverse("ambassadors:practice_edit", args=[practice.slug])
    first, second = client, Client()
    first.force_login(owner)
    second.force_login(colleague)
    loaded = {who: c.get(url).context["form"]["loaded_at"].value() for who, c in (("a", first), ("b", second))}

    def data(**changes):
        base = {"title": practice.title, "region": practice.region, "summary": practice.summary,
                "description": practice.description, "contact_name": "X", "contact_email": "x@example.org",
                "themes": [Theme.objects.first().pk], "school_types": [SchoolType.objects.first().pk]}
        return {**base, **changes}

    assert first.post(url, data(region="Regio van A", loaded_at=loaded["a"])).status_code == 302
    refused = second.post(url, data(tips="Tip van B", loaded_at=loaded["b"]))
    html = refused.content.decode()
    assert "Iemand anders heeft deze good practice opgeslagen nadat u de pagina opende" in html
    assert "Tip van B" in html  # nothing typed is lost
    practice.refresh_from_db()
    assert (practice.region, practice.tips) == ("Regio van A", "")
    # saving again, having been told, keeps B's text (the form now knows the practice as A left it)
    again = refused.context["form"]["loaded_at"].value()
    assert second.post(url, data(tips="Tip van B", loaded_at=again)).status_code == 302
    practice.refresh_from_db()
    assert practice.tips == "Tip van B"


def test_a_draft_made_by_mistake_is_deleted_with_its_material(client, settings, tmp_path,
                                                              django_capture_on_commit_callbacks):
    """Two test drafts stayed in "Mijn good practices" for good: nothing could take them away."""
    from partners.models import Preference
    from tests.factories import PartnerApplicationFactory

    settings.MEDIA_ROOT = str(tmp_path)
    owner = UserFactory(roles=[Role.AMBASSADOR])
    draft = GoodPracticeFactory(status=GoodPractice.Status.DRAFT, title="Timing test 1")
    draft.ambassador.contacts.add(owner)
    material = Material(practice=draft, title="Plan", original_name="plan.pdf", content_type="application/pdf",
                        size=10)
    material.file.save("x", io.BytesIO(b"%PDF-1.4 test"), save=True)
    stored = tmp_path / material.file.name
    client.force_login(owner)
    delete = reverse("ambassadors:practice_delete", args=[draft.slug])
    page = client.get(reverse("ambassadors:practice_edit", args=[draft.slug])).content.decode()
    assert f'action="{delete}"' in page and "Dit concept en zijn materiaal verwijderen?" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete, follow=True)
    assert "Het concept ‘Timing test 1’ is verwijderd." in response.content.decode()
    assert not GoodPractice.objects.filter(pk=draft.pk).exists() and not stored.exists()

    published = GoodPracticeFactory(ambassador=draft.ambassador)
    assert client.post(reverse("ambassadors:practice_delete", args=[published.slug])).status_code == 302
    assert GoodPractice.objects.filter(pk=published.pk).exists()  # only a draft
    chosen = GoodPracticeFactory(ambassador=draft.ambassador, status=GoodPractice.Status.DRAFT)
    Preference.objects.create(application=PartnerApplicationFactory(), practice=chosen, rank=1)
    response = client.post(reverse("ambassadors:practice_delete", args=[chosen.slug]), follow=True)
    assert "door scholen gekozen of in een traject gebruikt" in response.content.decode()
    assert GoodPractice.objects.filter(pk=chosen.pk).exists()
