"""Two levels of visibility: baliezicht and dossierzicht (issue: privacy at first contact).

What changes for whom: until now a single pickup at an organisation's desk
gave that organisation the household's whole file (names, members, birth
years, history, export, erasure). From this migration on, a relationship
that exists only because of a pickup (reden "afhaling") is desk level: the
organisation keeps the household on its offline roster and its desk still
shows first name and initial, household size, aid and entitlement when the
card is presented, but the file pages, the export and the erasure page answer
404 to it. Relationships from an intake, a referral, a toeleiding or a linked
card stay file level. An organisation that needs the file again asks the
person's consent at its desk ("Mag ... uw gegevens bewaren en inzien?").
"""

from django.db import migrations, models

NAAR_BALIE = "UPDATE hulpverlening_gezinsrelatie SET niveau = 'balie' WHERE reden = 'afhaling'"


class Migration(migrations.Migration):

    dependencies = [
        ('hulpverlening', '0007_auditregel_mfa_acties'),
    ]

    operations = [
        migrations.AddField(
            model_name='gezinsrelatie',
            name='niveau',
            field=models.CharField(choices=[('balie', 'baliezicht'), ('dossier', 'dossierzicht')], default='dossier', max_length=10, verbose_name='niveau'),
        ),
        migrations.RunSQL(NAAR_BALIE, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name='auditregel',
            name='actie',
            field=models.CharField(choices=[('gelezen', 'gegevens bekeken'), ('gewijzigd', 'gegevens gewijzigd'), ('export', 'gegevens geëxporteerd'), ('geweigerd', 'toegang geweigerd'), ('aangemeld', 'aangemeld'), ('aanmelding_mislukt', 'aanmelding mislukt'), ('afgemeld', 'afgemeld'), ('mfa_ingesteld', 'tweestapsverificatie ingesteld'), ('mfa_verwijderd', 'tweestapsverificatie verwijderd'), ('mfa_nieuwe_codes', 'nieuwe herstelcodes gemaakt'), ('mfa_herstelcode', 'aangemeld met een herstelcode'), ('code_getypt', 'kaartcode getypt'), ('code_limiet', 'te veel getypte kaartcodes'), ('toestemming', 'toestemming geregistreerd')], max_length=20),
        ),
        migrations.AlterField(
            model_name='gezinsrelatie',
            name='reden',
            field=models.CharField(choices=[('aangemaakt', 'gezin aangemaakt'), ('doorverwijzing', 'doorverwijzing'), ('afhaling', 'afhaling'), ('toeleiding', 'toeleiding'), ('kaart', 'kaart gekoppeld'), ('toestemming', 'toestemming aan de balie')], max_length=20),
        ),
        migrations.AlterField(
            model_name='toestemming',
            name='doel',
            field=models.CharField(choices=[('registratie', 'registratie als zelfmelder'), ('toeleiding', 'toeleiding naar de Sociale Dienst'), ('import', 'overname uit het sociaal dossier'), ('dossier', 'gegevens bewaren en inzien door de organisatie')], max_length=20),
        ),
        migrations.AddConstraint(
            model_name='gezinsrelatie',
            constraint=models.CheckConstraint(condition=models.Q(('niveau__in', ['balie', 'dossier'])), name='gezinsrelatie_niveau_geldig'),
        ),
        migrations.AddConstraint(
            model_name='gezinsrelatie',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('reden', 'afhaling'), _negated=True), ('niveau', 'balie'), _connector='OR'), name='gezinsrelatie_afhaling_is_baliezicht'),
        ),
    ]
