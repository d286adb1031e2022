from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hulpverlening.forms import AccessibleFormMixin
from hulpverlening.models import Afhaalmoment, Hulpvorm, Organisatie

from .models import Doorverwijzing


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DoorverwijzingForm(AccessibleFormMixin, forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Initiatief"), queryset=Organisatie.objects.none(), empty_label=_("— kies —")
    )
    soort = forms.ChoiceField(label=_("Soort"), choices=Doorverwijzing.Soort.choices)
    hulpvorm = forms.ModelChoiceField(
        label=_("Hulpvorm"), queryset=Hulpvorm.objects.filter(actief=True), empty_label=None
    )
    start = forms.DateField(label=_("Vanaf"), widget=DatumInput())
    einde = forms.DateField(
        label=_("Tot en met"),
        widget=DatumInput(),
        help_text=_("Een aanmelding duurt hoogstens 2 maanden."),
    )
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
        else:
            self.fields["soort"].initial = Doorverwijzing.Soort.DOORVERWIJZING
        self.fields["hulpvorm"].initial = Hulpvorm.objects.filter(slug="voedselpakket").first()
        vandaag = timezone.localdate()
        self.fields["start"].initial = vandaag
        self.fields["einde"].initial = vandaag + timedelta(days=60)

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
