from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hulpverlening import kalender
from hulpverlening.forms import AccessibleFormMixin
from hulpverlening.models import Afhaalmoment, Hulpvorm, Organisatie

from .models import Doorverwijzing
from .services import STANDAARD_DOORVERWIJZING_MAANDEN, max_einde


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DoorverwijzingForm(AccessibleFormMixin, forms.Form):
    # Radios, drawn by doorverwijzing/nieuw.html as the list of initiatives near the
    # household, least busy first (issue 14.12).
    organisatie = forms.ModelChoiceField(
        label=_("Initiatief"),
        queryset=Organisatie.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Kies een initiatief.")},
    )
    soort = forms.ChoiceField(label=_("Soort"), choices=Doorverwijzing.Soort.choices)
    hulpvorm = forms.ModelChoiceField(
        label=_("Hulpvorm"), queryset=Hulpvorm.objects.filter(actief=True), empty_label=None
    )
    start = forms.DateField(label=_("Vanaf"), widget=DatumInput())
    einde = forms.DateField(label=_("Tot en met"), widget=DatumInput())
    frequentie = forms.ChoiceField(label=_("Hoe vaak"), choices=Doorverwijzing.Frequentie.choices)
    pakket = forms.ChoiceField(
        label=_("Pakket"),
        choices=Doorverwijzing.Pakket.choices,
        initial=Doorverwijzing.Pakket.MIDDEL,
    )
    reden = forms.ChoiceField(label=_("Reden"), choices=Doorverwijzing.Reden.choices)
    bericht = forms.CharField(
        label=_("Kort bericht aan het initiatief"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
        help_text=_("Praktisch, bv. 'belt als ze niet kan komen'. Geen diagnose of schulden."),
    )

    def __init__(self, *args, verwijzer: Organisatie, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.filter(
            gemeente_id=verwijzer.gemeente_id,
            actief=True,
            soort__in=[
                Organisatie.Soort.VOEDSELHULP,
                Organisatie.Soort.SOCIALE_KRUIDENIER,
                Organisatie.Soort.SOCIAAL_RESTAURANT,
            ],
        ).order_by("naam")
        if verwijzer.soort != Organisatie.Soort.SOCIALE_DIENST:
            self.fields["soort"].choices = [
                (Doorverwijzing.Soort.AANMELDING, Doorverwijzing.Soort.AANMELDING.label)
            ]
            self.fields["soort"].help_text = gettext(
                "Enkel de Sociale Dienst maakt een doorverwijzing."
            )
        vandaag = timezone.localdate()
        aanmelding_tot = max_einde(
            soort=Doorverwijzing.Soort.AANMELDING, start=vandaag, gemeente=verwijzer.gemeente
        )
        if verwijzer.soort != Organisatie.Soort.SOCIALE_DIENST:
            self.fields["einde"].initial = vandaag + timedelta(days=60)
            self.fields["einde"].help_text = gettext(
                "Een aanmelding duurt hoogstens 2 maanden (tot %(datum)s)."
            ) % {"datum": formats.date_format(aanmelding_tot, "j F Y")}
        else:
            self.fields["soort"].initial = Doorverwijzing.Soort.DOORVERWIJZING
            grens = max_einde(
                soort=Doorverwijzing.Soort.DOORVERWIJZING,
                start=vandaag,
                gemeente=verwijzer.gemeente,
            )
            self.fields["einde"].initial = min(
                grens, kalender.maanden_verder(vandaag, STANDAARD_DOORVERWIJZING_MAANDEN)
            )
            self.fields["einde"].help_text = gettext(
                "Een doorverwijzing loopt hoogstens %(maanden)s maanden (tot %(grens)s), "
                "een aanmelding hoogstens 2 maanden (tot %(aanmelding)s)."
            ) % {
                "maanden": verwijzer.gemeente.max_doorverwijzing_maanden,
                "grens": formats.date_format(grens, "j F Y"),
                "aanmelding": formats.date_format(aanmelding_tot, "j F Y"),
            }
        self.fields["hulpvorm"].initial = Hulpvorm.objects.filter(slug="voedselpakket").first()
        self.fields["start"].initial = vandaag

    def clean(self):
        data = super().clean()
        start, einde = data.get("start"), data.get("einde")
        if start and einde and einde < start:
            self.add_error("einde", gettext("De einddatum ligt voor de begindatum."))
        return data


class AanvaardenForm(forms.Form):
    afhaalmoment = forms.ModelChoiceField(
        label=_("Afhaalmoment"), queryset=Afhaalmoment.objects.none(), empty_label=_("— kies —")
    )

    def __init__(self, *args, organisatie: Organisatie, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["afhaalmoment"].queryset = Afhaalmoment.objects.filter(
            locatie__organisatie=organisatie, actief=True
        ).select_related("locatie")
        self.fields["afhaalmoment"].label_from_instance = lambda m: f"{m.locatie.naam} · {m}"


class WeigerenForm(forms.Form):
    weigerreden = forms.ChoiceField(
        label=_("Waarom niet?"), choices=[("", _("— kies —")), *Doorverwijzing.Weigerreden.choices]
    )


class EindeForm(forms.Form):
    einde = forms.DateField(label=_("Nieuwe einddatum"), widget=DatumInput())

    def clean_einde(self):
        einde = self.cleaned_data["einde"]
        if einde < timezone.localdate():
            raise ValidationError(gettext("Kies een datum in de toekomst."))
        return einde
