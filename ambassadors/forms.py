import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lobmatch.models import Province, SchoolType, Theme
from lobmatch.uploads import ALLOWED_LABEL, sniff

from .models import GoodPractice


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("bijv. loopbaandossier")}))
    theme = forms.MultipleChoiceField(label=_("LOB-thema"), required=False, widget=forms.CheckboxSelectMultiple)
    type = forms.MultipleChoiceField(label=_("Schoolsoort"), required=False, widget=forms.CheckboxSelectMultiple)
    province = forms.MultipleChoiceField(label=_("Provincie"), required=False, choices=Province.choices,
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, themes=None, types=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [(t.slug, t.label) for t in (themes or Theme.objects.all())]
        self.fields["type"].choices = [(t.code, t.label) for t in (types or SchoolType.objects.all())]


class GoodPracticeForm(forms.ModelForm):
    # When the page was loaded: a save over a change someone else made since is refused once (ambassadors.services)
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_at"].initial = self.instance.updated_at.isoformat()

    def clean_loaded_at(self):
        try:
            return dt.datetime.fromisoformat(self.cleaned_data["loaded_at"])
        except (TypeError, ValueError):
            return None

    def seen(self, moment: dt.datetime) -> None:
        """The form, shown again after a refused save, now knows the practice as of ``moment``: saving it again
        is a deliberate choice to keep one's own text."""
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_at")] = moment.isoformat()

    class Meta:
        model = GoodPractice
        fields = ["title", "region", "summary", "description", "principles", "tips", "contact_name",
                  "contact_email", "themes", "school_types"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "principles": forms.Textarea(attrs={"rows": 5}),
            "tips": forms.Textarea(attrs={"rows": 5}),
            "themes": forms.CheckboxSelectMultiple,
            "school_types": forms.CheckboxSelectMultiple,
        }


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, required=False,
                            help_text=_("Leeg gelaten: de naam van het bestand."))
    file = forms.FileField(label=_("Bestand"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(types)s, hoogstens %(max)s MB.") % {
            "types": ALLOWED_LABEL, "max": settings.LOBMATCH_MAX_UPLOAD_BYTES // 1_048_576}

    def clean_file(self):
        """Refuse a wrong type or size next to the field (the service checks again before storing)."""
        upload = self.cleaned_data["file"]
        sniff(upload)
        return upload
