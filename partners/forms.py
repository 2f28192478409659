"""The application form. Drafts accept anything well-formed; submitting demands everything (see clean())."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from ambassadors.models import GoodPractice
from lobmatch.models import Province, School, SchoolType
from lobmatch.validators import normalize_brin

from .models import MAX_WORKING_GROUP, MIN_WORKING_GROUP, PartnerApplication, WorkingGroupMember

REQUIRED_ON_SUBMIT = [
    "project_leader_name", "project_leader_email", "school_leader_name", "school_leader_email",
    "lob_situation", "ambition", "motivation",
]
COMMITMENTS = ["commit_project_leader", "commit_working_group", "commit_school_leader", "consent_publicity",
               "consent_privacy"]


class PracticeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.ambassador.school.name}, {obj.ambassador.school.city})"


class ApplicationForm(forms.ModelForm):
    brin = forms.CharField(label=_("BRIN-code (met vestigingscode)"), max_length=12, required=False,
                           help_text=_("Bijvoorbeeld 12AB of 12AB01. Bekende scholen vullen wij voor u aan."))
    school_name = forms.CharField(label=_("Naam van de school"), max_length=200, required=False)
    school_city = forms.CharField(label=_("Plaats"), max_length=100, required=False)
    school_province = forms.ChoiceField(label=_("Provincie"), choices=[("", "—"), *Province.choices], required=False)
    school_types = forms.ModelMultipleChoiceField(label=_("Schoolsoorten"), queryset=SchoolType.objects.all(),
                                                  required=False, widget=forms.CheckboxSelectMultiple)
    choice_1 = PracticeChoiceField(label=_("Eerste keuze"), queryset=GoodPractice.objects.none(), required=False)
    choice_2 = PracticeChoiceField(label=_("Tweede keuze (optioneel)"), queryset=GoodPractice.objects.none(),
                                   required=False)
    choice_3 = PracticeChoiceField(label=_("Derde keuze (optioneel)"), queryset=GoodPractice.objects.none(),
                                   required=False)

    class Meta:
        model = PartnerApplication
        fields = [
            "project_leader_name", "project_leader_email", "project_leader_phone", "project_leader_position",
            "school_leader_name", "school_leader_email", "lob_situation", "ambition", "motivation",
            "availability_kickoff", "availability_sessions", *COMMITMENTS,
        ]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in
                   ["lob_situation", "ambition", "motivation", "availability_kickoff", "availability_sessions"]}

    def __init__(self, *args, submitting: bool = False, practices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        qs = practices if practices is not None else GoodPractice.objects.none()
        for name in ("choice_1", "choice_2", "choice_3"):
            self.fields[name].queryset = qs
            self.fields[name].empty_label = _("— kies een good practice —")
        app = self.instance
        if app.pk and not self.is_bound:
            if app.school_id:
                school = app.school
                self.initial.update(brin=school.code, school_name=school.name, school_city=school.city,
                                    school_province=school.province,
                                    school_types=list(school.school_types.values_list("pk", flat=True)))
            for pref in app.preferences.all():
                self.initial[f"choice_{pref.rank}"] = pref.practice_id

    def clean_brin(self):
        value = self.cleaned_data.get("brin", "").strip()
        return normalize_brin(value) if value else ""

    def clean(self):
        data = super().clean()
        choices = [data.get(f"choice_{i}") for i in (1, 2, 3)]
        seen = set()
        for i, practice in enumerate(choices, start=1):
            if practice is not None:
                if practice.pk in seen:
                    self.add_error(f"choice_{i}", _("U heeft deze good practice al eerder gekozen. Kies drie "
                                                   "verschillende good practices."))
                seen.add(practice.pk)
        if choices[1] and not choices[0]:
            self.add_error("choice_1", _("Vul eerst de eerste keuze in."))
        if choices[2] and not choices[1]:
            self.add_error("choice_2", _("Vul eerst de tweede keuze in."))
        if self.submitting:
            for name in REQUIRED_ON_SUBMIT:
                if not data.get(name):
                    self.add_error(name, _("Dit veld is nodig om de aanmelding in te dienen."))
            for name in COMMITMENTS:
                if not data.get(name):
                    self.add_error(name, _("Vink dit aan om de aanmelding in te dienen."))
            if not choices[0]:
                self.add_error("choice_1", _("Kies ten minste één good practice."))
            if not data.get("brin"):
                self.add_error("brin", _("Vul de BRIN-code van uw school in."))
            elif not School.objects.filter(brin=data["brin"][:4], location_code=data["brin"][4:]).exists():
                for name, label in (("school_name", _("de naam")), ("school_city", _("de plaats")),
                                    ("school_province", _("de provincie"))):
                    if not data.get(name):
                        self.add_error(name, _("Deze school kennen wij nog niet: vul %(what)s in.") % {"what": label})
        return data

    @property
    def preferences(self):
        return [self.cleaned_data.get(f"choice_{i}") for i in (1, 2, 3) if self.cleaned_data.get(f"choice_{i}")]


class WorkingGroupFormSet(BaseInlineFormSet):
    def __init__(self, *args, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting

    def clean(self):
        super().clean()
        members = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
                   and f.cleaned_data.get("name")]
        leaders = [f for f in members if f.cleaned_data.get("is_project_leader")]
        if len(leaders) > 1:
            raise ValidationError(_("Markeer precies één werkgroeplid als projectleider."))
        if self.submitting:
            if not MIN_WORKING_GROUP <= len(members) <= MAX_WORKING_GROUP:
                raise ValidationError(
                    _("De werkgroep telt %(min)s tot %(max)s personen (u vulde er %(n)s in); ongeveer vijf is ideaal.")
                    % {"min": MIN_WORKING_GROUP, "max": MAX_WORKING_GROUP, "n": len(members)}
                )
            if not leaders:
                raise ValidationError(_("De projectleider hoort bij de werkgroep: markeer wie de projectleider is."))
            for form in members:
                if not form.cleaned_data.get("email"):
                    form.add_error("email", _("Vul het e-mailadres in; de werkgroep krijgt de uitnodigingen."))


def member_formset_class(existing: int):
    """Room for a working group of about five: empty rows up to five, always one spare, at most eight."""
    extra = min(MAX_WORKING_GROUP - existing, max(1, 5 - existing))
    return inlineformset_factory(
        PartnerApplication, WorkingGroupMember, formset=WorkingGroupFormSet,
        fields=["name", "role", "email", "is_project_leader"], extra=max(0, extra), max_num=MAX_WORKING_GROUP,
        validate_max=True, can_delete=True,
    )
