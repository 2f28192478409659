"""Staff export who is matched with whom from the trajectories list: one row per match with the partner school's
contacts, the chosen practice and its rank, the ambassador school's contacts and the adviser, safe to open in Excel,
in a constant number of queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lobmatch.models import Role
from tests.factories import AdviserFactory, AmbassadorSchoolFactory, GoodPracticeFactory, UserFactory
from tests.matching.test_services import applicant, closed_tranche
from trajectories.models import Trajectory
from trajectories.services import matching as service

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/trajectories/trajectory/"


def exported(client, trajectories) -> list[dict]:
    response = client.post(CHANGELIST, {"action": "export_csv", "index": "0",
                                        "_selected_action": [t.pk for t in trajectories]})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="koppelingen-' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_one_row_per_match_with_everyones_contacts(client):
    tranche = closed_tranche(ambassador_capacity=5)
    coordinator = UserFactory(email="coordinator@ambassadeur.example")
    ambassador = AmbassadorSchoolFactory(school__name="Het Baken", school__brin="12AB")
    ambassador.contacts.add(coordinator)
    practice = GoodPracticeFactory(ambassador=ambassador, title="Loopbaandagen")
    second = GoodPracticeFactory(title="Ouderavond")
    adviser = AdviserFactory(user__email="marloes@adviseur.example", user__first_name="Marloes",
                             user__last_name="Bakker")
    staff = UserFactory(roles=[Role.STAFF])
    application = applicant(tranche, second, practice, name="=Zuiderlicht College")  # a formula-like name
    application.project_leader_name, application.project_leader_email = "Petra de Vries", "petra@zuiderlicht.example"
    application.save()
    trajectory = service.propose(application, practice_id=practice.pk, adviser_id=adviser.pk, by=staff)
    service.confirm(trajectory, by=staff)
    client.force_login(staff)

    (row,) = exported(client, [trajectory])
    assert row["partnerschool"] == "'=Zuiderlicht College"  # neutralised for Excel
    assert (row["status"], row["projectleider"], row["e-mail projectleider"]) == (
        "bevestigd", "Petra de Vries", "petra@zuiderlicht.example")
    assert (row["good practice"], row["keuze van de school"]) == ("Loopbaandagen", "2")
    assert (row["ambassadeursschool"], row["contact ambassadeursschool"]) == ("Het Baken", "coordinator@ambassadeur.example")
    assert row["brin ambassadeursschool"].startswith("12AB")
    assert (row["adviseur"], row["e-mail adviseur"]) == ("Marloes Bakker", "marloes@adviseur.example")

    # more matches, the same queries
    one = queries(client, [trajectory])
    for _ in range(3):
        other = applicant(tranche, practice)
        service.propose(other, practice_id=practice.pk, adviser_id=AdviserFactory().pk, by=staff)
    every = list(Trajectory.objects.all())
    assert len(exported(client, every)) == 4
    assert queries(client, every) == one
    # a lapsed proposal matches nobody with anybody: selected with the others, it is left out
    lapsed = Trajectory.objects.filter(status="proposed").first()
    service.reject(lapsed, by=staff, reason="past niet")
    assert str(lapsed.pk) not in [row["traject"] for row in exported(client, every)]


def queries(client, trajectories) -> int:
    with CaptureQueriesContext(connection) as captured:
        exported(client, trajectories)
    return len(captured)


def test_only_staff_export(client):
    tranche = closed_tranche()
    practice = GoodPracticeFactory()
    staff = UserFactory(roles=[Role.STAFF])
    trajectory = service.propose(applicant(tranche, practice), practice_id=practice.pk,
                                 adviser_id=AdviserFactory().pk, by=staff)
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    response = client.post(CHANGELIST, {"action": "export_csv", "index": "0", "_selected_action": [trajectory.pk]})
    assert response.status_code in (302, 403) and not response.get("Content-Type", "").startswith("text/csv")
