"""The dashboard counts a tranche's applications (per status and province, and the first choices per practice) from
the covering index application_tranche_counts alone. Reading the 10,000 wide rows of a tranche instead took half of
the page's database time. The plan is asked with sequential scans discouraged, so a small test table still shows
whether the index can answer the queries Django makes, with the table's other indexes out of the way."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PartnerApplicationFactory, PreferenceFactory, TrancheFactory
from trajectories.documents import tranche_figures

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL, where the suite runs"),
]


def test_the_dashboards_application_counts_read_only_the_covering_index():
    tranche = TrancheFactory()
    for status in ("submitted", "matched", "draft"):
        PreferenceFactory(application=PartnerApplicationFactory(tranche=tranche, status=status), rank=1)
    with CaptureQueriesContext(connection) as ctx:
        figures = tranche_figures(tranche)
    assert figures.figures  # the figures were made from the counts below
    counts = [q["sql"] for q in ctx.captured_queries
              if 'FROM "partners_p' in q["sql"] and "GROUP BY" in q["sql"] and "partners_partnerapplication" in q["sql"]]
    assert len(counts) == 2, counts  # per status and province; first choices per practice
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in counts:
            assert "COUNT(*)" in sql, sql  # COUNT(id) would need the row itself
            assert "Index Only Scan using application_tranche_counts" in plan_without_rivals(cursor, sql)


def plan_without_rivals(cursor, sql: str) -> str:
    """The plan once no other index of the table can be chosen. On a table of a few fresh rows another index on the
    tranche costs about as much, and which one wins depended on what the tests before had left (dropped inside the
    test's transaction, so they come back)."""
    cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'partners_partnerapplication' "
                   "AND indexname <> 'application_tranche_counts'")
    others = {name for (name,) in cursor.fetchall()}
    while True:
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        rivals = others & set(re.findall(r"(?:Scan using|Index Scan on) (\w+)", plan))
        if not rivals:
            return plan
        for name in rivals:
            cursor.execute(f'DROP INDEX "{name}"')
