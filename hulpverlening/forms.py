from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import kaartcodes, validators
from .models import Gezin, Kaart, Organisatie, Persoon


class AccessibleFormMixin:
    """Marks invalid fields with aria-invalid so screen readers announce them."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


class GezinForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Gezin
        fields = ["volwassenen", "kinderen_0_2", "kinderen_3_11", "kinderen_12_17", "postcode"]
        widgets = {
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    # Field rules and the household's constraints come from the model (validators.py).
    GROEPEN = ("volwassenen", "kinderen_0_2", "kinderen_3_11", "kinderen_12_17")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.GROEPEN:
            self.fields[name].widget.attrs.update(
                {"min": 0, "max": validators.MAX_PER_LEEFTIJDSGROEP, "inputmode": "numeric"}
            )

    def clean_postcode(self) -> str:
        # Spaces around a typed postcode are no mistake; the model's validator runs after.
        return self.cleaned_data["postcode"].strip()


class PersoonForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Persoon
        fields = ["voornaam", "achternaam", "geboortejaar", "relatie"]
        widgets = {"geboortejaar": forms.NumberInput(attrs={"inputmode": "numeric"})}


MAX_PERSONEN = 20


class _EenReferentiepersoon:
    """The persons of one household: exactly one reference person, and no more named
    persons than the composition counts (a birth or a new partner is counted too)."""

    @property
    def blijvende(self) -> list[dict]:
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        referentie = [
            p for p in self.blijvende if p.get("relatie") == Persoon.Relatie.REFERENTIEPERSOON
        ]
        if len(referentie) != 1:
            raise ValidationError(_("Duid precies één referentiepersoon aan."))


class BasePersoonFormSet(_EenReferentiepersoon, forms.BaseFormSet):
    pass


class BasePersoonWijzigFormSet(_EenReferentiepersoon, forms.BaseModelFormSet):
    pass


PersoonFormSet = forms.formset_factory(
    PersoonForm,
    formset=BasePersoonFormSet,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=MAX_PERSONEN,
    absolute_max=MAX_PERSONEN,
)

PersoonWijzigFormSet = forms.modelformset_factory(
    Persoon,
    form=PersoonForm,
    formset=BasePersoonWijzigFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_PERSONEN,
    absolute_max=MAX_PERSONEN,
)


def met_extra_persoon(data, prefix: str = "persoon"):
    """The POST again with one empty person more: "Nog een gezinslid" adds a row and keeps
    everything typed, without JavaScript."""
    data = data.copy()
    totaal = f"{prefix}-TOTAL_FORMS"
    try:
        aantal = int(data.get(totaal, 0))
    except ValueError:
        aantal = 0
    data[totaal] = str(min(aantal + 1, MAX_PERSONEN))
    return data


def samenstelling_nakijken(gezin: "GezinForm", personen) -> bool:
    """A named person the composition does not count (a newborn added, the counts left
    alone) would make the figures say fewer people than the file names."""
    if not (gezin.is_valid() and personen.is_valid()):
        return False
    genoemd = len(personen.blijvende)
    geteld = sum(gezin.cleaned_data[groep] or 0 for groep in GezinForm.GROEPEN)
    if genoemd > geteld:
        gezin.add_error(
            None,
            _(
                "U noemt %(genoemd)d personen, maar de samenstelling telt er %(geteld)d. "
                "Tel elke persoon mee in de samenstelling."
            )
            % {"genoemd": genoemd, "geteld": geteld},
        )
        return False
    return True


class KaartcodeField(forms.CharField):
    """A typed card code, normalised; mistakes come back as a Dutch sentence."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Kaartcode"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return kaartcodes.normalise_code(value)
        except kaartcodes.OngeldigeKaartcode as fout:
            raise ValidationError(str(fout)) from None


class KaartKoppelenForm(AccessibleFormMixin, forms.Form):
    code = KaartcodeField(help_text=_("De code onder de QR-code, bv. K7QM-4XPR-T."))


class KaartIntrekkenForm(AccessibleFormMixin, forms.Form):
    reden = forms.ChoiceField(
        label=_("Waarom intrekken?"),
        choices=[("", "—")]
        + [
            (value, label)
            for value, label in Kaart.Intrekkingsreden.choices
            if value
            not in (Kaart.Intrekkingsreden.VERVANGEN, Kaart.Intrekkingsreden.GEPSEUDONIMISEERD)
        ],
    )


class KaartbatchForm(AccessibleFormMixin, forms.Form):
    aantal = forms.IntegerField(
        label=_("Hoeveel kaarten?"),
        min_value=1,
        max_value=500,
        initial=10,
        help_text=_("Tien kaarten passen op één A4-blad."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ContactForm(AccessibleFormMixin, forms.ModelForm):
    """What a referral letter gives people to call or visit."""

    class Meta:
        model = Organisatie
        fields = ["telefoon", "adres"]
        widgets = {
            "telefoon": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "adres": forms.TextInput(attrs={"autocomplete": "off"}),
        }
