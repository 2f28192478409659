"""The school's calculation CSV opens in Dutch Excel like finance's batch CSV: semicolons, decimal commas, every
number a number in its own column, and the claim's status in Dutch whatever language the school chose."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import MeetingFactory, TrajectoryFactory, WorkingGroupMemberFactory
from trajectories.models import ReimbursementClaim
from trajectories.services import claims as claim_service
from trajectories.services import meetings as meeting_service

pytestmark = pytest.mark.django_db


def logged_claim(hours: str) -> ReimbursementClaim:
    trajectory = TrajectoryFactory()
    members = [WorkingGroupMemberFactory(application=trajectory.application, name=f"Lid {i}",
                                         is_project_leader=(i == 0)) for i in range(2)]
    entry = meeting_service.LogEntry(status="held", attendance={m.pk: Decimal(hours) for m in members},
                                     school_leader_present=True, ambassador_present=True, notes="",
                                     agreed_actions="", progress=3)
    meeting_service.log_meeting(MeetingFactory(trajectory=trajectory, number=1), entry, by=trajectory.adviser.user)
    return claim_service.ensure_claim(trajectory)


def table(client, claim) -> list[list[str]]:
    client.force_login(claim.trajectory.application.created_by)
    response = client.get(reverse("trajectories:claim_csv", args=[claim.trajectory_id]))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8 (ë, é) rightly
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_decimal_commas_and_semicolons(client):
    rows = table(client, logged_claim("3.75"))
    assert rows[0] == ["bijeenkomst", "werkgroeplid", "uren aanwezig", "uren vergoed", "bedrag", "toelichting"]
    assert rows[1] == ["1", "Lid 0", "3,75", "3,75", "206,25", ""]
    assert rows[-2] == ["totaal", "", "", "7,50", "412,50", ""]
    assert all(len(row) == 6 for row in rows)  # every row splits into the same six columns
    assert not any("." in cell for row in rows[1:] for cell in row[2:5])


def test_the_status_is_dutch_even_for_a_school_reading_english(client):
    claim = logged_claim("4")
    claim_service.submit_claim(claim, iban="NL91 ABNA 0417 1643 00", account_holder="Stichting Testcollege",
                               by=claim.trajectory.application.created_by)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        rows = table(client, claim)
    assert rows[-1][:2] == ["status", "ingediend"]
