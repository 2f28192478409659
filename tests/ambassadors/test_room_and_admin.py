"""Room per tranche, the ambassador's own pages and start panel, staff visibility and the admin actions."""

import pytest
from django.urls import reverse

from ambassadors import selectors
from ambassadors.models import GoodPractice
from lobmatch.models import Role, StatusChange
from tests.factories import (
    AmbassadorSchoolFactory,
    GoodPracticeFactory,
    TrajectoryFactory,
    TrancheFactory,
    UserFactory,
)
from trajectories import selectors as trajectory_selectors
from trajectories.models import Trajectory

pytestmark = pytest.mark.django_db


def ambassador_with_practice(**practice_kwargs):
    user = UserFactory(roles=[Role.AMBASSADOR])
    practice = GoodPracticeFactory(**practice_kwargs)
    practice.ambassador.contacts.add(user)
    return user, practice


class TestRoom:
    def test_room_is_capacity_minus_active_trajectories_of_this_tranche(self):
        tranche, other_tranche = TrancheFactory(ambassador_capacity=2), TrancheFactory()
        practice = GoodPracticeFactory()
        second = GoodPracticeFactory(ambassador=practice.ambassador)
        assert trajectory_selectors.room_for(practice.ambassador, tranche)["left"] == 2
        TrajectoryFactory(practice=practice, application__tranche=tranche, status=Trajectory.Status.PROPOSED)
        TrajectoryFactory(practice=practice, application__tranche=tranche, status=Trajectory.Status.CANCELLED)
        TrajectoryFactory(practice=practice, application__tranche=other_tranche)
        room = trajectory_selectors.room_for(practice.ambassador, tranche)
        assert (room["capacity"], room["taken"], room["left"]) == (2, 1, 1)
        # Both practices of the school share its seats.
        TrajectoryFactory(practice=second, application__tranche=tranche, status=Trajectory.Status.CONFIRMED)
        assert trajectory_selectors.room_for(practice.ambassador, tranche)["left"] == 0

    def test_school_capacity_overrides_the_tranche_default(self):
        tranche = TrancheFactory(ambassador_capacity=2)
        ambassador = AmbassadorSchoolFactory(capacity=3)
        TrajectoryFactory(practice=GoodPracticeFactory(ambassador=ambassador), application__tranche=tranche,
                          status=Trajectory.Status.COMPLETED)
        assert trajectory_selectors.room_for(ambassador, tranche)["left"] == 2

    def test_full_school_says_so_on_detail_and_school_page(self, client):
        tranche = TrancheFactory(ambassador_capacity=1)
        practice = GoodPracticeFactory()
        body = client.get(practice.get_absolute_url()).content.decode()
        assert "Nog 1 plek voor een partnerschool" in body
        TrajectoryFactory(practice=practice, application__tranche=tranche)
        assert "Vol: aanmelden kan" in client.get(practice.get_absolute_url()).content.decode()
        school_page = client.get(reverse("ambassadors:school_detail", args=[practice.ambassador.pk]))
        assert "al het maximale aantal partnerscholen" in school_page.content.decode()
        assert practice.title in school_page.content.decode()

    def test_school_page_lists_only_published_practices_to_the_public(self, client):
        practice = GoodPracticeFactory(title="Openbaar")
        GoodPracticeFactory(ambassador=practice.ambassador, title="Nog geheim", status=GoodPractice.Status.DRAFT)
        body = client.get(reverse("ambassadors:school_detail", args=[practice.ambassador.pk])).content.decode()
        assert "Openbaar" in body and "Nog geheim" not in body


class TestVisibility:
    def test_staff_see_drafts_and_ambassadors_see_only_their_own(self):
        owner, own_draft = ambassador_with_practice(status=GoodPractice.Status.DRAFT)
        other_draft = GoodPracticeFactory(status=GoodPractice.Status.SUBMITTED)
        published = GoodPracticeFactory()
        staff = UserFactory(roles=[Role.STAFF])
        assert set(selectors.practices_visible_to(staff)) == {own_draft, other_draft, published}
        assert set(selectors.practices_visible_to(owner)) == {own_draft, published}
        assert set(selectors.practices_editable_by(owner)) == {own_draft}
        assert set(selectors.practices_visible_to(UserFactory())) == {published}

    def test_other_schools_practice_cannot_be_edited_submitted_or_uploaded_to(self, client):
        user, _own = ambassador_with_practice()
        foreign = GoodPracticeFactory(status=GoodPractice.Status.DRAFT)
        client.force_login(user)
        assert client.get(reverse("ambassadors:practice_edit", args=[foreign.slug])).status_code == 404
        assert client.post(reverse("ambassadors:practice_submit", args=[foreign.slug])).status_code == 404
        assert client.post(reverse("ambassadors:material_upload", args=[foreign.slug]), {}).status_code == 404
        foreign.refresh_from_db()
        assert foreign.status == GoodPractice.Status.DRAFT

    def test_submitting_twice_gives_a_message_not_an_error(self, client):
        user, practice = ambassador_with_practice(status=GoodPractice.Status.SUBMITTED)
        client.force_login(user)
        response = client.post(reverse("ambassadors:practice_submit", args=[practice.slug]), follow=True)
        assert response.status_code == 200
        assert "kan in deze status niet ter publicatie" in response.content.decode()


class TestAmbassadorPages:
    def test_my_practices_and_start_panel_show_the_trajectories_that_use_them(self, client):
        user, practice = ambassador_with_practice(title="Beroepenroute")
        TrajectoryFactory(practice=practice, application__school__name="Het Zuiderlicht")
        TrajectoryFactory(practice=practice, application__school__name="Stil Voorstel",
                          status=Trajectory.Status.PROPOSED)
        TrajectoryFactory(application__school__name="Andermans Koppel")
        client.force_login(user)
        for url in (reverse("ambassadors:my_practices"), "/start/"):
            body = client.get(url).content.decode()
            assert "Beroepenroute" in body and "Het Zuiderlicht" in body, url
            # A proposal is staff-only until published; another school's trajectory is not shown.
            assert "Stil Voorstel" not in body and "Andermans Koppel" not in body, url
            # in the words the trajectory's own page uses for the people in it, not the programme office's
            assert ", lopend)" in body and ", gepubliceerd)" not in body, url

    @pytest.mark.parametrize("n", [1, 12])
    def test_my_practices_runs_a_constant_number_of_queries(self, client, django_assert_max_num_queries, n):
        user, practice = ambassador_with_practice()
        for _ in range(n):
            TrajectoryFactory(practice=GoodPracticeFactory(ambassador=practice.ambassador))
        client.force_login(user)
        with django_assert_max_num_queries(16):
            assert client.get(reverse("ambassadors:my_practices")).status_code == 200


class TestAdmin:
    def test_publish_and_unpublish_actions_go_through_the_workflow(self, client):
        staff = UserFactory(roles=[Role.STAFF])
        submitted = GoodPracticeFactory(status=GoodPractice.Status.SUBMITTED, published_at=None)
        client.force_login(staff)
        url = reverse("admin:ambassadors_goodpractice_changelist")
        response = client.post(url, {"action": "publish_selected", "_selected_action": [submitted.pk]}, follow=True)
        assert response.status_code == 200
        submitted.refresh_from_db()
        assert submitted.status == GoodPractice.Status.PUBLISHED and submitted.published_at is not None
        change = StatusChange.objects.get(object_id=submitted.pk, transition="publish")
        assert change.by == staff and change.source == "submitted" and change.target == "published"
        client.post(url, {"action": "unpublish_selected", "_selected_action": [submitted.pk],
                          "reason": "De beschrijving klopt niet meer."})
        submitted.refresh_from_db()
        assert submitted.status == GoodPractice.Status.DRAFT

    def test_illegal_transition_in_the_admin_is_a_warning(self, client):
        client.force_login(UserFactory(roles=[Role.STAFF]))
        draft = GoodPracticeFactory(status=GoodPractice.Status.DRAFT)
        response = client.post(reverse("admin:ambassadors_goodpractice_changelist"),
                               {"action": "unpublish_selected", "_selected_action": [draft.pk], "reason": "Dubbel."},
                               follow=True)
        assert "niet mogelijk vanuit status" in response.content.decode()
        draft.refresh_from_db()
        assert draft.status == GoodPractice.Status.DRAFT

    def test_changelist_with_filters_and_search_and_the_history_page(self, client):
        client.force_login(UserFactory(roles=[Role.STAFF]))
        practice = GoodPracticeFactory(title="Ouderavond nieuwe stijl")
        url = reverse("admin:ambassadors_goodpractice_changelist")
        response = client.get(url, {"q": "ouderavond", "status__exact": "published", "province__exact": "UT"})
        assert response.status_code == 200 and "Ouderavond nieuwe stijl" in response.content.decode()
        history = reverse("admin:ambassadors_goodpractice_history", args=[practice.pk])
        assert client.get(history).status_code == 200
