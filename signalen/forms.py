import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from hulpverlening.forms import AccessibleFormMixin
from hulpverlening.models import Gemeente

from . import gebieden, persoonsgegevens
from .models import OMSCHRIJVING_MAX, TEKST_MAX, Melding, Signaal, Thema

THEMA_FOUTEN = {
    "required": "Kies minstens één thema.",
    "invalid_choice": "“%(value)s” is geen thema van uw gemeente. Kies uit de lijst.",
    "invalid_list": "Kies thema's uit de lijst.",
}


def _te_lang(max_lengte: int) -> str:
    return f"Houd het kort: hoogstens {max_lengte} tekens (u typte er %(show_value)d)."


def vingerafdruk(tekst: str) -> str:
    """Recognises a text submitted again unchanged after it was refused."""
    return hashlib.sha256(tekst.strip().encode()).hexdigest()[:16]


class ThemaKeuze(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", THEMA_FOUTEN)
        super().__init__(**kwargs)


class MeldingForm(AccessibleFormMixin, forms.Form):
    themas = ThemaKeuze(label="Thema's", help_text="Eén of meer.")
    tekst = forms.CharField(
        label="Wat ziet u?",
        max_length=TEKST_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Beschrijf het probleem, niet de persoon: geen namen, adressen of nummers.",
        error_messages={
            "required": "Beschrijf kort wat u ziet.",
            "max_length": _te_lang(TEKST_MAX),
        },
    )
    omvang = forms.ChoiceField(
        label="Over hoeveel mensen gaat het?",
        choices=Melding.Omvang.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies hoeveel mensen het ongeveer zijn."},
    )
    frequentie = forms.ChoiceField(
        label="Hoe vaak ziet u dit?",
        choices=Melding.Frequentie.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies hoe vaak u dit ziet."},
    )
    gebied = forms.CharField(
        label="Waar? Wijk of postcode",
        max_length=60,
        widget=forms.TextInput(attrs={"list": "gebieden", "autocomplete": "off"}),
        error_messages={
            "required": "Vul een wijk of postcode in, bv. Rabot of 9000.",
            "max_length": _te_lang(60),
        },
    )
    met_organisatie = forms.BooleanField(label="Vermeld mijn organisatie", required=False)
    bron = forms.ChoiceField(choices=Melding.Bron.choices, required=False, widget=forms.HiddenInput)
    geweigerd = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)

    def __init__(self, *args, gemeente: Gemeente, themas: list[Thema], **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeente = gemeente
        self.thema_objecten = {t.slug: t for t in themas}
        self.fields["themas"].choices = [(t.slug, t.naam) for t in themas]
        self.vondsten: list[persoonsgegevens.Vondst] = []
        self.aangedrongen = False

    def clean_gebied(self) -> tuple[str, str]:
        postcode, wijk = gebieden.ontleed(self.gemeente, self.cleaned_data["gebied"])
        if not postcode and not wijk:
            raise ValidationError("Vul een wijk of postcode in, bv. Rabot of 9000.")
        if postcode and wijk == "" and not gebieden.POSTCODE.fullmatch(postcode):
            raise ValidationError("Een Belgische postcode heeft 4 cijfers, bv. 9000.")
        if persoonsgegevens.zoek(wijk):
            raise ValidationError("Geef een wijk of postcode, geen adres of naam.")
        return postcode, wijk

    def clean(self):
        data = super().clean()
        tekst = data.get("tekst")
        if tekst:
            self.vondsten = persoonsgegevens.zoek(tekst)
        if self.vondsten:
            uitleg = persoonsgegevens.uitleg(self.vondsten)
            self.aangedrongen = data.get("geweigerd") == vingerafdruk(tekst)
            if self.aangedrongen:
                self.add_error(
                    "tekst",
                    f"Niet bewaard: de tekst bevat nog altijd persoonsgegevens ({uitleg}). "
                    "Een melding met gegevens over een persoon wordt nooit bewaard: "
                    "haal ze weg of laat ze vervangen.",
                )
            else:
                self.add_error(
                    "tekst",
                    f"Haal deze persoonsgegevens weg: {uitleg}. Beschrijf het probleem, "
                    "niet de persoon.",
                )
        return data

    @property
    def vingerafdruk(self) -> str:
        return vingerafdruk(self.data.get("tekst", "")) if self.vondsten else ""

    @property
    def gemaskeerd(self) -> str:
        return persoonsgegevens.maskeer(self.data.get("tekst", ""), self.vondsten)

    def gekozen_themas(self) -> list[Thema]:
        return [self.thema_objecten[slug] for slug in self.cleaned_data["themas"]]


class BundelForm(AccessibleFormMixin, forms.Form):
    """From the inbox: the chosen meldingen become a new signaal or join one.

    Each choice needs its own field: a title for a new signaal, the signaal to join
    otherwise. Both are required, and labelled so; the one not chosen is not checked.
    """

    class Wat(models.TextChoices):
        NIEUW = "nieuw", "Nieuw signaal"
        TOEVOEGEN = "toevoegen", "Toevoegen aan signaal"

    wat = forms.ChoiceField(choices=Wat.choices, initial=Wat.NIEUW, widget=forms.RadioSelect)
    titel = forms.CharField(
        label="Titel van het nieuwe signaal",
        max_length=120,
        help_text="Hiermee vindt u het signaal later terug.",
        error_messages={
            "required": "Geef het nieuwe signaal een korte titel.",
            "max_length": _te_lang(120),
        },
    )
    signaal = forms.TypedChoiceField(
        label="Bestaand signaal",
        coerce=int,
        empty_value=None,
        error_messages={"required": "Kies het signaal waar de meldingen bij horen."},
    )

    def __init__(self, *args, signalen: list[Signaal], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signaal"].choices = [("", "— kies —")] + [(s.pk, s.titel) for s in signalen]

    def full_clean(self):
        toevoegen = self.data.get("wat") == self.Wat.TOEVOEGEN
        self.fields["titel"].required = not toevoegen
        self.fields["signaal"].required = toevoegen
        try:
            super().full_clean()
        finally:
            self.fields["titel"].required = self.fields["signaal"].required = True


class KlasserenForm(forms.Form):
    reden = forms.CharField(
        label="Waarom geen signaal?",
        max_length=200,
        help_text="Bv. dubbel, eenmalig, hoort bij een andere dienst. De melder leest dit.",
        error_messages={
            "required": "Schrijf kort waarom: de melder leest het.",
            "max_length": _te_lang(200),
        },
    )


class SignaalForm(AccessibleFormMixin, forms.Form):
    titel = forms.CharField(
        label="Titel", max_length=120, error_messages={"max_length": _te_lang(120)}
    )
    omschrijving = forms.CharField(
        label="Omschrijving",
        required=False,
        max_length=OMSCHRIJVING_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _te_lang(OMSCHRIJVING_MAX)},
    )
    ernst = forms.TypedChoiceField(
        label="Ernst",
        coerce=int,
        choices=[
            (1, "1 · licht"),
            (2, "2"),
            (3, "3 · ernstig"),
            (4, "4"),
            (5, "5 · zeer ernstig"),
        ],
        widget=forms.RadioSelect,
        help_text="Uw inschatting; weegt mee in de prioriteit.",
    )
    themas = ThemaKeuze(label="Thema's")

    def __init__(self, *args, themas: list[Thema], **kwargs):
        super().__init__(*args, **kwargs)
        self.thema_objecten = {t.slug: t for t in themas}
        self.fields["themas"].choices = [(t.slug, t.naam) for t in themas]

    def gekozen_themas(self) -> list[Thema]:
        return [self.thema_objecten[slug] for slug in self.cleaned_data["themas"]]


class StatusForm(AccessibleFormMixin, forms.Form):
    naar = forms.ChoiceField(label="Nieuwe status", choices=Signaal.Status.choices)
    tekst = forms.CharField(
        label="Wat is er gedaan, of waarom?",
        required=False,
        max_length=TEKST_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="De veldwerkers die meldden lezen dit.",
        error_messages={"max_length": _te_lang(TEKST_MAX)},
    )


class ThemaForm(AccessibleFormMixin, forms.Form):
    naam = forms.CharField(
        label="Nieuw thema", max_length=60, error_messages={"max_length": _te_lang(60)}
    )

    def clean_naam(self) -> str:
        naam = " ".join(self.cleaned_data["naam"].split())
        if not slugify(naam):
            raise ValidationError("Gebruik letters of cijfers in de naam.")
        return naam
