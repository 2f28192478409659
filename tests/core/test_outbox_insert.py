"""Recording many outbox messages at once on PostgreSQL: COPY, and a key a concurrent run recorded first."""

import pytest
from django.db import connection

from lobmatch.models import OutboxMessage
from lobmatch.outbox import _insert_new, build_email, enqueue_email, enqueue_messages, recorded_not_sent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path is PostgreSQL's (CI always has it)")


def drafts(keys):
    return [build_email(to=[f"{key}@school.example"], template="reminder_claim", dedupe_key=key,
                        context={"name": "Ä'\"; \n\t\\N", "n": 1}) for key in keys]


def test_copy_writes_every_field_as_given():
    assert enqueue_messages(drafts(["a", "b"]) + [None]) == 2
    row = OutboxMessage.objects.get(dedupe_key="a")
    assert (row.kind, row.status, row.attempts, row.last_error) == ("email", "pending", 0, "")
    assert row.payload["context"] == {"name": "Ä'\"; \n\t\\N", "n": 1}
    assert row.payload["to"] == ["a@school.example"] and row.created_at is not None
    assert enqueue_messages(drafts(["a", "b", "c"])) == 1  # only c is new


def test_copy_keeps_keys_as_typed_and_messages_without_a_key():
    odd = "reminder:x:\\N:\t:\\:\r\n:é"
    keyless = build_email(to=["z@school.example"], template="reminder_claim", context={"path": "C:\\tmp\\new"})
    assert enqueue_messages([*drafts([odd]), keyless, keyless]) == 3  # a message without a key goes in every time
    assert OutboxMessage.objects.get(dedupe_key=odd).payload["to"] == [f"{odd}@school.example".lower()]
    assert [row.payload["context"] for row in OutboxMessage.objects.filter(dedupe_key__isnull=True)] == [
        {"path": "C:\\tmp\\new"}] * 2
    assert enqueue_messages(drafts([odd])) == 0


def test_a_key_recorded_meanwhile_is_skipped_by_insert_on_conflict():
    # The existence check cannot see a row that a concurrent run writes after it; a duplicate inside the batch
    # meets the same conflict. INSERT … ON CONFLICT DO NOTHING skips it and counts only the new rows.
    assert _insert_new(drafts(["x", "y", "x"])) == 2
    assert sorted(OutboxMessage.objects.values_list("dedupe_key", flat=True)) == ["x", "y"]
    assert enqueue_messages(drafts(["x", "y", "z"])) == 1


@pytest.mark.django_db
def test_recorded_not_sent_keeps_the_message_and_hands_nothing_over(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with recorded_not_sent("Demogegevens: niet verstuurd."):
            skipped = enqueue_email(to=["a@example.org"], template="pulse_invitation", dedupe_key="demo:1")
            assert enqueue_email(to=["a@example.org"], template="pulse_invitation", dedupe_key="demo:1") is None
        sent = enqueue_email(to=["b@example.org"], template="pulse_invitation", dedupe_key="demo:2")
    skipped.refresh_from_db()
    assert (skipped.status, skipped.last_error) == (OutboxMessage.Status.SKIPPED, "Demogegevens: niet verstuurd.")
    dispatches = [c for c in callbacks if "_save_and_dispatch" in c.__qualname__]
    assert sent.status == OutboxMessage.Status.PENDING and len(dispatches) == 1


def test_the_cycle_collector_runs_again_after_a_batch_also_when_it_fails():
    import gc

    def failing():
        yield from drafts(["p"])
        raise RuntimeError("a reminder broke halfway")

    assert gc.isenabled()
    assert enqueue_messages(drafts(["q"])) == 1
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        enqueue_messages(failing())
    assert gc.isenabled()
