"""Typed as a new application before logging in, while the school already has a draft: it lands in that draft."""

import pytest
from django.urls import reverse

from partners.models import PartnerApplication
from partners.services import merge_into_draft
from tests.factories import (
    GoodPracticeFactory,
    PartnerApplicationFactory,
    PreferenceFactory,
    TrancheFactory,
    WorkingGroupMemberFactory,
)

pytestmark = pytest.mark.django_db
START = reverse("partners:start")


def typed_before_login(client, practice, **fields):
    """An anonymous visitor fills part of the new-application form and presses save."""
    data = {"action": "draft", "members-TOTAL_FORMS": "5", "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "8", **fields}
    response = client.post(START + f"?practice={practice.slug}", data)
    assert response.status_code == 302 and reverse("account_login") in response.url


@pytest.fixture
def draft():
    tranche = TrancheFactory()
    first, second = GoodPracticeFactory(title="Eerste"), GoodPracticeFactory(title="Tweede")
    app = PartnerApplicationFactory(tranche=tranche, status="draft", motivation="Wat al in het concept stond.",
                                    ambition="Oude ambitie", commit_project_leader=True)
    WorkingGroupMemberFactory(application=app, name="Petra de Vries", email="petra@example.org",
                              is_project_leader=True)
    WorkingGroupMemberFactory(application=app, name="Bestaand lid", email="lid@example.org")
    PreferenceFactory(application=app, practice=first, rank=1)
    return app, first, second


def test_typed_fields_go_into_the_draft_and_empty_ones_keep_the_draft(client, draft):
    app, first, second = draft
    typed_before_login(client, second, ambition="Nieuwe ambitie", motivation="", choice_2=str(second.pk),
                       **{"members-0-name": "Nieuw lid", "members-0-email": "nieuw@example.org",
                          "members-0-is_project_leader": "on",
                          "members-1-name": "Bestaand lid", "members-1-email": "LID@example.org"})
    client.force_login(app.created_by)
    response = client.get(START)
    assert response.status_code == 302 and response.url == reverse("partners:edit", args=[app.pk])
    response = client.get(response.url)
    form, formset = response.context["form"], response.context["formset"]
    assert response.context["restored"] and form.is_bound
    assert form["ambition"].value() == "Nieuwe ambitie"  # typed wins
    assert form["motivation"].value() == "Wat al in het concept stond."  # left empty: the draft's text
    assert form["commit_project_leader"].value() is True
    assert (form["choice_1"].value(), form["choice_2"].value()) == (str(first.pk), str(second.pk))
    rows = [(f["name"].value(), f["email"].value(), f["is_project_leader"].value()) for f in formset.forms
            if f["name"].value()]
    assert rows == [("Petra de Vries", "petra@example.org", True), ("Bestaand lid", "lid@example.org", False),
                    ("Nieuw lid", "nieuw@example.org", False)]  # the draft keeps its project leader
    body = response.content.decode()
    assert "U had al een concept." in body and "1 werkgroeplid is toegevoegd" in body
    # Nothing is saved until they choose to; then it is one application, merged.
    assert PartnerApplication.objects.get().ambition == "Oude ambitie"
    posted = {key: form.data.getlist(key) for key in form.data}
    posted["action"] = ["draft"]
    assert client.post(reverse("partners:edit", args=[app.pk]), posted).status_code == 302
    app.refresh_from_db()
    assert PartnerApplication.objects.count() == 1
    assert (app.ambition, app.motivation) == ("Nieuwe ambitie", "Wat al in het concept stond.")
    assert sorted(app.members.values_list("email", flat=True)) == ["lid@example.org", "nieuw@example.org",
                                                                   "petra@example.org"]
    assert [p.practice for p in app.preferences.order_by("rank")] == [first, second]
    # Once: the next visit shows the saved draft, no merge message.
    assert not client.get(reverse("partners:edit", args=[app.pk])).context["restored"]


def test_members_fill_empty_rows_then_follow_them():
    draft = {"members-TOTAL_FORMS": ["3"], "members-0-id": ["7"], "members-0-name": ["A"],
             "members-0-email": ["a@x.nl"]}
    typed = {"members-TOTAL_FORMS": ["4"], **{f"members-{i}-name": [f"N{i}"] for i in range(4)},
             **{f"members-{i}-email": [f"n{i}@x.nl"] for i in range(4)}, "members-2-name": [""],
             "members-2-email": [""], "motivation": ["  "], "action": ["submit"]}
    merged, added = merge_into_draft(draft, typed)
    assert added == 3 and merged["members-TOTAL_FORMS"] == ["4"]
    assert [merged[f"members-{i}-name"] for i in (1, 2, 3)] == [["N0"], ["N1"], ["N3"]]
    assert merged["members-0-name"] == ["A"] and "motivation" not in merged and "action" not in merged
