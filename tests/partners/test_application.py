"""The application form: drafts, submitting with all errors at once, the working group, preferences, schools."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lobmatch.models import OutboxMessage, Role, School, SchoolType, StatusChange
from partners.models import PartnerApplication
from tests.factories import (
    GoodPracticeFactory,
    PartnerApplicationFactory,
    SchoolFactory,
    TrancheFactory,
    UserFactory,
    WorkingGroupMemberFactory,
)
from tests.partners.helpers import LEADER, form_data

pytestmark = pytest.mark.django_db
START = reverse("partners:start")


@pytest.fixture
def tranche():
    return TrancheFactory()


@pytest.fixture
def contact(client):
    user = UserFactory()
    client.force_login(user)
    return user


def errors_of(response):
    return response.context["form"], response.context["formset"]


# --- anonymous visitors ---------------------------------------------------------------------------------------------

def test_anonymous_visitor_sees_the_form_with_the_practice_and_is_asked_to_log_in(client, tranche):
    practice = GoodPracticeFactory(title="Loopbaandossier Brabant")
    response = client.get(START, {"practice": practice.slug})
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].initial["choice_1"] == practice.pk
    assert "Loopbaandossier Brabant" in body
    assert 'form="application-form" name="action" value="signup"' in body  # the banner carries what was typed
    assert 'form="application-form" name="action" value="login"' in body


def test_anonymous_save_redirects_to_login_and_the_typed_data_comes_back(client, tranche):
    practice = GoodPracticeFactory()
    data = form_data([practice], action="draft", brin="", motivation="Wij willen graag leren.")
    response = client.post(START, data)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={START}"
    assert not PartnerApplication.objects.exists()
    user = UserFactory()
    client.force_login(user)
    response = client.get(START, follow=True)  # kept as their draft at once (see test_typed_text_through_signup)
    draft = PartnerApplication.objects.get(created_by=user)
    assert draft.status == "draft" and response.redirect_chain[-1][0] == reverse("partners:edit", args=[draft.pk])
    form = response.context["form"]
    assert form["motivation"].value() == "Wij willen graag leren."
    assert response.context["formset"].forms[0]["name"].value() == LEADER[0]
    assert "Wat u invulde, is als concept bewaard." in response.content.decode()


def test_anonymous_cannot_open_an_application_by_id(client, tranche):
    app = PartnerApplicationFactory(tranche=tranche)
    response = client.get(reverse("partners:edit", args=[app.pk]))
    assert response.status_code == 302 and reverse("account_login") in response.url


# --- drafts -------------------------------------------------------------------------------------------------------

def test_draft_saves_partial_data_without_complaints_and_resumes(client, tranche, contact):
    response = client.post(START, {
        "action": "draft", "brin": "34xy01", "school_name": "Nieuw Lyceum", "motivation": "Half af",
        "members-TOTAL_FORMS": "5", "members-INITIAL_FORMS": "0", "members-0-email": "alleen@example.org",
    })
    app = PartnerApplication.objects.get()
    assert response.status_code == 302 and response.url == reverse("partners:edit", args=[app.pk])
    assert app.status == "draft" and app.school is None  # a school is only registered at submit
    assert app.school_entry["brin"] == "34XY01" and app.school_entry["name"] == "Nieuw Lyceum"
    assert app.members.get().email == "alleen@example.org"
    assert contact.groups.filter(name=Role.SCHOOL_CONTACT).exists()
    assert not School.objects.filter(brin="34XY").exists()
    form = client.get(response.url).context["form"]
    assert form["brin"].value() == "34XY01" and form["school_name"].value() == "Nieuw Lyceum"
    assert form["motivation"].value() == "Half af"
    # Visiting the start again goes to the open draft.
    assert client.get(START).url == reverse("partners:edit", args=[app.pk])


def test_draft_still_checks_formats(client, tranche, contact):
    data = form_data(action="draft", school_leader_email="geen-adres", brin="12345")
    response = client.post(START, data)
    form, _formset = errors_of(response)
    assert response.status_code == 200 and set(form.errors) == {"school_leader_email", "brin"}
    assert "geen geldige BRIN-code" in str(form.errors["brin"])
    assert not PartnerApplication.objects.exists()


def test_moving_the_project_leader_between_saved_members(client, tranche, contact):
    school = SchoolFactory()
    client.post(START, form_data([GoodPracticeFactory()], school=school, action="draft"))
    app = PartnerApplication.objects.get()
    members = list(app.members.all())
    data = form_data(school=school, action="draft", existing=members, project_leader_name="Lid 3",
                     project_leader_email="lid3@example.org")
    data.pop("members-0-is_project_leader")
    data["members-3-is_project_leader"] = "on"
    assert client.post(reverse("partners:edit", args=[app.pk]), data).status_code == 302
    assert app.members.get(is_project_leader=True).name == "Lid 3"


# --- submitting ---------------------------------------------------------------------------------------------------

def test_draft_then_submit_sends_confirmation_and_shows_the_status(client, tranche, contact, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    practices = [GoodPracticeFactory() for _ in range(3)]
    school = SchoolFactory(name="Het Baken")
    client.post(START, form_data(practices[:2], school=school, action="draft", motivation=""))
    app = PartnerApplication.objects.get()
    assert app.status == "draft" and app.school == school
    data = form_data(practices, school=school, existing=list(app.members.all()))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partners:edit", args=[app.pk]), data)
    app.refresh_from_db()
    assert response.status_code == 302 and response.url == reverse("partners:status", args=[app.pk])
    assert app.status == "submitted" and app.submitted_at and not app.submitted_late
    assert app.members.count() == 5 and [p.practice for p in app.preferences.all()] == practices
    [message] = mailoutbox
    assert "Het Baken" in message.subject and practices[2].title in message.body and "Lid 4" in message.body
    assert sorted(message.to) == sorted({contact.email, LEADER[1], "karel@example.org"})
    assert message.alternatives and "Het Baken" in message.alternatives[0][0]
    assert OutboxMessage.objects.get().status == "sent"
    page = client.get(response.url)
    assert page.status_code == 200
    assert [s["current"] for s in page.context["steps"]] == [False, True, False, False]
    assert page.context["history"][0]["status"] == "ingediend"
    # Until the deadline a submitted application can be changed, only by submitting the change (no draft button);
    # after it the edit page leads to the status (tests/partners/test_change_after_submitting.py).
    edit = client.get(reverse("partners:edit", args=[app.pk])).content.decode()
    assert "Wijzigingen indienen" in edit and "Opslaan als concept" not in edit


def test_submit_shows_all_errors_at_once_and_keeps_everything(client, tranche, contact):
    data = form_data([], motivation="", commit_school_leader=None, project_leader_name="Typed Name",
                     **{"members-1-email": "", "members-2-email": "kapot"})
    response = client.post(START, data)
    form, formset = errors_of(response)
    assert response.status_code == 200
    assert set(form.errors) >= {"brin", "motivation", "commit_school_leader", "choice_1"}
    assert formset.forms[1].errors["email"] and formset.forms[2].errors["email"]
    summary = response.context["errors"]
    anchors = [item["anchor"] for item in summary]
    assert "id_brin" in anchors and "id_motivation" in anchors and "id_members-2-email" in anchors
    assert anchors.index("id_brin") < anchors.index("id_members-2-email") < anchors.index("id_motivation")
    body = response.content.decode()
    assert 'role="alert"' in body and 'href="#id_motivation"' in body
    assert 'value="Typed Name"' in body and 'value="kapot"' in body
    assert not PartnerApplication.objects.exists()


@pytest.mark.parametrize("members, ok", [(2, False), (3, True), (8, True), (9, False)])
def test_working_group_size_boundaries(client, tranche, contact, members, ok):
    response = client.post(START, form_data([GoodPracticeFactory()], school=SchoolFactory(), members=members),
                           follow=True)
    assert PartnerApplication.objects.filter(status="submitted").exists() is ok
    if not ok:
        assert "ten hoogste 8" in str(response.context["formset"].non_form_errors()) or \
            "3 tot 8 personen" in str(response.context["formset"].non_form_errors())


def test_duplicate_preferences_are_refused_also_in_a_draft(client, tranche, contact):
    practice = GoodPracticeFactory()
    for action in ("submit", "draft"):
        response = client.post(START, form_data([practice, GoodPracticeFactory(), practice], school=SchoolFactory(),
                                                action=action))
        assert "al gekozen" in str(response.context["form"].errors["choice_3"])
    assert not PartnerApplication.objects.exists()


def test_preferences_in_order_and_only_published(client, tranche, contact):
    draft_practice = GoodPracticeFactory(status="draft")
    data = form_data([], school=SchoolFactory(), choice_2=str(GoodPracticeFactory().pk))
    form = client.post(START, data).context["form"]
    assert "op volgorde" in str(form.errors["choice_1"])
    form = client.post(START, form_data([draft_practice], school=SchoolFactory())).context["form"]
    assert "choice_1" in form.errors


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "-1", "1.5"])
def test_a_forged_choice_is_refused_in_dutch(client, tranche, contact, value):
    GoodPracticeFactory()
    response = client.post(START, form_data([], school=SchoolFactory(), choice_1=value))
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in str(response.context["form"].errors["choice_1"])


def test_the_project_leader_must_be_in_the_group(client, tranche, contact):
    # Each refused submit is well-formed, so it is kept as the school's draft and shown with what it misses; the
    # next one is typed into that draft, as its page posts it.
    data = form_data([GoodPracticeFactory()], school=SchoolFactory(), **{"members-0-is_project_leader": None})
    response = client.post(START, data, follow=True)
    assert "vink aan wie de projectleider is" in " ".join(response.context["formset"].non_form_errors())
    edit = response.redirect_chain[-1][0].split("?")[0]
    shown = dict(response.context["form"].data.lists())
    data = {**shown, "action": "submit", "members-0-is_project_leader": "on", "members-0-name": "Iemand Anders",
            "members-0-email": "anders@example.org"}
    errors = client.post(edit, data, follow=True).context["formset"].non_form_errors()
    assert "Iemand Anders" in " ".join(errors) and LEADER[0] in " ".join(errors)
    data = {**shown, "action": "submit", "members-0-is_project_leader": "on", "members-1-is_project_leader": "on"}
    errors = client.post(edit, data).context["formset"].non_form_errors()  # two leaders: not even a draft
    assert "2 werkgroepleden" in " ".join(errors)
    assert PartnerApplication.objects.get().status == "draft"


def test_a_new_school_is_registered_with_its_validated_brin_at_submit(client, tranche, contact):
    data = form_data([GoodPracticeFactory()], brin="34 xy", school_name="Nieuw Lyceum", school_city="Delft",
                     school_province="ZH")
    response = client.post(START, data, follow=True)
    assert set(response.context["form"].errors) == {"school_types"}
    data = dict(response.context["form"].data.lists())  # the saved draft, as shown
    data["school_types"] = [str(t.pk) for t in SchoolType.objects.filter(code__in=["havo", "vwo"])]
    client.post(response.redirect_chain[-1][0].split("?")[0], {**data, "action": "submit"})
    app = PartnerApplication.objects.get()
    assert app.status == "submitted" and app.school_entry == {}
    assert (app.school.brin, app.school.location_code, app.school.name) == ("34XY", "", "Nieuw Lyceum")
    assert sorted(app.school.school_types.values_list("code", flat=True)) == ["havo", "vwo"]


def test_a_new_school_needs_its_details_to_submit(client, tranche, contact):
    data = form_data([GoodPracticeFactory()], brin="34XY")
    form = client.post(START, data, follow=True).context["form"]
    assert {"school_name", "school_city", "school_province", "school_types"} <= set(form.errors)


# --- one application per school per tranche ---------------------------------------------------------------------

def test_a_second_application_for_the_same_school_is_kept_as_a_draft_that_cannot_be_submitted(client, tranche,
                                                                                              contact):
    """What a colleague typed after the school applied is kept (as a draft), and the page says why it cannot be
    submitted; only one application per school counts."""
    school = SchoolFactory()
    PartnerApplicationFactory(tranche=tranche, school=school, status="submitted")
    data = form_data([GoodPracticeFactory()], school=school, action="submit", motivation="Mijn tekst")
    response = client.post(START, data, follow=True)
    body = response.content.decode()
    assert "al een aanmelding" in body and "Mijn tekst" in body
    assert "al een aanmelding ingediend, vanuit een ander account" in body
    kept = PartnerApplication.objects.get(school=school, status="draft")
    assert kept.motivation == "Mijn tekst"
    assert PartnerApplication.objects.filter(school=school).exclude(status="draft").count() == 1


def test_after_a_withdrawal_the_school_may_apply_again(client, tranche, contact):
    school = SchoolFactory()
    PartnerApplicationFactory(tranche=tranche, school=school, status="withdrawn")
    client.post(START, form_data([GoodPracticeFactory()], school=school))
    assert PartnerApplication.objects.filter(school=school, status="submitted").count() == 1


# --- access, status, withdraw -------------------------------------------------------------------------------------

def test_another_contacts_application_is_404(client, tranche, contact):
    other = PartnerApplicationFactory(tranche=tranche)
    assert client.get(reverse("partners:status", args=[other.pk])).status_code == 404
    assert client.get(reverse("partners:edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("partners:edit", args=[other.pk]), form_data()).status_code == 404
    assert client.post(reverse("partners:withdraw", args=[other.pk])).status_code == 404
    assert other not in client.get(reverse("partners:my_applications")).context["applications"]


def test_withdraw_before_matching_only(client, tranche, contact, mailoutbox):
    app = PartnerApplicationFactory(tranche=tranche, created_by=contact, status="submitted")
    client.post(reverse("partners:withdraw", args=[app.pk]), {"reason": "geen tijd"})
    app.refresh_from_db()
    assert app.status == "withdrawn"
    assert StatusChange.objects.get(object_id=app.pk).reason == "geen tijd"
    page = client.get(reverse("partners:status", args=[app.pk]))
    assert page.context["steps"][-1] == {"label": "ingetrokken", "done": False, "current": True}
    # withdrawn while submitted: it was never under review, and the steps do not say it was
    assert [(s["label"], s["done"]) for s in page.context["steps"][:3]] == [
        ("concept", True), ("ingediend", app.submitted_at is not None), ("in behandeling", False)]
    matched = PartnerApplicationFactory(tranche=tranche, created_by=contact, status="matched")
    response = client.post(reverse("partners:withdraw", args=[matched.pk]), follow=True)
    matched.refresh_from_db()
    assert matched.status == "matched" and "niet meer worden ingetrokken" in response.content.decode()


@pytest.mark.parametrize("n", [1, 20])
def test_my_applications_constant_queries(client, contact, django_assert_max_num_queries, n):
    for _ in range(n):
        app = PartnerApplicationFactory(created_by=contact)
        WorkingGroupMemberFactory(application=app)
        # a colleague submitted for the same school: each row says so, read for all rows at once
        PartnerApplicationFactory(tranche=app.tranche, school=app.school, status="submitted")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("partners:my_applications"))
    assert len(response.context["applications"]) == n
    assert response.content.decode().count("dus deze kunt u niet meer indienen") == n


def test_start_panel_lists_own_applications(client, tranche, contact):
    contact.groups.add(Group.objects.get(name=Role.SCHOOL_CONTACT))
    mine = PartnerApplicationFactory(tranche=tranche, created_by=contact, school=SchoolFactory(name="Mijn School"))
    PartnerApplicationFactory(tranche=tranche, school=SchoolFactory(name="Andermans School"))
    body = client.get(reverse("start")).content.decode()
    assert "Mijn School" in body and reverse("partners:edit", args=[mine.pk]) in body
    assert "Andermans School" not in body


# --- school search ------------------------------------------------------------------------------------------------

def test_school_search_by_name_place_and_brin(client):
    SchoolFactory(brin="12AB", location_code="01", name="Het Baken", city="Almere")
    SchoolFactory(brin="12AC", name="Christelijk Lyceum", city="Delft")
    SchoolFactory(brin="99ZZ", name="Stedelijk College", city="Almere")
    url = reverse("partners:school_search")

    def names(q):
        return sorted(r["name"] for r in client.get(url, {"q": q}).json()["results"])

    assert names("baken") == ["Het Baken"]
    assert names("12ab01") == ["Het Baken"]
    assert names("12A") == ["Christelijk Lyceum", "Het Baken"]
    assert names("almere") == ["Het Baken", "Stedelijk College"]
    assert names("lyceum delft") == ["Christelijk Lyceum"]
    assert names("x") == []
    result = client.get(url, {"q": "baken"}).json()["results"][0]
    assert result["code"] == "12AB01" and result["province"] == "UT" and len(result["school_types"]) == 2


def test_the_project_leader_has_one_address(client, tranche, contact):
    data = form_data([GoodPracticeFactory()], school=SchoolFactory(),
                     **{"members-0-email": "p.devries@school.example"})  # the same name, another address
    errors = " ".join(client.post(START, data, follow=True).context["formset"].non_form_errors())
    assert (f"Bij de projectleider staat {LEADER[1]}, bij {LEADER[0]} in de werkgroep p.devries@school.example"
            in errors)
    assert not PartnerApplication.objects.filter(status="submitted").exists()


def test_a_matched_application_points_to_the_start_page(client, tranche, contact):
    matched = PartnerApplicationFactory(tranche=tranche, created_by=contact, status="matched")
    page = client.get(reverse("partners:status", args=[matched.pk])).content.decode()
    assert f'vindt u op <a href="{reverse("start")}">uw startpagina</a>' in page
    assert "zodra het is bevestigd" not in page
