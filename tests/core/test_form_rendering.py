"""Fields and widgets written in Python give exactly the markup of the templates they replace: the renderer's
inputs and textareas that of Django's widget templates, ``|as_field`` that of crispy-forms' ``|as_crispy_field``
(labels, errors and help texts tied to their field), FastSelect that of Django's Select."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from lobmatch.form_renderer import FastWidgetRenderer
from lobmatch.templatetags.form_fields import as_field
from lobmatch.widgets import FastSelect, PlainChoices
from partners.forms import ApplicationForms
from partners.models import PartnerApplication
from partners.selectors import choosable_practices
from tests.factories import GoodPracticeFactory, TrancheFactory
from tests.partners.helpers import form_data

TRICKY = 'Fien "de Brug" <b>&</b> \'t Zuid'


def same_markup(html: str) -> str:
    """Whitespace between and inside tags does not change what a browser or screen reader gets."""
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*(<|>)\s*", r"\1", html).replace("<div >", "<div>")


WIDGETS = [
    (forms.TextInput(attrs={"maxlength": 12, "autofocus": True, "disabled": False, "data-x": TRICKY}), TRICKY),
    (forms.TextInput(), None),
    (forms.EmailInput(attrs={"autocomplete": "email"}), "a@example.org"),
    (forms.URLInput(), "https://example.org/?a=1&b=2"),
    (forms.NumberInput(attrs={"step": "0.25"}), 2.5),
    (forms.PasswordInput(render_value=True), TRICKY),
    (forms.HiddenInput(), 41),
    (forms.DateInput(), "2026-12-06"),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.Textarea(attrs={"rows": 4}), TRICKY),
    (forms.Textarea(), ""),
    (forms.TextInput(attrs={"title": mark_safe("<i>veilig</i>")}), mark_safe("<b>al veilig</b>")),  # noqa: S308
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda w: type(w).__name__)
def test_the_renderer_writes_what_djangos_templates_write(widget, value):
    attrs = {"id": "id_veld", "aria-describedby": "id_veld_helptext", "required": True}
    fast = widget.render("veld", value, attrs=attrs, renderer=FastWidgetRenderer())
    assert fast == widget.render("veld", value, attrs=attrs, renderer=DjangoTemplates())


@pytest.fixture
def practices(db):
    TrancheFactory()
    return [GoodPracticeFactory(title=f"Praktijk {i} <{TRICKY}>") for i in range(4)]


def forms_for(practices, data=None, *, submitting=False):
    tranche = practices[0].ambassador.tranches.first() or TrancheFactory()
    return ApplicationForms(data, instance=PartnerApplication(tranche=tranche), submitting=submitting,
                            practices=choosable_practices())


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["empty", "errors", "filled"])
def test_as_field_gives_crispys_markup_for_every_field_of_the_application_form(practices, case):
    data = None
    if case == "errors":  # every kind of error: missing, malformed, a forged choice, unknown school details
        data = form_data(practices[:1], members=3, brin="12ZZ", project_leader_email="geen-adres",
                         project_leader_name="", choice_2=str(practices[0].pk), consent_privacy=None,
                         **{"members-1-email": "ook-geen"})
    elif case == "filled":
        data = form_data(practices[:3], members=5, school_name=TRICKY, action="draft")
    shown = forms_for(practices, data, submitting=case == "errors")
    if data is not None:
        shown.is_valid()
        assert (case == "errors") == shown.has_errors
    fields = [*shown.form, *(bound for f in shown.formset for bound in f), *shown.formset.empty_form]
    assert len(fields) > 40
    for bound in fields:
        fast = str(as_field(bound))
        assert same_markup(fast) == same_markup(as_crispy_field(bound)), bound.name
        if bound.errors:
            assert f'id="{bound.auto_id}_error"' in fast and "is-invalid" in fast


@pytest.mark.django_db
@pytest.mark.parametrize("value", [None, "", "2", 3, "999"])
def test_fast_select_with_plain_choices_gives_djangos_select(practices, value):
    pairs = [("", "— kies —"), *((p.pk, p.title) for p in practices), (2, "nog een 2")]
    pairs[2] = (2, pairs[2][1])
    fast = FastSelect(attrs={"class": "form-select"})
    fast.choices = PlainChoices(pairs)
    stock = forms.Select(attrs={"class": "form-select"}, choices=pairs)
    assert same_markup(fast.render("keuze", value)) == same_markup(stock.render("keuze", value))
    grouped = [("Groep <1>", [(1, "een"), (2, "twee")]), (3, "drie")]
    fast.choices = grouped
    assert same_markup(fast.render("keuze", 2)) == same_markup(forms.Select(attrs={"class": "form-select"},
                                                                             choices=grouped).render("keuze", 2))
