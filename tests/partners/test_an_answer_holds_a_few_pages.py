"""An answer of the application form holds a few pages (``LONG_TEXT`` characters). More is refused on saving, with a
message at the answer and everything typed still on the page, never cut off unseen by the browser (a maxlength
drops the end of a pasted text without a word). So the longest form the page accepts is always kept for a visitor who
types before logging in; a post longer than that is not, and the page says so instead of promising it back."""

import pytest
from django.urls import reverse

from partners import pending
from partners.forms import LONG_ANSWERS, ApplicationForms
from partners.models import LONG_TEXT, MAX_WORKING_GROUP, PartnerApplication
from tests.factories import GoodPracticeFactory, TrancheFactory
from tests.partners.helpers import complete_draft, form_data

pytestmark = pytest.mark.django_db
START = reverse("partners:start")


@pytest.mark.parametrize("extra, saved", [(0, True), (1, False)])
def test_an_answer_over_the_limit_is_refused_on_saving_and_stays_on_the_page(client, extra, saved):
    practice = GoodPracticeFactory()
    app = complete_draft(practices=[practice])
    client.force_login(app.created_by)
    typed = "Onze situatie. " * (LONG_TEXT // 15) + "x" * (LONG_TEXT % 15 + extra)
    assert len(typed) == LONG_TEXT + extra
    members = list(app.members.order_by("order", "pk"))
    data = form_data([practice], school=app.school, action="draft", members=len(members), existing=members,
                     project_leader_name=members[0].name, project_leader_email=members[0].email, lob_situation=typed)
    for i, member in enumerate(members):
        data.update({f"members-{i}-name": member.name, f"members-{i}-email": member.email})
    response = client.post(reverse("partners:edit", args=[app.pk]), data)
    assert response.status_code == 302 or (response.context["form"].errors.keys() == {"lob_situation"}
                                            and not response.context["formset"].total_error_count())
    app.refresh_from_db()
    if saved:
        assert response.status_code == 302 and app.lob_situation == typed
        return
    assert response.status_code == 200 and app.lob_situation != typed
    form = response.context["form"]
    assert form["lob_situation"].value() == typed  # nothing typed is lost
    [message] = form.errors["lob_situation"]
    assert "10000" in message and str(LONG_TEXT + 1) in message  # the limit and how much it is now
    assert message.startswith("Dit antwoord is te lang") and "waarde" not in message  # the answer, not "a value"


def test_the_browser_does_not_cut_a_long_answer_off(client):
    TrancheFactory()
    page = client.get(START).content.decode()
    for name in LONG_ANSWERS:
        assert f'name="{name}"' in page
        textarea = page.split(f'name="{name}"')[0].rsplit("<textarea", 1)[1] + page.split(f'name="{name}"')[1].split(">")[0]
        assert "maxlength" not in textarea, name


def test_the_longest_form_the_page_accepts_is_kept_until_login():
    """Every field of the form and of every working-group row at its longest still fits in what is kept."""
    forms = ApplicationForms(None, instance=PartnerApplication(tranche=TrancheFactory()), submitting=False,
                             practices=[])
    widest = 40  # a choice, a checkbox, a number: their posted values are short
    main = sum(getattr(field, "max_length", None) or widest for field in forms.form.fields.values())
    row = sum(getattr(field, "max_length", None) or widest for field in forms.formset.empty_form.fields.values())
    longest = main + MAX_WORKING_GROUP * row + 1_000  # the formset's management fields and the field names
    assert all(forms.form.fields[name].max_length == LONG_TEXT for name in LONG_ANSWERS)
    assert longest <= pending.MAX_CHARS, longest


def test_a_form_too_long_to_keep_says_so_instead_of_promising_it_back(client):
    practice = GoodPracticeFactory()
    TrancheFactory()
    data = form_data([practice], action="login", **dict.fromkeys(LONG_ANSWERS, "x" * (LONG_TEXT + 3000)))
    response = client.post(START, data, follow=True)
    page = response.content.decode()
    assert "kan niet worden bewaard tot u bent ingelogd" in page and "10.000 tekens" in page
    assert "zetten wij daarna voor u terug" not in page
    assert pending.KEY not in client.session
    # what the form accepts is kept, as before
    client.post(START, form_data([practice], action="login"))
    assert pending.KEY in client.session
