"""A payment batch's page shows its transfers 50 at a time in the order of its files: the first render does not grow
with the batch (5,000 claims rendered whole took seconds), the queries stay constant, a later page holds the next
transfers, and a refused return is shown on the page of its transfer with what was typed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import UserFactory, export_batch
from trajectories.views.finance import BATCH_PAGE_ROWS

from .test_payment_returns import approved

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def finance(client):
    user = UserFactory(roles=[Role.FINANCE])
    client.force_login(user)
    return user


def rendered(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response


def test_the_queries_stay_the_same_from_one_transfer_to_more_than_a_page(client, finance):
    approved("100.00")
    small = export_batch(finance)
    few, response = rendered(client, small.get_absolute_url())
    assert len(response.context["claims"]) == 1

    for _ in range(BATCH_PAGE_ROWS + 5):
        approved("100.00")
    large = export_batch(finance)
    many, response = rendered(client, large.get_absolute_url())
    assert len(response.context["claims"]) == BATCH_PAGE_ROWS
    assert many == few
    later, response = rendered(client, large.get_absolute_url() + "?page=2")
    assert len(response.context["claims"]) == 5 and later == few


def test_a_later_page_shows_the_next_transfers_in_file_order(client, finance):
    claims = [approved("100.00") for _ in range(BATCH_PAGE_ROWS + 3)]
    batch = export_batch(finance)
    first = client.get(batch.get_absolute_url())
    assert [c.pk for c in first.context["claims"]] == [c.pk for c in claims[:BATCH_PAGE_ROWS]]
    html = first.content.decode()
    assert f'href="{batch.get_absolute_url()}?page=2"' in html and "Pagina 1 van 2" in html
    # The summary still counts the whole batch.
    assert f"Markeer {BATCH_PAGE_ROWS + 3} overboekingen als betaald" in html

    second = client.get(batch.get_absolute_url() + "?page=2")
    assert [c.pk for c in second.context["claims"]] == [c.pk for c in claims[BATCH_PAGE_ROWS:]]
    html = second.content.decode()
    assert reverse("trajectories:finance_record_return", args=[batch.pk, claims[-1].pk]) in html
    assert reverse("trajectories:finance_record_return", args=[batch.pk, claims[BATCH_PAGE_ROWS - 1].pk]) not in html


def test_a_refused_return_is_shown_on_its_transfers_page_with_what_was_typed(client, finance):
    claims = [approved("100.00") for _ in range(BATCH_PAGE_ROWS + 2)]
    batch = export_batch(finance)
    last = claims[-1]
    too_long = "rekening opgeheven " * 20
    response = client.post(reverse("trajectories:finance_record_return", args=[batch.pk, last.pk]),
                           {f"claim-{last.pk}-reason": too_long})
    assert response.status_code == 400
    assert response.context["claims"].number == 2
    html = response.content.decode()
    assert f'value="{too_long}"' in html and f'href="#id_claim-{last.pk}-reason"' in html
    # The page links go to the batch's own address, not to the address the form was posted to.
    assert f'href="{batch.get_absolute_url()}?page=1"' in html
