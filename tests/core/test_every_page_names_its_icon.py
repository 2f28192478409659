"""Every page names the site's icon (a vendored SVG, as every asset is), so browsers do not ask for /favicon.ico
on each page and log a 404: the public layout and the admin alike."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ICON = '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">'


def test_the_public_layout_and_the_admin_name_the_vendored_icon(client):
    assert finders.find("img/favicon.svg")
    assert ICON in Client().get("/").content.decode()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert ICON in client.get("/admin/").content.decode()
