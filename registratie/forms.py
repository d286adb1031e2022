from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from hulpverlening import toestemmingsteksten as teksten
from hulpverlening.forms import AccessibleFormMixin

from .models import Afhaalregels


class ZelfmelderForm(AccessibleFormMixin, forms.Form):
    voornaam = forms.CharField(label=_("Voornaam"), max_length=60)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=80)
    geboortejaar = forms.IntegerField(
        label=_("Geboortejaar"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    volwassenen = forms.IntegerField(
        label=_("Volwassenen"), min_value=1, initial=1, validators=[MaxValueValidator(20)]
    )
    kinderen_0_2 = forms.IntegerField(
        label=_("Kinderen 0–2"), min_value=0, initial=0, validators=[MaxValueValidator(20)]
    )
    kinderen_3_11 = forms.IntegerField(
        label=_("Kinderen 3–11"), min_value=0, initial=0, validators=[MaxValueValidator(20)]
    )
    kinderen_12_17 = forms.IntegerField(
        label=_("Kinderen 12–17"), min_value=0, initial=0, validators=[MaxValueValidator(20)]
    )
    postcode = forms.CharField(
        label=_("Postcode"), max_length=4, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    kaart = forms.CharField(
        label=_("Voorgedrukte kaart"),
        required=False,
        max_length=200,
        help_text=_("Scan of typ de code van de kaart die u meegeeft."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    toestemming = forms.BooleanField(
        label=_("De persoon gaat akkoord met de tekst hierboven."),
        error_messages={"required": _("Zonder akkoord kunnen we de persoon niet registreren.")},
    )
    toeleiding = forms.BooleanField(
        label=_("De persoon wil dat de Sociale Dienst contact opneemt."), required=False
    )
    toch_nieuw = forms.BooleanField(required=False, widget=forms.HiddenInput)

    toestemming_tekst = teksten.ZELFMELDER_TEKST
    toeleiding_tekst = teksten.TOELEIDING_TEKST

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["volwassenen", "kinderen_0_2", "kinderen_3_11", "kinderen_12_17"]:
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "max": 20})

    def clean_geboortejaar(self) -> int:
        jaar = self.cleaned_data["geboortejaar"]
        if not 1900 <= jaar <= date.today().year:
            raise ValidationError(_("Geef een geboortejaar tussen 1900 en nu, bv. 1984."))
        return jaar

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip()
        if (
            len(postcode) != 4
            or not (postcode.isascii() and postcode.isdigit())
            or postcode[0] == "0"
        ):
            raise ValidationError(_("Een Belgische postcode heeft 4 cijfers, bv. 9000."))
        return postcode


class OverrideForm(forms.Form):
    override_reden = forms.CharField(max_length=200, required=False)


class AfhaalregelsForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Afhaalregels
        fields = ["vereist_doorverwijzing", "zelfmelder_bezoeken", "max_per_week", "postcodes"]

    def clean_postcodes(self) -> str:
        postcodes = [p.strip() for p in self.cleaned_data["postcodes"].split(",") if p.strip()]
        fout = [
            p for p in postcodes if len(p) != 4 or not (p.isascii() and p.isdigit()) or p[0] == "0"
        ]
        if fout:
            raise ValidationError(
                _("Geen Belgische postcode: %(postcodes)s."), params={"postcodes": ", ".join(fout)}
            )
        return ", ".join(postcodes)

    def clean_max_per_week(self) -> int:
        waarde = self.cleaned_data["max_per_week"]
        if not 1 <= waarde <= 7:
            raise ValidationError(_("Kies tussen 1 en 7 afhalingen per week."))
        return waarde

    def clean_zelfmelder_bezoeken(self) -> int:
        waarde = self.cleaned_data["zelfmelder_bezoeken"]
        if waarde > 52:
            raise ValidationError(_("Hoogstens 52 bezoeken."))
        return waarde
