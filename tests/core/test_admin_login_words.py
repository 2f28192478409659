"""One word for logging in and out: the site says "Inloggen" and "Uitloggen"; Django's admin said "Aanmelden" and
"Afmelden", and in this programme "aanmelden" means applying as a partner school."""

import pytest
from django.urls import reverse

from lobmatch.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_logs_out_with_the_sites_word(client):
    client.force_login(UserFactory(roles=[Role.STAFF]))
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert ">Uitloggen<" in html and "Afmelden" not in html
