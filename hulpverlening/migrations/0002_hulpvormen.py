from django.db import migrations

HULPVORMEN = [
    ("voedselpakket", "Voedselpakket"),
    ("maaltijdcheque", "Maaltijdcheque"),
    ("hygienepakket", "Hygiënepakket"),
    ("startpakket", "Startpakket"),
    ("babyuitzet", "Babyuitzet"),
    ("maaltijd", "Maaltijd (sociaal restaurant)"),
]


def maak_hulpvormen(apps, schema_editor):
    Hulpvorm = apps.get_model("hulpverlening", "Hulpvorm")
    for slug, naam in HULPVORMEN:
        Hulpvorm.objects.get_or_create(slug=slug, defaults={"naam": naam})


class Migration(migrations.Migration):
    dependencies = [("hulpverlening", "0001_initial")]
    operations = [migrations.RunPython(maak_hulpvormen, migrations.RunPython.noop)]
