"""Saving the application form writes what changed and reads what it needs once: unchanged choices are not rewritten,
new working-group members are stored together, a member row's id must be one of this application's members, a page
shown again after a refused save offers every practice, and the form page and a draft save run a constant number of
queries whatever the number of practices."""

import pytest
from django.urls import reverse

from partners.models import Preference, WorkingGroupMember
from tests.factories import GoodPracticeFactory, PartnerApplicationFactory, TrancheFactory, UserFactory
from tests.partners.helpers import complete_draft, form_data

pytestmark = pytest.mark.django_db


def as_saved(app, practices, **overrides):
    """The form data a browser posts for ``app`` as it is stored (its members as they are)."""
    members = list(app.members.order_by("order", "pk"))
    data = form_data(practices, school=app.school, members=len(members), existing=members, action="draft",
                     project_leader_name=members[0].name, project_leader_email=members[0].email)
    for i, member in enumerate(members):
        data.update({f"members-{i}-name": member.name, f"members-{i}-email": member.email,
                     f"members-{i}-role": member.role})
        if member.is_project_leader:
            data[f"members-{i}-is_project_leader"] = "on"
        else:
            data.pop(f"members-{i}-is_project_leader", None)
    data.update(overrides)
    return data


def test_a_save_with_the_same_choices_keeps_them_and_a_changed_order_is_stored(client):
    first, second, third = GoodPracticeFactory(), GoodPracticeFactory(), GoodPracticeFactory()
    app = complete_draft(practices=[first, second])
    before = set(Preference.objects.filter(application=app).values_list("pk", flat=True))
    client.force_login(app.created_by)
    edit = reverse("partners:edit", args=[app.pk])

    assert client.post(edit, as_saved(app, [first, second], motivation="Anders verwoord.")).status_code == 302
    app.refresh_from_db()
    assert app.motivation == "Anders verwoord."
    assert set(Preference.objects.filter(application=app).values_list("pk", flat=True)) == before

    assert client.post(edit, as_saved(app, [third, first])).status_code == 302
    assert list(app.preferences.order_by("rank").values_list("practice_id", flat=True)) == [third.pk, first.pk]


def test_new_members_are_stored_in_their_order_with_the_project_leader(client):
    practice = GoodPracticeFactory()
    TrancheFactory()
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("partners:start"), form_data([practice], members=5, action="draft"))
    assert response.status_code == 302
    members = list(WorkingGroupMember.objects.filter(application__created_by=user).order_by("order"))
    assert [m.name for m in members] == ["Petra de Vries", "Lid 1", "Lid 2", "Lid 3", "Lid 4"]
    assert [m.is_project_leader for m in members] == [True, False, False, False, False]


def test_a_member_row_of_another_application_is_refused_and_left_alone(client):
    practice = GoodPracticeFactory()
    app = complete_draft(practices=[practice])
    other = WorkingGroupMember.objects.create(application=PartnerApplicationFactory(), name="Van een ander",
                                              email="ander@example.org")
    client.force_login(app.created_by)
    data = as_saved(app, [practice])
    data.update({"members-0-id": str(other.pk), "members-0-name": "Overgenomen"})
    response = client.post(reverse("partners:edit", args=[app.pk]), data)
    assert response.status_code == 200 and response.context["has_errors"]
    assert any("staat niet meer in deze aanmelding" in item["text"] for item in response.context["errors"])
    other.refresh_from_db()
    assert (other.name, other.application_id) == ("Van een ander", other.application_id)
    assert not WorkingGroupMember.objects.filter(name="Overgenomen").exists()


def test_a_page_shown_again_after_a_refused_save_offers_every_practice_and_keeps_the_choice(client):
    practices = [GoodPracticeFactory(title=f"Praktijk {i}") for i in range(4)]
    app = complete_draft(practices=[practices[2]])
    client.force_login(app.created_by)
    data = as_saved(app, [practices[2]], project_leader_email="geen-adres")
    response = client.post(reverse("partners:edit", args=[app.pk]), data)
    assert response.status_code == 200 and response.context["has_errors"]
    body = response.content.decode()
    for practice in practices:
        assert body.count(f'<option value="{practice.pk}"') == 3  # in each of the three lists
    assert body.count(f'<option value="{practices[2].pk}" selected>') == 1
    assert 'value="geen-adres"' in body


@pytest.mark.parametrize("n", [1, 40])
def test_the_form_page_and_a_draft_save_run_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    practices = [GoodPracticeFactory() for _ in range(n)]
    app = complete_draft(practices=practices[:3])
    client.force_login(app.created_by)
    edit = reverse("partners:edit", args=[app.pk])
    with django_assert_max_num_queries(10):  # (one of them: whether a colleague has an application for the school)
        assert client.get(edit).status_code == 200
    client.post(edit, as_saved(app, practices[:3]))  # the first save may rewrite what the factories made
    data = as_saved(app, practices[:3], motivation="Nog eens.")
    # A registered school: its row lock is one of these; savepoints included.
    with django_assert_max_num_queries(17):
        assert client.post(edit, data).status_code == 302
