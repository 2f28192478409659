"""A BRIN typed without its location code: the only location is the known school, several locations ask which one,
and a second live application cannot come in through the bare BRIN."""

import pytest
from django.urls import reverse

from lobmatch.models import School
from partners import services
from partners.models import PartnerApplication
from tests.factories import GoodPracticeFactory, SchoolFactory, TrancheFactory, UserFactory
from tests.partners.helpers import complete_draft, form_data

pytestmark = pytest.mark.django_db


class TestBrinWithoutLocation:
    def test_the_only_location_of_a_brin_is_the_known_school(self, client):
        TrancheFactory()
        school = SchoolFactory(brin="12AB", location_code="00")
        client.force_login(UserFactory())
        response = client.post(reverse("partners:start"), form_data([GoodPracticeFactory()], brin="12ab"))
        app = PartnerApplication.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("partners:status", args=[app.pk])
        assert app.status == "submitted" and app.school == school
        assert School.objects.filter(brin="12AB").count() == 1

    def test_several_locations_ask_for_the_location_code(self, client):
        TrancheFactory()
        SchoolFactory(brin="12AB", location_code="00", city="Delft")
        SchoolFactory(brin="12AB", location_code="01", city="Gouda")
        client.force_login(UserFactory())
        response = client.post(reverse("partners:start"), form_data([GoodPracticeFactory()], brin="12AB"))
        assert response.status_code == 200
        message = str(response.context["form"].errors["brin"])
        assert "meerdere vestigingen" in message and "12AB00 (Delft)" in message and "12AB01 (Gouda)" in message

    def test_a_second_live_application_through_the_bare_brin_is_refused(self):
        tranche = TrancheFactory()
        school = SchoolFactory(brin="12AB", location_code="00")
        complete_draft(tranche=tranche, school=school, status="submitted")
        other = complete_draft(tranche=tranche, school=None,
                               school_entry={"brin": "12AB", "name": "X", "city": "Y", "province": "utrecht"})
        with pytest.raises(services.ApplicationError, match="al een aanmelding"):
            services.submit(other, by=other.created_by)
        assert School.objects.filter(brin="12AB").count() == 1

    def test_the_main_location_typed_in_full_is_the_school_registered_under_the_bare_brin(self):
        """'21ZW' and then '21ZW00' made two schools, and the same school applied twice in one tranche."""
        tranche = TrancheFactory()
        first = complete_draft(tranche=tranche, school=None,
                               school_entry={"brin": "21ZW", "name": "Zonnewende", "city": "Zwolle",
                                             "province": "OV"})
        services.submit(first, by=first.created_by)
        first.refresh_from_db()
        colleague = complete_draft(tranche=tranche, school=None,
                                   school_entry={"brin": "21ZW00", "name": "Zonnewende College", "city": "Zwolle",
                                                 "province": "OV"})
        with pytest.raises(services.ApplicationError, match="al een aanmelding"):
            services.submit(colleague, by=colleague.created_by)
        assert School.objects.filter(brin="21ZW").count() == 1
        assert School.for_code("21ZW00") == [first.school] == School.for_code("21ZW")
        assert School.for_code("21ZW01") == []  # another location is another school

    def test_a_school_registered_twice_before_still_changes_its_application(self, client):
        """With both '21ZW' and '21ZW00' registered (as before the fix above), the school registered as '21ZW'
        could not resubmit: its own BRIN was refused as ambiguous."""
        tranche = TrancheFactory()
        bare = SchoolFactory(brin="21ZW", location_code="")
        SchoolFactory(brin="21ZW", location_code="00")
        assert School.for_code("21ZW") == [bare]
        practice = GoodPracticeFactory()
        app = complete_draft(tranche=tranche, school=bare, practices=[practice])
        services.submit(app, by=app.created_by)
        client.force_login(app.created_by)
        data = form_data([practice], school=bare, existing=list(app.members.order_by("order")),
                         motivation="Aangepast.")
        response = client.post(reverse("partners:edit", args=[app.pk]), data)
        assert response.status_code == 302, response.context["form"].errors
        app.refresh_from_db()
        assert app.motivation == "Aangepast." and app.school == bare
