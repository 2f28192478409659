"""Staff keep school records in the admin; a web address typed without its scheme is stored as https."""

import pytest
from django.urls import reverse

from lobmatch.models import Role, School
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("typed", "stored"), [
    ("www.example.org", "https://www.example.org"),
    ("http://www.example.org", "http://www.example.org"),
    ("", ""),
])
def test_the_website_gets_https_when_typed_without_a_scheme(client, typed, stored):
    school = SchoolFactory(name="Het Webcollege")
    client.force_login(UserFactory(roles=[Role.STAFF]))
    response = client.post(reverse("admin:lobmatch_school_change", args=[school.pk]), {
        "brin": school.brin, "location_code": "", "name": school.name, "city": school.city,
        "province": school.province, "website": typed,
    })
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    assert School.objects.get(pk=school.pk).website == stored
