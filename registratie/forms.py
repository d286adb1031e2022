from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from hulpverlening import toestemmingsteksten as teksten
from hulpverlening import validators
from hulpverlening.forms import AccessibleFormMixin, GezinForm, PersoonForm
from hulpverlening.models import Hulpvorm, Persoon

from .models import Afhaalregels, Hulpvormregels

_GEZIN = GezinForm.base_fields
_PERSOON = PersoonForm.base_fields


class ZelfmelderForm(AccessibleFormMixin, forms.Form):
    """The walk-in intake: the fields and rules of the household and person forms, and the desk's.

    The household's and person's fields are those of GezinForm and PersoonForm
    (their validators come from the model); `clean` lets GezinForm judge the
    household as a whole, so a rule such as "at least one adult or teenager"
    is the same here as for the caseworker and the import.
    """

    voornaam = _PERSOON["voornaam"]
    achternaam = _PERSOON["achternaam"]
    geboortejaar = _PERSOON["geboortejaar"]
    volwassenen = _GEZIN["volwassenen"]
    kinderen_0_2 = _GEZIN["kinderen_0_2"]
    kinderen_3_11 = _GEZIN["kinderen_3_11"]
    kinderen_12_17 = _GEZIN["kinderen_12_17"]
    postcode = _GEZIN["postcode"]
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
        for name in GezinForm.GROEPEN:
            self.fields[name].widget.attrs.update(
                {"inputmode": "numeric", "min": 0, "max": validators.MAX_PER_LEEFTIJDSGROEP}
            )
        # Short labels: four fields side by side on a phone.
        for name, label in zip(
            GezinForm.GROEPEN,
            (_("Volwassenen"), _("Kinderen 0–2"), _("Kinderen 3–11"), _("Kinderen 12–17")),
            strict=True,
        ):
            self.fields[name].label = label
        # At the desk a household always has a postcode: the initiative's area depends on it.
        self.fields["postcode"].required = True
        self.fields["postcode"].widget.attrs.update({"inputmode": "numeric"})

    def clean_postcode(self) -> str:
        return self.cleaned_data["postcode"].strip()

    def clean(self):
        cleaned = super().clean()
        # The model's validators and constraints run in a ModelForm only: let the two
        # judge what was typed, and take over what they find that this form did not.
        delen = (
            GezinForm({veld: self.data.get(veld, "") for veld in GezinForm.Meta.fields}),
            PersoonForm(
                {veld: self.data.get(veld, "") for veld in PersoonForm.Meta.fields}
                | {"relatie": Persoon.Relatie.REFERENTIEPERSOON}
            ),
        )
        for deel in delen:
            for veld, fouten in deel.errors.items():
                if veld == NON_FIELD_ERRORS:
                    for fout in fouten:
                        self.add_error(None, fout)
                elif veld not in self.errors:
                    self.add_error(veld, fouten)
        return cleaned


class OverrideForm(forms.Form):
    override_reden = forms.CharField(max_length=200, required=False)


class _PostcodesMixin:
    def clean_postcodes(self) -> str:
        postcodes = [p.strip() for p in self.cleaned_data["postcodes"].split(",") if p.strip()]
        fout = [p for p in postcodes if not validators.is_postcode(p)]
        if fout:
            raise ValidationError(
                _("Geen Belgische postcode: %(postcodes)s."), params={"postcodes": ", ".join(fout)}
            )
        return ", ".join(postcodes)


class AfhaalregelsForm(_PostcodesMixin, AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Afhaalregels
        fields = ["vereist_doorverwijzing", "zelfmelder_bezoeken", "max_per_week", "postcodes"]

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


class HulpvormregelsForm(_PostcodesMixin, AccessibleFormMixin, forms.ModelForm):
    """The rules of one aid (issue 13.2), on the rules page, one form per aid (a prefix)."""

    class Meta:
        model = Hulpvormregels
        fields = [
            "vereist_doorverwijzing",
            "zelfmelder_bezoeken",
            "max_per_periode",
            "periode",
            "voorwaarde",
            "postcodes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.hulpvorm.soort == Hulpvorm.Soort.MAALTIJD:
            # A restaurant serves whoever comes: the right decides only the tariff.
            del self.fields["vereist_doorverwijzing"], self.fields["zelfmelder_bezoeken"]

    def clean_max_per_periode(self) -> int:
        waarde = self.cleaned_data["max_per_periode"]
        if waarde > 31:
            raise ValidationError(_("Hoogstens 31 keer per periode."))
        return waarde

    def clean_zelfmelder_bezoeken(self) -> int:
        waarde = self.cleaned_data["zelfmelder_bezoeken"]
        if waarde > 52:
            raise ValidationError(_("Hoogstens 52 bezoeken."))
        return waarde


class MomentHulpvormenForm(AccessibleFormMixin, forms.Form):
    """Which of the organisation's aids are handed out at one moment (none ticked: all)."""

    def __init__(self, *args, hulpvormen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hulpvormen"] = HulpvormKeuze(
            label=_("Wat geeft u op dit moment?"),
            queryset=hulpvormen,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text=_("Niets aangevinkt: alles wat uw organisatie geeft."),
        )


class HulpvormKeuze(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # An id beyond 64 bits names no row (and SQLite raises on it): not a choice.
        for pk in value:
            tekst = str(pk)
            if not (tekst.isascii() and tekst.isdigit()) or int(tekst) >= 2**63:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": tekst[:20]},
                )
        return super()._check_values(value)

    def label_from_instance(self, obj: Hulpvorm) -> str:
        return f"{obj.naam} · {obj.get_soort_display()}"


class HulpvormenForm(AccessibleFormMixin, forms.Form):
    """Which aids the organisation gives: referrals for another aid are refused."""

    hulpvormen = HulpvormKeuze(
        label=_("Wat geeft uw organisatie?"),
        queryset=Hulpvorm.objects.filter(actief=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één hulpvorm.")},
        help_text=_("Een doorverwijzing voor iets anders wordt geweigerd."),
    )
