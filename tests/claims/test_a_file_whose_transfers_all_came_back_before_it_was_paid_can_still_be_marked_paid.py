"""The order in which finance records the bank's news makes no difference: a payment file whose every transfer the
bank sent back, recorded before the file was marked paid, still gets the day the bank carried it out, as it does when
the returns are recorded after. It used to stay without a payment date for good, with no way to give it one. The
date is given once, and not after the day a return of the file was recorded (the bank returns only what it paid)."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from lobmatch.models import Role, StatusChange
from tests.factories import ReimbursementClaimFactory, UserFactory, export_batch
from tests.questions import post_and_confirm
from trajectories.models import ExportBatch, ReimbursementClaim
from trajectories.services import exports

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance():
    return UserFactory(roles=[Role.FINANCE])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def at(day, hour=10):
    return time_machine.travel(dt.datetime(2026, 12, day, hour, tzinfo=dt.UTC), tick=False)


def returned_before_paid(finance):
    """A file of one transfer (made on 1 December), sent back and recorded on 3 December, before it was marked paid."""
    claim = ReimbursementClaimFactory(status="approved", amount=D("440.00"))
    with at(1):
        batch = export_batch(finance)
    with at(3):
        exports.record_return(claim, batch=batch, reason="AC04 rekening opgeheven", by=finance)
    return claim, batch


def test_the_file_gets_its_date_and_the_returned_transfer_stays_returned(finance):
    claim, batch = returned_before_paid(finance)
    with at(9):
        assert exports.mark_paid(batch, by=finance, paid_on=dt.date(2026, 12, 2)) == 0
        with pytest.raises(exports.ExportError, match="al als betaald gemarkeerd, op 02-12-2026"):
            exports.mark_paid(batch, by=finance, paid_on=dt.date(2026, 12, 3))
    assert ExportBatch.objects.get(pk=batch.pk).paid_on == dt.date(2026, 12, 2)
    claim.refresh_from_db()
    assert (claim.status, claim.batch, claim.paid_on) == ("returned", None, None)
    assert not StatusChange.objects.filter(object_id=claim.pk, transition="mark_paid").exists()


def test_the_date_is_not_after_the_day_a_return_of_the_file_was_recorded(finance):
    _claim, batch = returned_before_paid(finance)
    with at(9):
        with pytest.raises(exports.PaymentDateError, match="na 03-12-2026"):
            exports.mark_paid(batch, by=finance, paid_on=dt.date(2026, 12, 4))
        assert exports.paid_on_bounds(batch) == (dt.date(2026, 12, 1), dt.date(2026, 12, 3))
    assert ExportBatch.objects.get(pk=batch.pk).paid_on is None


def test_the_pages_offer_the_date_and_the_start_page_counts_the_file_until_it_has_one(client, finance):
    claim, batch = returned_before_paid(finance)
    listing = reverse("trajectories:finance_batch_list")
    with at(9):
        client.force_login(finance)
        assert f"{batch.get_absolute_url()}#betaald" in client.get(listing).content.decode()
        assert "Betaalbestanden nog niet als betaald gemarkeerd: <strong>1</strong>" in \
            client.get(reverse("start")).content.decode()
        page = client.get(batch.get_absolute_url()).content.decode()
        assert reverse("trajectories:finance_mark_paid", args=[batch.pk]) in page
        assert "De bank heeft alle overboekingen van dit bestand teruggestuurd" in page
        assert 'min="2026-12-01" max="2026-12-03"' in page and "Betaaldatum vastleggen" in page
        response = post_and_confirm(client, reverse("trajectories:finance_mark_paid", args=[batch.pk]),
                                    {"paid_on": "2026-12-02"}, follow=True)
        page = response.content.decode()
        assert f"Betaaldatum 02-12-2026 vastgelegd bij betaalbestand {batch.reference}" in page
        assert "Betaald op: 02-12-2026" in page
        assert reverse("trajectories:finance_mark_paid", args=[batch.pk]) not in page  # once
        assert "betaald op 02-12-2026" in client.get(listing).content.decode()
        assert "Betaalbestanden nog niet als betaald gemarkeerd: <strong>0</strong>" in \
            client.get(reverse("start")).content.decode()
    assert ReimbursementClaim.objects.get(pk=claim.pk).status == "returned"


def test_recording_a_return_on_a_file_not_marked_paid_asks_whether_the_bank_carried_it_out(client, finance):
    """A return only comes after the bank carried out the file; recorded on a file still waiting to go to the bank,
    the claim would wait for a transfer by hand while the file could pay it as well. So the button asks that first."""
    claim = ReimbursementClaimFactory(status="approved", amount=D("440.00"))
    with at(1):
        batch = export_batch(finance)
    client.force_login(finance)
    page = client.get(reverse("trajectories:finance_batch_detail", args=[batch.pk])).content.decode()
    assert "Dit betaalbestand is nog niet als betaald gemarkeerd. Een overboeking komt pas terug" in page
    with at(2):
        exports.mark_paid(batch, by=finance, paid_on=dt.date(2026, 12, 2))
    page = client.get(reverse("trajectories:finance_batch_detail", args=[batch.pk])).content.decode()
    assert "nog niet als betaald gemarkeerd" not in page
    assert "Deze terugboeking vastleggen? De school krijgt er meteen bericht van." in page
    assert reverse("trajectories:finance_record_return", args=[batch.pk, claim.pk]) in page  # its button is there
