import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hulpverlening import namen
from hulpverlening.forms import AccessibleFormMixin
from hulpverlening.models import Gemeente

from . import gebieden, persoonsgegevens
from .models import OMSCHRIJVING_MAX, TEKST_MAX, Melding, Signaal, Thema

THEMA_FOUTEN = {
    "required": _("Kies minstens één thema."),
    "invalid_choice": _("“%(value)s” is geen thema van uw gemeente. Kies uit de lijst."),
    "invalid_list": _("Kies thema's uit de lijst."),
}
# Django fills in the field's max_length as limit_value.
TE_LANG = _("Houd het kort: hoogstens %(limit_value)d tekens (u typte er %(show_value)d).")


def vingerafdruk(tekst: str) -> str:
    """Recognises a text submitted again unchanged after it was refused."""
    return hashlib.sha256(tekst.strip().encode()).hexdigest()[:16]


class ThemaKeuze(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", THEMA_FOUTEN)
        super().__init__(**kwargs)


class MeldingForm(AccessibleFormMixin, forms.Form):
    themas = ThemaKeuze(label=_("Thema's"), help_text=_("Eén of meer."))
    tekst = forms.CharField(
        label=_("Wat ziet u?"),
        max_length=TEKST_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Beschrijf het probleem, niet de persoon: geen namen, adressen of nummers."),
        error_messages={
            "required": _("Beschrijf kort wat u ziet."),
            "max_length": TE_LANG,
        },
    )
    omvang = forms.ChoiceField(
        label=_("Over hoeveel mensen gaat het?"),
        choices=Melding.Omvang.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoeveel mensen het ongeveer zijn.")},
    )
    frequentie = forms.ChoiceField(
        label=_("Hoe vaak ziet u dit?"),
        choices=Melding.Frequentie.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe vaak u dit ziet.")},
    )
    gebied = forms.CharField(
        label=_("Waar? Wijk of postcode"),
        max_length=60,
        widget=forms.TextInput(attrs={"list": "gebieden", "autocomplete": "off"}),
        error_messages={
            "required": _("Vul een wijk of postcode in, bv. Rabot of 9000."),
            "max_length": TE_LANG,
        },
    )
    met_organisatie = forms.BooleanField(label=_("Vermeld mijn organisatie"), required=False)
    bron = forms.ChoiceField(choices=Melding.Bron.choices, required=False, widget=forms.HiddenInput)
    geweigerd = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)

    def __init__(self, *args, gemeente: Gemeente, themas: list[Thema], **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeente = gemeente
        self.thema_objecten = {t.slug: t for t in themas}
        self.fields["themas"].choices = [(t.slug, t.naam) for t in themas]
        self.vondsten: list[persoonsgegevens.Vondst] = []
        self.aangedrongen = False

    @cached_property
    def register(self) -> namen.Namenregister:
        return namen.van_gemeente(self.gemeente)

    def clean_gebied(self) -> tuple[str, str]:
        postcode, wijk = gebieden.ontleed(self.gemeente, self.cleaned_data["gebied"])
        if not postcode and not wijk:
            raise ValidationError(gettext("Vul een wijk of postcode in, bv. Rabot of 9000."))
        if postcode and wijk == "" and not gebieden.POSTCODE.fullmatch(postcode):
            raise ValidationError(gettext("Een Belgische postcode heeft 4 cijfers, bv. 9000."))
        if persoonsgegevens.zoek(wijk, self.register):
            raise ValidationError(gettext("Geef een wijk of postcode, geen adres of naam."))
        return postcode, wijk

    def clean(self):
        data = super().clean()
        tekst = data.get("tekst")
        if tekst:
            self.vondsten = persoonsgegevens.zoek(tekst, self.register)
        if self.vondsten:
            uitleg = persoonsgegevens.uitleg(self.vondsten)
            self.aangedrongen = data.get("geweigerd") == vingerafdruk(tekst)
            if self.aangedrongen:
                self.add_error(
                    "tekst",
                    gettext(
                        "Niet bewaard: de tekst bevat nog altijd persoonsgegevens (%(uitleg)s). "
                        "Een melding met gegevens over een persoon wordt nooit bewaard: "
                        "haal ze weg of laat ze vervangen."
                    )
                    % {"uitleg": uitleg},
                )
            else:
                self.add_error(
                    "tekst",
                    gettext(
                        "Haal deze persoonsgegevens weg: %(uitleg)s. Beschrijf het probleem, "
                        "niet de persoon."
                    )
                    % {"uitleg": uitleg},
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
        NIEUW = "nieuw", _("Nieuw signaal")
        TOEVOEGEN = "toevoegen", _("Toevoegen aan signaal")

    wat = forms.ChoiceField(choices=Wat.choices, initial=Wat.NIEUW, widget=forms.RadioSelect)
    titel = forms.CharField(
        label=_("Titel van het nieuwe signaal"),
        max_length=120,
        help_text=_("Hiermee vindt u het signaal later terug."),
        error_messages={
            "required": _("Geef het nieuwe signaal een korte titel."),
            "max_length": TE_LANG,
        },
    )
    signaal = forms.TypedChoiceField(
        label=_("Bestaand signaal"),
        coerce=int,
        empty_value=None,
        error_messages={"required": _("Kies het signaal waar de meldingen bij horen.")},
    )

    def __init__(self, *args, signalen: list[Signaal], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signaal"].choices = [("", gettext("— kies —"))] + [
            (s.pk, s.titel) for s in signalen
        ]

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
        label=_("Waarom geen signaal?"),
        max_length=200,
        help_text=_("Bv. dubbel, eenmalig, hoort bij een andere dienst. De melder leest dit."),
        error_messages={
            "required": _("Schrijf kort waarom: de melder leest het."),
            "max_length": TE_LANG,
        },
    )


class SignaalForm(AccessibleFormMixin, forms.Form):
    titel = forms.CharField(
        label=_("Titel"), max_length=120, error_messages={"max_length": TE_LANG}
    )
    omschrijving = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=OMSCHRIJVING_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": TE_LANG},
    )
    ernst = forms.TypedChoiceField(
        label=_("Ernst"),
        coerce=int,
        choices=[
            (1, _("1 · licht")),
            (2, "2"),
            (3, _("3 · ernstig")),
            (4, "4"),
            (5, _("5 · zeer ernstig")),
        ],
        widget=forms.RadioSelect,
        help_text=_("Uw inschatting; weegt mee in de prioriteit."),
    )
    themas = ThemaKeuze(label=_("Thema's"))

    def __init__(self, *args, themas: list[Thema], **kwargs):
        super().__init__(*args, **kwargs)
        self.thema_objecten = {t.slug: t for t in themas}
        self.fields["themas"].choices = [(t.slug, t.naam) for t in themas]

    def gekozen_themas(self) -> list[Thema]:
        return [self.thema_objecten[slug] for slug in self.cleaned_data["themas"]]


class StatusForm(AccessibleFormMixin, forms.Form):
    naar = forms.ChoiceField(label=_("Nieuwe status"), choices=Signaal.Status.choices)
    tekst = forms.CharField(
        label=_("Wat is er gedaan, of waarom?"),
        required=False,
        max_length=TEKST_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De veldwerkers die meldden lezen dit."),
        error_messages={"max_length": TE_LANG},
    )


class ThemaForm(AccessibleFormMixin, forms.Form):
    naam = forms.CharField(
        label=_("Nieuw thema"), max_length=60, error_messages={"max_length": TE_LANG}
    )

    def clean_naam(self) -> str:
        naam = " ".join(self.cleaned_data["naam"].split())
        if not slugify(naam):
            raise ValidationError(gettext("Gebruik letters of cijfers in de naam."))
        return naam
