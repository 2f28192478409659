"""The matching page shows its two tables 50 rows at a time: the first render does not grow with the tranche (10,000
applications rendered whole took seconds), the queries stay constant, and a later page holds the right rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AdviserFactory, PartnerApplicationFactory, SchoolFactory
from trajectories.models import Trajectory
from trajectories.services.matching import MATCHING_PAGE_ROWS

from .test_services import applicant, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def url(tranche, query=""):
    return f"/admin/trajectories/trajectory/koppelen/{tranche.pk}/{query}"


def proposals(tranche, practice, adviser, scores):
    for score in scores:
        Trajectory.objects.create(tranche=tranche, application=applicant(tranche, practice), practice=practice,
                                  adviser=adviser, score=score, score_details={"choice": 1, "rank": score})


def unmatched(tranche, names):
    for name in names:
        PartnerApplicationFactory(tranche=tranche, school=SchoolFactory(name=name), status="submitted")


def rendered_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response


def test_the_queries_stay_the_same_from_one_row_to_more_than_a_page(client, world):  # noqa: F811
    tranche, popular, spare, staff = world
    adviser = AdviserFactory()
    client.force_login(staff)
    proposals(tranche, spare, adviser, [10])
    unmatched(tranche, ["Enkele school"])
    # Once before counting: a process's first admin page fills caches (content types) that a test in the same worker
    # may have cleared, which made the first count one query higher in a full run.
    rendered_queries(client, url(tranche))
    few, response = rendered_queries(client, url(tranche))
    assert len(response.context["trajectories"]) == 1 and len(response.context["unmatched"]) == 1

    proposals(tranche, popular, adviser, range(MATCHING_PAGE_ROWS + 10))
    unmatched(tranche, [f"School {i:03}" for i in range(MATCHING_PAGE_ROWS + 10)])
    many, response = rendered_queries(client, url(tranche))
    assert len(response.context["trajectories"]) == MATCHING_PAGE_ROWS
    assert len(response.context["unmatched"]) == MATCHING_PAGE_ROWS
    assert many == few
    later, _response = rendered_queries(client, url(tranche, "?page=2&niet_gekoppeld=2"))
    assert later == few


def test_a_later_page_shows_the_next_rows_of_each_table(client, world):  # noqa: F811
    tranche, popular, spare, staff = world
    adviser = AdviserFactory()
    client.force_login(staff)
    proposals(tranche, popular, adviser, range(1, MATCHING_PAGE_ROWS + 6))  # scores 1..55, highest first
    unmatched(tranche, [f"School {i:03}" for i in range(MATCHING_PAGE_ROWS + 3)])  # by name

    first = client.get(url(tranche))
    assert [t.score for t in first.context["trajectories"]] == list(range(MATCHING_PAGE_ROWS + 5, 5, -1))
    html = first.content.decode()
    assert "Pagina 1 van 2" in html and 'href="?page=2#voorstellen"' in html
    assert 'href="?niet_gekoppeld=2#niet-gekoppeld"' in html

    second = client.get(url(tranche, "?page=2&niet_gekoppeld=2"))
    assert [t.score for t in second.context["trajectories"]] == [5, 4, 3, 2, 1]
    assert [a.school.name for a in second.context["unmatched"]] == ["School 050", "School 051", "School 052"]
    html = second.content.decode()
    assert "School 049" not in html and "School 052" in html
    # Every row of the page still says in words which choice it is.
    assert len(re.findall(r"<td>(Keuze 1 van de school[^<]*)</td>", html)) == 5
    # Paging one table keeps the other table's page.
    assert 'href="?page=1&amp;niet_gekoppeld=2#voorstellen"' in html


def test_an_action_on_a_later_page_returns_to_that_page(client, world):  # noqa: F811
    tranche, popular, spare, staff = world
    adviser = AdviserFactory()
    client.force_login(staff)
    proposals(tranche, popular, adviser, range(1, MATCHING_PAGE_ROWS + 6))
    last = Trajectory.objects.get(score=1)
    response = client.post(url(tranche, "?page=2"), {"do": "reject", "selected": [last.pk], "reason": "te ver"})
    assert response.status_code == 302 and response.url == url(tranche, "?page=2")
    last.refresh_from_db()
    assert last.status == Trajectory.Status.CANCELLED  # (a rejected proposal is cancelled)


def test_the_pages_of_applications_left_count_exactly_those_without_a_proposal_or_match(client, world):  # noqa: F811
    """The count (eligible applications less those with a live proposal or match) agrees with the rows themselves:
    a cancelled proposal leaves its school among them, a confirmed match or a draft does not."""
    from tests.factories import TrajectoryFactory

    tranche, popular, spare, staff = world
    adviser = AdviserFactory()
    proposals(tranche, spare, adviser, [10, 20])  # two schools with a proposal
    unmatched(tranche, [f"Over {i:03}" for i in range(MATCHING_PAGE_ROWS + 3)])
    TrajectoryFactory(application__tranche=tranche, status="confirmed")  # its application is matched
    TrajectoryFactory(application__tranche=tranche, application__status="submitted", status="cancelled")
    PartnerApplicationFactory(tranche=tranche, status="waitlisted")
    PartnerApplicationFactory(tranche=tranche)  # a draft is not eligible
    client.force_login(staff)
    expected = MATCHING_PAGE_ROWS + 3 + 2  # the open ones, the cancelled proposal's school, the waitlisted one
    response = client.get(url(tranche))
    assert response.context["unmatched"].paginator.count == expected
    last = client.get(url(tranche, "?niet_gekoppeld=2"))
    assert len(last.context["unmatched"]) == expected - MATCHING_PAGE_ROWS
    assert "Pagina 1 van 2" in response.content.decode()
