"""The standard leefloon question asked two things at once ("a fixed income, or a
leefloon?"): a "no" could mean either. Municipalities that kept the standard
wording get the new one; a wording a municipality chose itself stays."""

from django.db import migrations

OUD = "Hebt u een vast inkomen, of een leefloon van het OCMW?"
NIEUW = "Hebt u elke maand een inkomen (loon, uitkering of leefloon)?"


def vooruit(apps, schema_editor):
    apps.get_model("doorverwijzing", "Rechtenvraag").objects.filter(
        recht="leefloon", vraag=OUD
    ).update(vraag=NIEUW)


def terug(apps, schema_editor):
    apps.get_model("doorverwijzing", "Rechtenvraag").objects.filter(
        recht="leefloon", vraag=NIEUW
    ).update(vraag=OUD)


class Migration(migrations.Migration):
    dependencies = [("doorverwijzing", "0003_toeleiding_en_rechten")]

    operations = [migrations.RunPython(vooruit, terug)]
