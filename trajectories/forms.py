from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from lobmatch.validators import validate_quarter_hours

from .models import Meeting


class ScheduleForm(forms.Form):
    start = forms.DateTimeField(label=_("Datum en begintijd"),
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    duration_minutes = forms.IntegerField(label=_("Duur (minuten)"), min_value=15, max_value=600, initial=240)
    location = forms.CharField(label=_("Locatie"), max_length=200, required=False)


PRESENCE = [("", _("onbekend")), ("yes", _("ja")), ("no", _("nee"))]


def _presence(value):
    return {"yes": True, "no": False}.get(value)


class MeetingLogForm(forms.Form):
    status = forms.ChoiceField(label=_("Is de bijeenkomst gehouden?"),
                               choices=[(Meeting.Status.HELD, _("gehouden")), (Meeting.Status.CANCELLED, _("geannuleerd"))],
                               widget=forms.RadioSelect, initial=Meeting.Status.HELD)
    school_leader_present = forms.ChoiceField(label=_("Schoolleider aanwezig"), choices=PRESENCE, required=False)
    ambassador_present = forms.ChoiceField(label=_("Ambassadeur aanwezig"), choices=PRESENCE, required=False)
    progress = forms.TypedChoiceField(label=_("Voortgangsmeter (1 = net begonnen, 5 = staat in de school)"),
                                      choices=[("", "—")] + [(str(i), str(i)) for i in range(1, 6)], coerce=int,
                                      empty_value=None, required=False)
    notes = forms.CharField(label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    agreed_actions = forms.CharField(label=_("Afspraken"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    correction_reason = forms.CharField(label=_("Reden van de correctie"), required=False, max_length=500)

    def __init__(self, *args, members=(), meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            self.fields[f"hours_{member.pk}"] = forms.DecimalField(
                label=_("Uren aanwezig: %(name)s") % {"name": member.name}, min_value=Decimal("0"),
                max_value=Decimal("12"), decimal_places=2, required=False, initial=Decimal("0"),
                validators=[validate_quarter_hours], localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "hours-input"}),
            )
        if meeting is not None and not self.is_bound:
            self.initial.update({
                "status": meeting.status if meeting.status != Meeting.Status.PLANNED else Meeting.Status.HELD,
                "school_leader_present": {True: "yes", False: "no"}.get(meeting.school_leader_present, ""),
                "ambassador_present": {True: "yes", False: "no"}.get(meeting.ambassador_present, ""),
                "progress": meeting.progress, "notes": meeting.notes, "agreed_actions": meeting.agreed_actions,
            })
            for a in meeting.attendances.all():
                self.initial[f"hours_{a.member_id}"] = a.hours_present

    def hour_fields(self):
        return [self[f"hours_{m.pk}"] for m in self.members]

    def entry(self):
        from .services.meetings import LogEntry

        data = self.cleaned_data
        return LogEntry(
            status=data["status"],
            attendance={m.pk: data.get(f"hours_{m.pk}") or Decimal("0") for m in self.members},
            school_leader_present=_presence(data.get("school_leader_present")),
            ambassador_present=_presence(data.get("ambassador_present")),
            notes=data.get("notes", ""), agreed_actions=data.get("agreed_actions", ""), progress=data.get("progress"),
        )


class ClaimSubmitForm(forms.Form):
    iban = forms.CharField(label=_("IBAN"), max_length=42, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    account_holder = forms.CharField(label=_("Tenaamstelling"), max_length=140)

    def clean_iban(self):
        from .services.claims import ClaimError, validate_iban

        try:
            validate_iban(self.cleaned_data["iban"])
        except ClaimError as exc:
            raise forms.ValidationError(str(exc))
        return self.cleaned_data["iban"]


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Toelichting (verplicht bij afwijzen)"), required=False, max_length=1000)


class PulseForm(forms.Form):
    SCALE = [(str(i), str(i)) for i in range(1, 6)]
    useful = forms.TypedChoiceField(label=_("Hoe nuttig was deze bijeenkomst? (1–5)"), choices=SCALE, coerce=int,
                                    widget=forms.RadioSelect)
    progress = forms.TypedChoiceField(label=_("Hoeveel verder is onze school met LOB? (1–5)"), choices=SCALE,
                                      coerce=int, widget=forms.RadioSelect)
    support = forms.TypedChoiceField(label=_("Hoe goed voelde u zich begeleid? (1–5)"), choices=SCALE, coerce=int,
                                     widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Opmerking (anoniem, optioneel)"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False, max_length=2000)
