from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hulpverlening.forms import AccessibleFormMixin

from .leveringen_import import MAX_BYTES, MAX_OUDERDOM
from .models import Levering


class LeveringForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Levering
        fields = [
            "datum",
            "groenten_fruit",
            "zuivel",
            "brood",
            "droge_voeding",
            "vlees_vis",
            "andere",
        ]
        widgets = {"datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        # Localized: "12,5" and "12.5" both mean twelve and a half kilos. A text field,
        # not type=number, whose handling of a decimal comma differs per browser and
        # once turned 12,5 into 125 kg.
        localized_fields = fields[1:]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datum"].initial = timezone.localdate()
        for naam in self.Meta.fields[1:]:
            # Empty, not 0: a volunteer types the kilos without clearing a field first.
            self.fields[naam].initial = None
            self.fields[naam].widget.attrs.update(
                {"inputmode": "decimal", "autocomplete": "off", "placeholder": "0"}
            )
            self.fields[naam].required = False

    def clean(self):
        data = super().clean()
        for naam in self.Meta.fields[1:]:
            if data.get(naam) is None:
                data[naam] = 0
            elif data[naam] < 0:
                self.add_error(naam, gettext("Geen negatieve kilo's."))
            elif data[naam] > 50000:
                self.add_error(naam, gettext("Meer dan 50 ton in één levering? Kijk het getal na."))
        if not any(data.get(n) for n in self.Meta.fields[1:]) and not self.errors:
            raise forms.ValidationError(gettext("Vul minstens één gewicht in."))
        if data.get("datum") and data["datum"] > timezone.localdate():
            self.add_error("datum", gettext("Deze datum ligt in de toekomst."))
        elif data.get("datum") and data["datum"] < timezone.localdate() - MAX_OUDERDOM:
            self.add_error(
                "datum", gettext("Deze datum ligt meer dan twee jaar terug. Kijk het jaartal na.")
            )
        return data


class LeveringenCsvForm(forms.Form):
    bestand = forms.FileField(
        label=_("CSV-bestand van de maand"),
        # Translators: the column names are the file format; keep them as they are.
        help_text=_("Kolommen: datum;groenten_fruit;zuivel;brood;droge_voeding;vlees_vis;andere"),
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_BYTES:
            raise forms.ValidationError(
                gettext(
                    "Dit bestand is te groot (%(kb)s kB; hoogstens %(max)s kB). Een maand "
                    "leveringen is enkele kB: kies het CSV-bestand van de maand."
                )
                % {
                    "kb": number_format(bestand.size / 1024, decimal_pos=1),
                    "max": MAX_BYTES // 1024,
                }
            )
        return bestand
