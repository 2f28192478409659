"""Issue 16: finance checks a claim on its page: per guided session each member's attended and reimbursed hours, the
members beyond the maximum that did not count, the cap and the adviser's log, read from the logs (what the adviser
logged), whatever shape the stored calculation has."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from lobmatch.models import Role
from tests.claims.helpers import IBAN, log, trajectory_with_group
from tests.factories import MeetingFactory, UserFactory
from trajectories.models import ReimbursementClaim
from trajectories.services import claims as claim_service

pytestmark = pytest.mark.django_db


def submitted_claim(n_members=7, sessions=2, hours="4.5"):
    trajectory, members = trajectory_with_group(n_members)
    for number in range(1, sessions + 1):
        log(MeetingFactory(trajectory=trajectory, number=number), {m.pk: D(hours) for m in members})
    claim = claim_service.submit_claim(claim_service.ensure_claim(trajectory), iban=IBAN,
                                       account_holder="Stichting Testcollege", by=trajectory.application.created_by)
    return trajectory, members, claim


def test_finance_sees_each_members_attended_and_reimbursed_hours_per_session(client):
    trajectory, members, claim = submitted_claim(n_members=7, sessions=2, hours="4.5")
    # The stored lines in another shape (as older data has them: per session, the counted hours only): the page must
    # not depend on them.
    ReimbursementClaim.objects.filter(pk=claim.pk).update(lines=[
        {"session": 1, "hours": "24", "amount": "1320.00"}, {"session": 2, "hours": "24", "amount": "1320.00"}])
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    page = client.get(reverse("trajectories:claim_detail", args=[trajectory.pk])).content.decode()
    for member in members:
        assert page.count(f"<td>{member.name}</td>") == 2  # a row per session
    assert page.count('<td class="money">4,5</td><td class="money">4</td>') == 12  # attended 4,5, reimbursed 4
    # the seventh member (ranked last by name at equal hours) did not count, in each session
    assert page.count('<td class="money">4,5</td><td class="money">0</td>') == 2
    assert page.count("telt niet mee: meer dan 6 leden aanwezig") == 2
    assert page.count("1 lid telt niet mee") == 2
    assert page.count('<td class="money">31,5</td><td class="money">24</td>') == 2  # per-session subtotals
    assert '<td class="money">63</td><td class="money">48</td>' in page  # attended vs reimbursed in total
    assert "Maximum voor dit traject: <strong>€\u00a03.960,00</strong>" in page
    logged = timezone.localtime(trajectory.meetings.get(number=1).logged_at).strftime("%d-%m-%Y %H:%M")
    assert f"verslag van {trajectory.adviser}, vastgelegd op {logged}" in page
    assert "€\u00a02.640,00 goedkeuren" in page  # the decision shows the amount being approved


def test_the_school_sees_the_same_calculation(client):
    trajectory, members, _claim = submitted_claim(n_members=7, sessions=1, hours="3")
    client.force_login(trajectory.application.created_by)
    page = client.get(reverse("trajectories:claim_detail", args=[trajectory.pk])).content.decode()
    assert page.count('<td class="money">3</td><td class="money">3</td>') == 6
    assert "telt niet mee: meer dan 6 leden aanwezig" in page
    assert "goedkeuren" not in page


@pytest.mark.parametrize("n_members", [3, 8])
def test_the_finance_claim_page_runs_a_constant_number_of_queries(client, django_assert_num_queries, n_members):
    trajectory, _members, _claim = submitted_claim(n_members=n_members, sessions=3)
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    client.get(reverse("trajectories:claim_detail", args=[trajectory.pk]))  # warm the session and caches
    with django_assert_num_queries(QUERIES_CLAIM_PAGE):
        assert client.get(reverse("trajectories:claim_detail", args=[trajectory.pk])).status_code == 200


QUERIES_CLAIM_PAGE = 9  # the same for 3 and 8 members, 3 sessions
