"""In the admin the programme office corrects an application's contact details and nothing else: the school's
answers, working group, choices and tranche are read-only, a submitted application keeps the names and addresses
submitting needed, a draft stays the school's, and no application is made in the admin. The same service decides
for every path."""

import pytest
from django.urls import reverse

from lobmatch.models import Role
from partners import services
from partners.models import PartnerApplication
from tests.factories import GoodPracticeFactory, TrancheFactory, UserFactory
from tests.partners.helpers import complete_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(roles=[Role.STAFF])
    client.force_login(user)
    return user


@pytest.fixture
def submitted():
    app = complete_draft(practices=[GoodPracticeFactory()], motivation="Leren van een school die het al doet.",
                         school_leader_email="karel@school.example")
    services.submit(app, by=app.created_by)
    app.refresh_from_db()
    return app


def posted(app, **changes) -> dict:
    """The change form as the admin page posts it: its editable fields, the inlines' (read-only) management data."""
    data = {field: getattr(app, field) for field in services.CONTACT_FIELDS}
    for prefix in ("members", "preferences"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return {**data, "motivation": "", "commit_school_leader": "", "tranche": str(TrancheFactory().pk), **changes}


def test_staff_correct_an_address_and_the_schools_answers_stay(client, staff, submitted):
    url = reverse("admin:partners_partnerapplication_change", args=[submitted.pk])
    page = client.get(url).content.decode()
    assert 'name="project_leader_email"' in page and 'name="motivation"' not in page and 'name="tranche"' not in page
    assert 'name="members-0-email"' not in page  # the working group is shown, not edited
    response = client.post(url, posted(submitted, project_leader_email="p.devries@school.example"))
    assert response.status_code == 302
    app = PartnerApplication.objects.get(pk=submitted.pk)
    assert app.project_leader_email == "p.devries@school.example"
    assert (app.motivation, app.commit_school_leader, app.tranche_id) == (
        "Leren van een school die het al doet.", True, submitted.tranche_id)
    assert app.members.count() == submitted.members.count() and app.preferences.count() == 1
    assert app.history.first().history_user == staff


def test_a_submitted_application_keeps_the_addresses_it_needs(client, staff, submitted):
    url = reverse("admin:partners_partnerapplication_change", args=[submitted.pk])
    response = client.post(url, posted(submitted, school_leader_email=""))
    assert response.status_code == 200
    assert "Een ingediende aanmelding houdt haar contactpersonen. Vul in: e-mail schoolleider." in \
        response.content.decode().replace("E-mail", "e-mail")
    assert PartnerApplication.objects.get(pk=submitted.pk).school_leader_email == "karel@school.example"
    with pytest.raises(services.ApplicationError, match="houdt haar contactpersonen"):
        services.correct_contacts(submitted, {"project_leader_name": " "}, by=staff)


def test_only_contact_details_and_never_a_draft(staff, submitted):
    with pytest.raises(services.ApplicationError, match="Alleen de contactgegevens"):
        services.correct_contacts(submitted, {"motivation": ""}, by=staff)
    draft = complete_draft()
    with pytest.raises(services.ApplicationError, match="Een concept is van de school zelf"):
        services.correct_contacts(draft, {"project_leader_email": "x@example.org"}, by=staff)


def test_a_draft_is_read_only_and_no_application_is_added_in_the_admin(client, staff):
    draft = complete_draft()
    page = client.get(reverse("admin:partners_partnerapplication_change", args=[draft.pk])).content.decode()
    assert 'name="project_leader_email"' not in page and 'name="motivation"' not in page
    assert client.get(reverse("admin:partners_partnerapplication_add")).status_code == 403
    changelist = client.get(reverse("admin:partners_partnerapplication_changelist")).content.decode()
    assert reverse("admin:partners_partnerapplication_add") not in changelist


def test_a_corrected_project_leader_is_the_working_groups_leader_too(client, staff, submitted):
    """The working group includes the project leader: correcting her name or address in the admin changes the
    member marked as leader as well, so the application does not name one leader and its group another."""
    others = list(submitted.members.filter(is_project_leader=False).values_list("name", "email"))
    url = reverse("admin:partners_partnerapplication_change", args=[submitted.pk])
    response = client.post(url, posted(submitted, project_leader_name="Petra de Vries-Jansen",
                                       project_leader_email="p.devries@school.example"))
    assert response.status_code == 302
    leader = submitted.members.get(is_project_leader=True)
    assert (leader.name, leader.email) == ("Petra de Vries-Jansen", "p.devries@school.example")
    assert list(submitted.members.filter(is_project_leader=False).values_list("name", "email")) == others
    services.correct_contacts(submitted, {"project_leader_phone": "010-1234567"}, by=staff)
    leader.refresh_from_db()
    assert (leader.name, leader.email) == ("Petra de Vries-Jansen", "p.devries@school.example")


def test_a_corrected_address_gets_the_invitations_of_the_meetings_already_planned(client, staff, submitted):
    """The project leader's address was corrected after the kickoff was planned: the old address kept the
    invitation and the new one never got it."""
    import datetime as dt

    from django.utils import timezone

    from lobmatch.models import OutboxMessage
    from tests.factories import TrajectoryFactory
    from trajectories.models import Meeting
    from trajectories.services import planning

    trajectory = TrajectoryFactory(application=submitted, tranche=submitted.tranche)
    kickoff = Meeting.objects.create(trajectory=trajectory, kind=Meeting.Kind.KICKOFF, number=0, duration_minutes=90)
    planning.plan_meeting(kickoff, start=timezone.now() + dt.timedelta(days=20), duration_minutes=90,
                          location="Aula", by=trajectory.adviser.user)
    invited = OutboxMessage.objects.filter(payload__template="meeting_invitation").count()
    url = reverse("admin:partners_partnerapplication_change", args=[submitted.pk])
    response = client.post(url, posted(submitted, project_leader_email="p.devries@school.example"), follow=True)
    assert "1 uitnodiging voor een geplande bijeenkomst is naar het nieuwe adres gestuurd." in [
        str(m) for m in response.context["messages"]]
    new = OutboxMessage.objects.filter(payload__template="meeting_invitation").order_by("pk")[invited:]
    assert [m.payload["to"] for m in new] == [["p.devries@school.example"]]  # nobody else is mailed again
    assert new[0].payload["attachments"][0]["sequence"] == Meeting.objects.get(pk=kickoff.pk).sequence
