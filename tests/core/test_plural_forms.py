"""Numbers and nouns agree: "1 aanmelding", "2 aanmeldingen" (ngettext), never "aanmelding(en)" or "1 vast tijdstip"
as the title of a list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django_celery_beat.models import ClockedSchedule

from ambassadors.models import GoodPractice
from lobmatch.models import Role
from tests.factories import GoodPracticeFactory, PartnerApplicationFactory, UserFactory

REPO = Path(__file__).resolve().parents[2]
# "(en)" or "(s)" glued to a word inside a translatable string: a plural left to the reader.
GLUED_PLURAL = re.compile(r"""(?:_|gettext|translate)\W{1,3}[^"'\n]*[a-z]\((?:en|s)\)""")


def test_no_translatable_text_glues_a_plural_onto_a_word():
    files = [p for folder in ("lobmatch", "partners", "trajectories", "ambassadors", "templates")
             for p in (REPO / folder).rglob("*") if p.suffix in {".py", ".html", ".txt"} and "migrations" not in p.parts]
    found = [f"{p.relative_to(REPO)}:{n}" for p in files
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if GLUED_PLURAL.search(line)]
    assert not found, found


def test_the_clocked_schedules_have_a_plural_in_the_admin():
    with translation.override("nl"):
        assert (str(ClockedSchedule._meta.verbose_name), str(ClockedSchedule._meta.verbose_name_plural)) == (
            "vast tijdstip", "vaste tijdstippen")


@pytest.mark.django_db
@pytest.mark.parametrize(("n", "expected"), [(1, "1 good practice gepubliceerd."), (2, "2 good practices gepubliceerd.")])
def test_publishing_good_practices_in_the_admin_counts_them_in_words(client, n, expected):
    practices = [GoodPracticeFactory(status=GoodPractice.Status.SUBMITTED, published_at=None) for _ in range(n)]
    client.force_login(UserFactory(roles=[Role.STAFF]))
    response = client.post(reverse("admin:ambassadors_goodpractice_changelist"),
                           {"action": "publish_selected", "_selected_action": [p.pk for p in practices]}, follow=True)
    assert expected in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("n", "expected"), [(1, ": 1 aanmelding gewijzigd."), (3, ": 3 aanmeldingen gewijzigd.")])
def test_changing_applications_in_the_admin_counts_them_in_words(client, n, expected):
    applications = [PartnerApplicationFactory(status="submitted") for _ in range(n)]
    client.force_login(UserFactory(roles=[Role.STAFF]))
    response = client.post(reverse("admin:partners_partnerapplication_changelist"),
                           {"action": "start_review", "_selected_action": [a.pk for a in applications],
                            "apply": "1", "reason": "eerste ronde"}, follow=True)
    assert expected in response.content.decode()
