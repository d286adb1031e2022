from django import forms
from django.utils.translation import gettext_lazy as _

from hulpverlening import toestemmingsteksten as teksten
from hulpverlening.forms import AccessibleFormMixin

from .models import Rechtenverkenning, Rechtenvraag, Toeleiding


class ToeleidingForm(AccessibleFormMixin, forms.Form):
    reden = forms.ChoiceField(label=_("Waarom?"), choices=Toeleiding.Reden.choices)
    toestemming = forms.BooleanField(
        label=_("De persoon gaat akkoord met de tekst hierboven."),
        error_messages={"required": _("Zonder akkoord sturen we niets door.")},
    )
    toestemming_tekst = teksten.TOELEIDING_TEKST

    def __init__(self, *args, vragen: list[Rechtenvraag], **kwargs):
        super().__init__(*args, **kwargs)
        self.vragen = vragen
        for vraag in vragen:
            self.fields[f"recht_{vraag.recht}"] = forms.ChoiceField(
                label=vraag.vraag,
                required=False,
                choices=Rechtenverkenning.Antwoord.choices,
                widget=forms.RadioSelect,
            )

    def antwoorden(self) -> dict[str, str]:
        return {
            vraag.recht: self.cleaned_data[f"recht_{vraag.recht}"]
            for vraag in self.vragen
            if self.cleaned_data.get(f"recht_{vraag.recht}")
        }

    def vraagvelden(self):
        return [self[f"recht_{vraag.recht}"] for vraag in self.vragen]


class UitkomstForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Wat gebeurde er?"),
        choices=[
            (waarde, label)
            for waarde, label in Toeleiding.Status.choices
            if waarde != Toeleiding.Status.AANGEBODEN
        ],
    )
