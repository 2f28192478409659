"""Finance's start page says what waits for it, each with its count and the page that handles it: claims to check,
approved claims waiting for a payment file (with their sum), files not yet marked paid, transfers sent back."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import ReimbursementClaimFactory, UserFactory, export_batch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def start_page(client, user):
    client.force_login(user)
    return client.get(reverse("start")).content.decode()


def test_the_start_page_counts_what_waits_for_finance(client):
    finance = UserFactory(roles=[Role.FINANCE])
    for _ in range(2):
        ReimbursementClaimFactory(status="submitted", amount=D("10.00"))
    ReimbursementClaimFactory(status="approved", amount=D("100.00"))
    export_batch(finance)  # one file, not yet marked paid
    ReimbursementClaimFactory(status="approved", amount=D("250.50"))
    ReimbursementClaimFactory(status="approved", amount=D("49.50"))
    ReimbursementClaimFactory(status="returned", amount=D("70.00"))
    page = start_page(client, finance)
    queue = reverse("trajectories:finance_claims")
    assert f'<a href="{queue}?status=submitted">Ingediende declaraties om te controleren: <strong>2</strong></a>' in page
    assert (f'<a href="{reverse("trajectories:finance_batch_preview")}">Goedgekeurd, wacht op een betaalbestand: '
            '<strong>2</strong> (€\u00a0300,00)</a>') in page
    assert "Betaalbestanden nog niet als betaald gemarkeerd: <strong>1</strong>" in page
    assert f'<a href="{queue}?status=returned">Teruggestuurd door de bank, opnieuw over te maken: <strong>1</strong>' \
        in page


def test_nothing_waiting_reads_as_zero_and_other_roles_do_not_see_the_panel(client):
    page = start_page(client, UserFactory(roles=[Role.FINANCE]))
    assert "Goedgekeurd, wacht op een betaalbestand: <strong>0</strong></a>" in page
    assert "Ingediende declaraties om te controleren" not in start_page(client, UserFactory(roles=[Role.STAFF]))


@pytest.mark.parametrize("n", [1, 5])
def test_the_panel_costs_the_same_queries_whatever_waits(client, django_assert_num_queries, n):
    finance = UserFactory(roles=[Role.FINANCE])
    for _ in range(n):
        ReimbursementClaimFactory(status="submitted", amount=D("10.00"))
        ReimbursementClaimFactory(status="approved", amount=D("10.00"))
    export_batch(finance)
    client.force_login(finance)
    client.get(reverse("start"))
    with django_assert_num_queries(START_QUERIES):
        client.get(reverse("start"))


START_QUERIES = 5  # session, user, roles; the claims by status; the files not yet paid
