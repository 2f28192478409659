"""Looking a person up by address, without regard to case, goes through an index: logging in and a password reset
(the user), and who is expected at a meeting and their calendar feed (the leaders and the working group). Without
one, each such lookup reads every row of the table. The plan is asked with sequential scans discouraged, so a small
test table still shows whether the index can serve the lookup Django makes."""

import pytest
from django.db import connection

from lobmatch.models import User
from partners.models import PartnerApplication, WorkingGroupMember

pytestmark = pytest.mark.django_db

LOOKUPS = [
    (User, "email", "user_email_ci"),
    (PartnerApplication, "project_leader_email", "application_leader_email_ci"),
    (PartnerApplication, "school_leader_email", "application_school_leader_ci"),
    (WorkingGroupMember, "email", "member_email_ci"),
]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL, where the suite runs")
@pytest.mark.parametrize(("model", "field", "index"), LOOKUPS)
def test_an_address_lookup_without_regard_to_case_uses_its_index(model, field, index):
    sql, params = model.objects.filter(**{f"{field}__iexact": "Iemand@School.example"}).values("pk").query \
        .sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
