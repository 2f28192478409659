"""The application form. A draft accepts anything well-formed; submitting demands everything, all errors at once."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from lobmatch.models import Province, School, SchoolType
from lobmatch.validators import normalize_brin
from lobmatch.widgets import FastSelect, PlainChoices

from . import services
from .models import MAX_PREFERENCES, MAX_WORKING_GROUP, MIN_WORKING_GROUP, PartnerApplication, WorkingGroupMember
from .selectors import PracticeChoice

REQUIRED_ON_SUBMIT = [
    "project_leader_name", "project_leader_email", "school_leader_name", "school_leader_email",
    "lob_situation", "ambition", "motivation",
]
COMMITMENTS = ["commit_project_leader", "commit_working_group", "commit_school_leader", "consent_publicity",
               "consent_privacy"]
CHOICES = [f"choice_{rank}" for rank in range(1, MAX_PREFERENCES + 1)]
LONG_ANSWERS = ["lob_situation", "ambition", "motivation", "availability_kickoff", "availability_sessions"]
SCHOOL_FIELDS = ["brin", "school_name", "school_city", "school_province", "school_types"]

# The commitments of the programme (seed 000), worded as the school's promise.
COMMITMENT_LABELS = {
    "commit_project_leader": _("Wij stellen een projectleider aan die het traject binnen de school trekt."),
    "commit_working_group": _(
        "Wij stellen een werkgroep van ongeveer vijf personen samen (inclusief de projectleider) en maken de leden "
        "vrij voor drie begeleide bijeenkomsten van ongeveer vier uur."
    ),
    "commit_school_leader": _(
        "Onze schoolleider onderschrijft de LOB-ambitie en is aanwezig bij het startgesprek, de eerste begeleide "
        "bijeenkomst en het afsluitende adviesgesprek."
    ),
    "consent_publicity": _(
        "Wij werken mee aan publiciteit over het project, onder andere via sociale media en de website van de "
        "VO-raad."
    ),
    "consent_privacy": _("Ik heb de privacyverklaring gelezen en ga akkoord met het gebruik van deze gegevens "
                         "voor LOB Ambassadeurs."),
}


class FromLoaded:
    """Cleans a choice to one of the objects already loaded (``loaded``: pk -> object), like a ModelChoiceField but
    without a query per field; any other value is an invalid choice."""

    loaded: dict = {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.loaded[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value}) from None


class LoadedChoiceField(FromLoaded, forms.ChoiceField):
    """A choice among the good practices the view loaded."""

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


class ApplicationForm(forms.ModelForm):
    brin = forms.CharField(
        label=_("BRIN-code"), max_length=12, required=False,
        help_text=_("Vier tekens, eventueel met de vestigingscode erachter: bijvoorbeeld 12AB of 12AB01. "
                    "Staat uw school in ons register, dan vullen wij de rest aan."),
    )
    school_name = forms.CharField(label=_("Naam van de school"), max_length=200, required=False)
    school_city = forms.CharField(label=_("Plaats"), max_length=100, required=False)
    school_province = forms.ChoiceField(label=_("Provincie"), choices=[("", "—"), *Province.choices], required=False,
                                        widget=FastSelect)
    # The school types' ids (choices set from one query in __init__: a ModelMultipleChoiceField would read the
    # table again through a server-side cursor to show the boxes, and once more to check what was ticked).
    school_types = forms.TypedMultipleChoiceField(label=_("Schoolsoorten"), coerce=int, required=False,
                                                  widget=forms.CheckboxSelectMultiple)
    choice_1 = LoadedChoiceField(label=_("Eerste keuze"), required=False, widget=FastSelect)
    choice_2 = LoadedChoiceField(label=_("Tweede keuze (niet verplicht)"), required=False, widget=FastSelect)
    choice_3 = LoadedChoiceField(label=_("Derde keuze (niet verplicht)"), required=False, widget=FastSelect)

    field_order = [
        *SCHOOL_FIELDS,
        "project_leader_name", "project_leader_position", "project_leader_email", "project_leader_phone",
        "school_leader_name", "school_leader_email",
        "lob_situation", "ambition", "motivation", *CHOICES,
        "availability_kickoff", "availability_sessions", *COMMITMENTS,
    ]

    class Meta:
        model = PartnerApplication
        fields = [
            "project_leader_name", "project_leader_email", "project_leader_phone", "project_leader_position",
            "school_leader_name", "school_leader_email", "lob_situation", "ambition", "motivation",
            "availability_kickoff", "availability_sessions", *COMMITMENTS,
        ]
        widgets = {
            **{f: forms.Textarea(attrs={"rows": 4}) for f in ["lob_situation", "ambition", "motivation"]},
            **{f: forms.Textarea(attrs={"rows": 2}) for f in ["availability_kickoff", "availability_sessions"]},
            "project_leader_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "project_leader_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        # Django's own words ("Zorg dat deze waarde …") speak of a value, not of the school's answer.
        error_messages = {name: {"max_length": _("Dit antwoord is te lang: %(show_value)s tekens, waar er "
                                                 "%(limit_value)s passen. Maak het korter; wat u typte, staat hieronder "
                                                 "nog.")} for name in LONG_ANSWERS}
        help_texts = {
            "lob_situation": _("Hoe ziet LOB er nu uit bij u op school? Wat gaat goed, wat mist er?"),
            "ambition": _("Waar wilt u over een jaar staan?"),
            "motivation": _("Waarom wilt u partnerschool worden, en waarom past deze good practice bij u?"),
            "availability_kickoff": _("Welke dagen of dagdelen passen in de periode van de startgesprekken?"),
            "availability_sessions": _("Welke dagen of dagdelen kan de werkgroep in de periode van de "
                                       "bijeenkomsten vrijmaken?"),
        }

    def __init__(self, *args, submitting: bool = False, practices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.set_practices(practices or [])
        for name in LONG_ANSWERS:
            # The limit is checked on saving, with a message: a browser's maxlength cuts a pasted text off unseen.
            self.fields[name].widget.attrs.pop("maxlength", None)
        for name, label in COMMITMENT_LABELS.items():
            self.fields[name].label = label
        self.fields["school_types"].choices = [(t.pk, t.label) for t in SchoolType.objects.all()]
        self.fields["project_leader_name"].help_text = _("Ook de projectleider hoort bij de werkgroep hieronder.")
        app = self.instance
        if app.pk and not self.is_bound:
            if app.school_id:
                school = app.school
                self.initial.update(brin=school.code, school_name=school.name, school_city=school.city,
                                    school_province=school.province,
                                    school_types=[t.pk for t in school.school_types.all()])
            elif app.school_entry:
                entry = app.school_entry
                self.initial.update(brin=entry.get("brin", ""), school_name=entry.get("name", ""),
                                    school_city=entry.get("city", ""), school_province=entry.get("province", ""),
                                    school_types=entry.get("school_types", []))
            for pref in app.preferences.all():
                self.initial[f"choice_{pref.rank}"] = pref.practice_id

    def set_practices(self, practices) -> None:
        """The practices the three lists offer and accept: loaded once by the page for all three (a post is checked
        against the ones it chose; the page shows them all)."""
        practices = list(practices)
        options = PlainChoices([("", _("— kies een good practice —")), *((p.pk, p.label) for p in practices)])
        loaded = {p.pk: p for p in practices}
        for name in CHOICES:
            field = self.fields[name]
            field.loaded = loaded
            field.choices = options

    def clean_project_leader_phone(self):
        number = self.cleaned_data.get("project_leader_phone", "").strip()
        if problem := services.phone_problem(number):
            raise ValidationError(problem, code="invalid")
        return number

    def clean_brin(self):
        value = self.cleaned_data.get("brin", "").strip().replace(" ", "")
        return normalize_brin(value) if value else ""

    @cached_property
    def _registered(self) -> list[School]:
        """The registered schools with the typed BRIN (and location, when typed): one query answers both
        questions below. Read once the BRIN is cleaned."""
        code = getattr(self, "cleaned_data", {}).get("brin")
        return School.for_code(code) if code else []

    @property
    def known_school(self) -> School | None:
        """The registered school with the typed BRIN (and location), if any. Typed without a location code: the
        school registered under the BRIN, when there is only one."""
        return self._registered[0] if len(self._registered) == 1 else None

    def ambiguous_brin(self) -> list[School]:
        """The locations of a BRIN typed without its location code, when there are several."""
        return self._registered if len(self._registered) > 1 else []

    def school_entry(self) -> dict:
        """What was typed about a school we do not know yet, kept with the draft."""
        data = self.cleaned_data
        entry = {
            "brin": data.get("brin", ""), "name": data.get("school_name", "").strip(),
            "city": data.get("school_city", "").strip(), "province": data.get("school_province", ""),
            "school_types": list(data.get("school_types") or []),
        }
        return entry if any(entry.values()) else {}

    @property
    def preferences(self) -> list[PracticeChoice]:
        return [self.cleaned_data[name] for name in CHOICES if self.cleaned_data.get(name)]

    def clean(self):
        data = super().clean()
        chosen = [data.get(name) for name in CHOICES]
        seen = set()
        for name, practice in zip(CHOICES, chosen, strict=True):
            if practice is None:
                continue
            if practice.pk in seen:
                self.add_error(name, _("U heeft deze good practice al gekozen. Kies steeds een andere good practice."))
            seen.add(practice.pk)
        for rank in range(1, MAX_PREFERENCES):
            if chosen[rank] and not chosen[rank - 1]:
                self.add_error(CHOICES[rank - 1], _("Vul de keuzes op volgorde in: deze keuze is nog leeg."))
        locations = self.ambiguous_brin()
        if locations:
            self.add_error("brin", _("Deze BRIN-code heeft meerdere vestigingen. Vul de vestigingscode erachter in: "
                                     "%(codes)s.") % {"codes": ", ".join(f"{s.code} ({s.city})" for s in locations)})
        if self.submitting:
            self._clean_for_submit(data, chosen)
        return data

    def _clean_for_submit(self, data, chosen):
        for name in REQUIRED_ON_SUBMIT:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Vul dit in om de aanmelding in te dienen."))
        for name in COMMITMENTS:
            if not data.get(name):
                self.add_error(name, _("Vink dit aan om de aanmelding in te dienen."))
        if not any(chosen) and "choice_1" not in self.errors:
            self.add_error("choice_1", _("Kies ten minste één good practice."))
        if "brin" in self.errors:
            return
        if not data.get("brin"):
            self.add_error("brin", _("Vul de BRIN-code van uw school in, of zoek uw school op naam."))
        elif self.known_school is None:
            what = {"school_name": _("de naam van de school"), "school_city": _("de plaats"),
                    "school_province": _("de provincie"), "school_types": _("de schoolsoorten")}
            for name, label in what.items():
                if not data.get(name):
                    self.add_error(name, _("Deze BRIN-code staat nog niet in ons register: vul %(what)s in.")
                                   % {"what": label})


class LoadedMemberField(FromLoaded, forms.ModelChoiceField):
    """The hidden id of a member row, checked against the members the formset loaded (Django's field asks the
    database once per row). An id that is not one of this application's members (deleted meanwhile, or another
    application's) is an invalid choice."""

    default_error_messages = {
        "invalid_choice": _("Dit werkgroeplid staat niet meer in deze aanmelding (de pagina is ouder dan de laatste "
                            "wijziging). Open de aanmelding opnieuw om de werkgroep te zien zoals die nu is."),
    }

    def __init__(self, *args, loaded: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.loaded = loaded


class WorkingGroupFormSet(BaseInlineFormSet):
    default_error_messages = {
        "too_many_forms": _("De werkgroep telt ten hoogste %(num)d personen."),
    }

    def __init__(self, *args, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.project_leader: tuple[str, str] = ("", "")  # (name, email) from the main form, set before validation

    def get_queryset(self):
        # The members loaded with the application (partners.selectors prefetches them), not read again.
        if not hasattr(self, "_queryset"):
            self._queryset = self.instance.members.all() if self.instance.pk else self.model.objects.none()
        return self._queryset

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self._pk_field.name
        field = form.fields[name]
        form.fields[name] = LoadedMemberField(field.queryset, initial=field.initial, required=False,
                                              widget=field.widget, loaded=self._members)

    @cached_property
    def _members(self) -> dict:
        return {member.pk: member for member in self.get_queryset()}

    def filled_forms(self):
        return [f for f in self.forms if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
                and any(f.cleaned_data.get(k) for k in ("name", "email", "role", "is_project_leader"))]

    def clean(self):
        super().clean()
        members = self.filled_forms()
        leaders = [f for f in members if f.cleaned_data.get("is_project_leader")]
        if len(leaders) > 1:
            raise ValidationError(_("U heeft %(n)s werkgroepleden als projectleider aangevinkt; vink er één aan.")
                                  % {"n": len(leaders)})
        emails = [f.cleaned_data["email"].lower() for f in members if f.cleaned_data.get("email")]
        for form in members:
            email = (form.cleaned_data.get("email") or "").lower()
            if email and emails.count(email) > 1 and "email" not in form.errors:
                form.add_error("email", _("Dit e-mailadres staat al bij een ander werkgroeplid."))
        if not self.submitting:
            return
        for form in members:
            if not form.cleaned_data.get("name") and "name" not in form.errors:
                form.add_error("name", _("Vul de naam van dit werkgroeplid in."))
            if not form.cleaned_data.get("email") and "email" not in form.errors:
                form.add_error("email", _("Vul het e-mailadres in; de werkgroep krijgt de uitnodigingen."))
        problems = []
        if not MIN_WORKING_GROUP <= len(members) <= MAX_WORKING_GROUP:
            problems.append(
                _("De werkgroep telt %(min)s tot %(max)s personen (u vulde er %(n)s in); ongeveer vijf is ideaal.")
                % {"min": MIN_WORKING_GROUP, "max": MAX_WORKING_GROUP, "n": len(members)}
            )
        if not leaders:
            problems.append(_("De projectleider hoort bij de werkgroep: vink aan wie de projectleider is."))
        elif not self._is_project_leader(leaders[0].cleaned_data):
            problems.append(
                _("U vinkte %(member)s aan als projectleider, maar bij de projectleider staat %(leader)s. Maak die "
                  "twee gelijk: de projectleider is één van de werkgroepleden.")
                % {"member": leaders[0].cleaned_data.get("name") or leaders[0].cleaned_data.get("email"),
                   "leader": self.project_leader[0] or self.project_leader[1]}
            )
        elif self._two_addresses(leaders[0].cleaned_data):
            # One person, two addresses: the mails would go to the one above, the working group's to the other.
            problems.append(
                _("Bij de projectleider staat %(leader)s, bij %(member)s in de werkgroep %(member_email)s. Gebruik "
                  "voor de projectleider één e-mailadres.")
                % {"leader": self.project_leader[1], "member": leaders[0].cleaned_data.get("name"),
                   "member_email": leaders[0].cleaned_data.get("email")}
            )
        if problems:
            raise ValidationError(problems)

    def _two_addresses(self, member: dict) -> bool:
        leader_email = self.project_leader[1].strip().lower()
        member_email = (member.get("email") or "").strip().lower()
        return bool(leader_email and member_email and leader_email != member_email)

    def _is_project_leader(self, member: dict) -> bool:
        name, email = (v.strip().lower() for v in self.project_leader)
        if not name and not email:
            return True  # the main form reports the missing project leader
        member_email = (member.get("email") or "").strip().lower()
        member_name = " ".join((member.get("name") or "").lower().split())
        return bool((email and member_email == email) or (name and member_name == " ".join(name.split())))


def member_formset_class(existing: int):
    """Room for a working group of about five: empty rows up to five, always one spare, at most eight."""
    extra = min(MAX_WORKING_GROUP - existing, max(1, 5 - existing))
    return inlineformset_factory(
        PartnerApplication, WorkingGroupMember, formset=WorkingGroupFormSet,
        fields=["name", "role", "email", "is_project_leader"], extra=max(0, extra), max_num=MAX_WORKING_GROUP,
        validate_max=True, can_delete=True,
        labels={"is_project_leader": _("Dit is de projectleider"), "role": _("Functie"), "name": _("Naam"),
                "email": _("E-mail")},
    )


class ApplicationForms:
    """The main form and the working-group formset, validated together so all errors show at once."""

    def __init__(self, data=None, *, instance: PartnerApplication, submitting: bool, practices, initial=None):
        self.submitting = submitting
        self.form = ApplicationForm(data, instance=instance, submitting=submitting, practices=practices,
                                    initial=initial or {})
        existing = instance.members.count() if instance.pk else 0
        self.formset = member_formset_class(existing)(data, instance=instance, submitting=submitting,
                                                      prefix="members")

    def is_valid(self) -> bool:
        form_ok = self.form.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        self.formset.project_leader = (data.get("project_leader_name") or "", data.get("project_leader_email") or "")
        formset_ok = self.formset.is_valid()
        return form_ok and formset_ok

    @property
    def has_errors(self) -> bool:
        return self.form.is_bound and bool(self.form.errors or self.formset.total_error_count())

    @property
    def known_school(self) -> School | None:
        """The registered school the page names: the one with the typed BRIN, else the application's own."""
        form = self.form
        if form.is_bound and not form.errors.get("brin"):
            return form.known_school
        return form.instance.school if form.instance.school_id else None

    def as_data(self) -> dict[str, list[str]]:
        """What the unbound forms show (a draft as it is saved), as the POST data that would show the same."""
        data: dict[str, list[str]] = {}
        for form in (self.form, self.formset.management_form, *self.formset.forms):
            for bound in form:
                value = bound.value()
                if isinstance(bound.field.widget, forms.CheckboxInput):
                    if value:
                        data[bound.html_name] = ["on"]
                    continue
                values = value if isinstance(value, list | tuple) else [value]
                values = [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]
                if values:
                    data[bound.html_name] = values
        return data

    def as_new_data(self) -> dict[str, list[str]]:
        """:meth:`as_data` of a saved application as the data of a new one (a school applying again after it
        withdrew): the working-group rows without the ids of the old rows, and the commitments left for the school
        to make again."""
        prefix = self.formset.prefix
        data = {key: values for key, values in self.as_data().items() if key not in COMMITMENTS and not (
            key.startswith(f"{prefix}-") and key.rsplit("-", 1)[-1] in ("id", "application", "DELETE"))}
        data[f"{prefix}-INITIAL_FORMS"] = ["0"]
        return data

    def error_summary(self) -> list[dict]:
        """Every error once, in page order (school and leaders, working group, the rest), each with the id of its
        field so the summary at the top can link to it."""
        items = [{"anchor": "", "text": str(error)} for error in self.form.non_field_errors()]

        def add(bounds, prefix=""):
            for bound in bounds:
                for error in bound.errors:
                    # a label that is a sentence (the commitments) loses its full stop before the colon
                    label = str(bound.label).rstrip(".")
                    items.append({"anchor": bound.id_for_label or f"{bound.auto_id}_0",
                                  "text": f"{prefix}{label}: {error}"})

        fields = list(self.form)
        split = next(i for i, bound in enumerate(fields) if bound.name == "school_leader_email") + 1
        add(fields[:split])
        for error in self.formset.non_form_errors():
            items.append({"anchor": "werkgroep", "text": _("Werkgroep: %(error)s") % {"error": error}})
        for number, member_form in enumerate(self.formset.forms, start=1):
            prefix = _("Werkgroeplid %(n)s – ") % {"n": number}
            for error in member_form.errors.get("id", []):  # the row's hidden id: linked to its name
                items.append({"anchor": member_form["name"].id_for_label, "text": f"{prefix}{error}"})
            add([b for b in member_form if b.name not in ("id", "DELETE")], prefix=prefix)
        add(fields[split:])
        return items


class StaffReasonForm(forms.Form):
    """The intermediate admin page: why does the status change? The school sees this text."""

    reason = forms.CharField(label=_("Toelichting (de school ziet deze tekst)"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))
