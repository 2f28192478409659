"""Forms of the meetings and money areas. Every field has a real label; errors are Dutch and tied to the field."""

import contextlib
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _

from lobmatch.validators import validate_quarter_hours

from .models import Meeting
from .services.meetings import MAX_HOURS_PRESENT, held_refusal, too_many_hours_message

BIG = {"class": "form-control-lg"}


class LongTextField(forms.CharField):
    """A longer text (a report, a summary) in a textarea without maxlength: a browser cuts a pasted text off at
    maxlength unseen, so the limit is checked on saving, where the error says how long the text is and the whole
    text stays in the field (:class:`OneLineField` is one for a single line)."""

    default_error_messages = {"max_length": _("De tekst is te lang (hoogstens %(limit_value)d tekens, nu "
                                              "%(show_value)d).")}

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class ScheduleForm(forms.Form):
    start = forms.DateTimeField(label=_("Datum en begintijd"),
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"])
    duration_minutes = forms.IntegerField(label=_("Duur (minuten)"), min_value=15, max_value=600, initial=240)
    location = forms.CharField(label=_("Locatie"), max_length=200, required=False)

    @classmethod
    def carried(cls, data) -> dict:
        """The values another form brought along (``data``: the query of the poll form's "Plannen zonder peiling"),
        as initial values; one that does not read as this form's field is left out."""
        initial = {}
        for name, field in cls.base_fields.items():
            if value := (data.get(name) or "").strip():
                with contextlib.suppress(forms.ValidationError):
                    initial[name] = field.clean(value)
        return initial


PRESENCE = [("", _("niet vastgelegd")), ("yes", _("ja")), ("no", _("nee"))]


def _presence(value):
    return {"yes": True, "no": False}.get(value)


class HoursField(forms.DecimalField):
    """Hours typed on a phone: "3,75" and "3.75" both mean three and three quarters (never thousands)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
            if value.count(".") > 1:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def _quarter_hours_unless_negative(value):
    """The quarter-hour rule at the form, where a negative number already has the minimum's own message ("-1" got
    both, one of them wrong). The model and the service keep the strict rule."""
    if value is not None and value >= 0:
        validate_quarter_hours(value)


class MeetingLogForm(forms.Form):
    """The session log. Hours per working-group member in quarter hours (3,75 yes; 3,8 no)."""

    status = forms.ChoiceField(label=_("Is de bijeenkomst gehouden?"),
                               choices=[(Meeting.Status.HELD, _("gehouden")),
                                        (Meeting.Status.CANCELLED, _("geannuleerd"))],
                               widget=forms.RadioSelect,
                               error_messages={"required": _("Kies of de bijeenkomst is gehouden of geannuleerd.")})
    school_leader_present = forms.ChoiceField(label=_("Schoolleider aanwezig"), choices=PRESENCE, required=False,
                                              widget=forms.Select(attrs={"class": "form-select-lg"}))
    ambassador_present = forms.ChoiceField(label=_("Ambassadeur aanwezig"), choices=PRESENCE, required=False,
                                           widget=forms.Select(attrs={"class": "form-select-lg"}))
    progress = forms.TypedChoiceField(label=_("Voortgangsmeter (1 = net begonnen, 5 = staat in de school)"),
                                      choices=[("", "—")] + [(str(i), str(i)) for i in range(1, 6)], coerce=int,
                                      empty_value=None, required=False,
                                      widget=forms.Select(attrs={"class": "form-select-lg"}))
    notes = LongTextField(label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                          max_length=10000)
    agreed_actions = LongTextField(label=_("Afspraken"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                   max_length=5000)

    def __init__(self, *args, members=(), meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            self.fields[f"hours_{member.pk}"] = HoursField(
                label=_("Uren aanwezig: %(name)s") % {"name": member.name}, min_value=Decimal("0"),
                max_value=MAX_HOURS_PRESENT, max_digits=4, decimal_places=2, required=False, initial=Decimal("0"),
                validators=[_quarter_hours_unless_negative], localize=True,
                error_messages={"invalid": _("Vul een aantal uren in, bijvoorbeeld 3,75."),
                                "max_decimal_places": _("Vul uren in kwartieren in (bijvoorbeeld 3,75)."),
                                "max_value": too_many_hours_message(),
                                "min_value": _("Het aantal uren kan niet negatief zijn.")},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control-lg hours-input",
                                              "autocomplete": "off"}),
            )
        # Why "gehouden" cannot be chosen (yet): the page disables that choice and says why; the service refuses it.
        self.held_refusal = held_refusal(meeting) if meeting is not None else ""
        if meeting is not None and not self.is_bound:
            self.initial.update({
                # "gehouden" is never preselected: the adviser says so, for a meeting whose start has passed.
                "status": meeting.status if meeting.status != Meeting.Status.PLANNED else None,
                "school_leader_present": {True: "yes", False: "no"}.get(meeting.school_leader_present, ""),
                "ambassador_present": {True: "yes", False: "no"}.get(meeting.ambassador_present, ""),
                "progress": meeting.progress, "notes": meeting.notes, "agreed_actions": meeting.agreed_actions,
            })
            for a in meeting.attendances.all():
                self.initial[f"hours_{a.member_id}"] = a.hours_present

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Meeting.Status.HELD and self.held_refusal:
            raise forms.ValidationError(self.held_refusal, code="not_yet_held")
        return status

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


class CorrectionForm(MeetingLogForm):
    """Finance's correction of a locked log: the same fields plus a required reason."""

    correction_reason = forms.CharField(label=_("Reden van de correctie"), max_length=500,
                                        error_messages={"required": _("Geef een reden op voor de correctie.")})


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Resultaat van het traject"), widget=forms.RadioSelect,
                             choices=[("implemented", _("De good practice is geïmplementeerd")),
                                      ("plan", _("Er is een implementatieplan"))],
                             error_messages={"required": _("Kies wat het traject heeft opgeleverd.")})
    summary = LongTextField(label=_("Korte samenvatting"), widget=forms.Textarea(attrs={"rows": 4}),
                            max_length=3000,
                            error_messages={"required": _("Beschrijf in een paar zinnen wat het traject heeft "
                                                          "opgeleverd.")})
    plan = forms.FileField(label=_("Implementatieplan (PDF, DOCX, PPTX, XLSX, PNG of JPEG)"), required=False)

    def __init__(self, *args, has_plan=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_plan = has_plan

    def clean_plan(self):
        from lobmatch.uploads import sniff

        plan = self.cleaned_data.get("plan")
        if plan:
            sniff(plan)
        return plan

    def clean(self):
        data = super().clean()
        if data.get("kind") == "plan" and not data.get("plan") and not self.has_plan and "plan" not in self.errors:
            self.add_error("plan", _("Voeg het implementatieplan toe."))
        return data


class ClaimSubmitForm(forms.Form):
    iban = forms.CharField(label=_("IBAN"), max_length=42,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
                           error_messages={"required": _("Vul het IBAN in.")})
    account_holder = forms.CharField(label=_("Tenaamstelling"), max_length=140,
                                     error_messages={"required": _("Vul de tenaamstelling van de rekening in.")})
    # The amount the school confirmed (the service refuses when the logs give another by now).
    amount = forms.DecimalField(required=False, max_digits=10, decimal_places=2, widget=forms.HiddenInput)

    def clean_iban(self):
        from .services.claims import ClaimError, validate_iban

        try:
            validate_iban(self.cleaned_data["iban"])
        except ClaimError as exc:
            raise forms.ValidationError(str(exc), code="invalid_iban")
        return self.cleaned_data["iban"]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Goedkeuren")), ("reject", _("Afwijzen"))],
                                 error_messages={"required": _("Kies goedkeuren of afwijzen."),
                                                 "invalid_choice": _("Kies goedkeuren of afwijzen.")})
    reason = forms.CharField(label=_("Toelichting (verplicht bij afwijzen)"), required=False, max_length=1000)
    # The amount finance saw when it approved (the service refuses when the logs give another by now).
    amount = forms.DecimalField(required=False, max_digits=10, decimal_places=2, widget=forms.HiddenInput)


def parse_ids(text: str) -> list[int]:
    """Ids written as "3,17,42" (hidden fields, query parameters); anything else is no id."""
    return [int(pk) for pk in text.split(",") if pk.strip().isdigit()]


class BatchConfirmForm(forms.Form):
    """The confirmation of a previewed batch: the claims and total that were shown, and the claims kept out."""

    claim_ids = forms.CharField(widget=forms.HiddenInput, required=False)
    held_ids = forms.CharField(widget=forms.HiddenInput, required=False)
    total = forms.DecimalField(max_digits=14, decimal_places=2, widget=forms.HiddenInput)

    def _ids(self, name):
        text = self.cleaned_data[name]
        if any(pk and not pk.strip().isdigit() for pk in text.split(",")):
            raise forms.ValidationError(_("Het voorbeeld is niet meer geldig; bekijk het opnieuw."))
        return parse_ids(text)

    def clean_claim_ids(self):
        return self._ids("claim_ids")

    def clean_held_ids(self):
        return self._ids("held_ids")


class MarkPaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Datum waarop de bank het bestand heeft uitgevoerd"),
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                              input_formats=["%Y-%m-%d", "%d-%m-%Y"],
                              error_messages={"required": _("Vul de datum in waarop de bank het bestand heeft "
                                                            "uitgevoerd."),
                                              "invalid": _("Vul een geldige datum in, bijvoorbeeld 05-12-2026.")})


class OneLineField(LongTextField):
    """Text on one line, whitespace collapsed before its length is checked (as the service stores it); no maxlength
    either (:class:`LongTextField`)."""

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


class PaymentReturnForm(forms.Form):
    """Finance records a transfer the bank sent back; one form per claim row (prefix = the claim)."""

    reason = OneLineField(label=_("Reden van de terugboeking"), max_length=300,
                          error_messages={"required": _("Geef de reden van de terugboeking op, zoals de bank die "
                                                        "meldt.")})


class RepaymentForm(forms.Form):
    """Finance transferred a returned amount again by hand; one form per return (prefix = the return)."""

    paid_on = forms.DateField(label=_("Datum van de overboeking"),
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                              input_formats=["%Y-%m-%d", "%d-%m-%Y"],
                              error_messages={"required": _("Vul de datum van de nieuwe overboeking in."),
                                              "invalid": _("Vul een geldige datum in, bijvoorbeeld 05-12-2026.")})
    note = OneLineField(label=_("Kenmerk van de nieuwe overboeking"), max_length=300,
                           error_messages={"required": _("Geef het kenmerk van de nieuwe overboeking op."),
                                           "max_length": _("De tekst is te lang (hoogstens %(limit_value)d tekens, "
                                                           "nu %(show_value)d).")})
    iban = forms.CharField(widget=forms.HiddenInput, max_length=42)  # the account finance saw on the page


class PulseForm(forms.Form):
    SCALE = [(str(i), str(i)) for i in range(1, 6)]
    REQUIRED = {"required": _("Kies een cijfer van 1 tot 5.")}
    useful = forms.TypedChoiceField(label=_("Hoe nuttig was deze bijeenkomst? (1 = niet, 5 = zeer)"), choices=SCALE,
                                    coerce=int, widget=forms.RadioSelect, error_messages=REQUIRED)
    progress = forms.TypedChoiceField(label=_("Hoeveel verder is onze school met LOB? (1 = niets, 5 = veel)"),
                                      choices=SCALE, coerce=int, widget=forms.RadioSelect, error_messages=REQUIRED)
    support = forms.TypedChoiceField(label=_("Hoe goed voelde u zich begeleid? (1 = slecht, 5 = zeer goed)"),
                                     choices=SCALE, coerce=int, widget=forms.RadioSelect, error_messages=REQUIRED)
    comment = forms.CharField(label=_("Opmerking (optioneel; de adviseur leest haar zoals u haar schrijft, zonder "
                                      "uw naam)"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False, max_length=2000)


class PollForm(forms.Form):
    """2–6 slots for an availability poll (the service checks the count, the window and the past)."""

    duration_minutes = forms.IntegerField(label=_("Duur (minuten)"), min_value=15, max_value=600, initial=240)
    location = forms.CharField(label=_("Locatie"), max_length=200, required=False)

    def __init__(self, *args, slots: int = 6, bounds=(None, None), **kwargs):
        """``bounds``: the first and last start the service accepts (planning.slot_bounds), for the date pickers."""
        super().__init__(*args, **kwargs)
        limits = {attr: timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
                  for attr, moment in zip(("min", "max"), bounds, strict=True) if moment}
        for i in range(1, slots + 1):
            self.fields[f"slot_{i}"] = forms.DateTimeField(
                label=_("Tijdstip %(n)s") % {"n": i}, required=False,
                widget=forms.DateTimeInput(attrs={"type": "datetime-local", **limits}, format="%Y-%m-%dT%H:%M"),
                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"])
        # the times first: the page asks for them, and duration and location usually keep their defaults
        self.order_fields([f"slot_{i}" for i in range(1, slots + 1)])

    def starts(self):
        return [value for name, value in self.cleaned_data.items() if name.startswith("slot_") and value]

    def typed_for_schedule(self) -> dict[str, str]:
        """What "Plannen zonder peiling" takes to the direct form, as typed (that form reads it): the first slot
        filled in, the duration and the location."""
        starts = [(self.data.get(name) or "").strip() for name in self.fields if name.startswith("slot_")]
        typed = {"start": next((start for start in starts if start), ""),
                 "duration_minutes": (self.data.get("duration_minutes") or "").strip(),
                 "location": (self.data.get("location") or "").strip()}
        return {name: value for name, value in typed.items() if value}

    def slots(self) -> list[tuple[str, object]]:
        """(field name, start) of every slot filled in."""
        return [(name, value) for name, value in self.cleaned_data.items() if name.startswith("slot_") and value]

    def warn(self, name: str, warnings: list[str]) -> None:
        """Say ``warnings`` under the field ``name`` (its help text, which the input is described by)."""
        if warnings:
            # Escaped here: a warning names another school, as its applicant typed it, and crispy writes help
            # texts as they are.
            text = conditional_escape(_("Let op: %(warnings)s") % {"warnings": " ".join(warnings)})
            self.fields[name].help_text = self[name].help_text = text  # (the bound field took its copy when cleaned)

    def slot_field(self, start) -> str | None:
        """The field that holds ``start`` (None when none does: the error then goes above the form)."""
        return next((name for name, value in self.cleaned_data.items() if name.startswith("slot_") and value == start),
                    None)


class PollAnswerForm(forms.Form):
    """Yes / if need be / no per slot of the poll."""

    def __init__(self, *args, slots, duration_minutes: int, initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        import datetime as dt

        from django.utils import timezone
        from django.utils.formats import date_format

        from .models import PollAnswer

        self.slots = list(slots)
        for slot in self.slots:
            start = timezone.localtime(slot.start)
            end = start + dt.timedelta(minutes=duration_minutes)  # as the mail gives it: from – to
            self.fields[f"slot_{slot.pk}"] = forms.ChoiceField(
                label=f"{date_format(start, 'l j F Y, H:i')}–{date_format(end, 'H:i')}",
                choices=PollAnswer.Choice.choices, widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=(initial_answers or {}).get(slot.pk),
                error_messages={"required": _("Geef aan of u op dit tijdstip kunt.")})

    def choices(self) -> dict[int, str]:
        return {slot.pk: self.cleaned_data[f"slot_{slot.pk}"] for slot in self.slots}
