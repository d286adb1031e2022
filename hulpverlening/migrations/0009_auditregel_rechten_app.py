from django.db import migrations

# Migrations run as the role that owns the tables; the application logs in as
# another role that gets data rights through default privileges
# (scripts/postgres-rollen.sql). On the audit log it keeps INSERT and SELECT:
# whoever the owner granted more to loses UPDATE, DELETE, TRUNCATE, TRIGGER and
# REFERENCES here. The owner itself keeps them (it can always grant them back):
# it is used for migrations only. With one role for everything (a developer's
# database) this changes nothing.
ENKEL_TOEVOEGEN = """
DO $$
DECLARE
    rol text;
BEGIN
    FOR rol IN
        SELECT DISTINCT a.grantee::regrole::text
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = 'hulpverlening_auditregel'::regclass
          AND a.grantee <> 0 AND a.grantee <> c.relowner
    LOOP
        EXECUTE format(
            'REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES '
            'ON hulpverlening_auditregel FROM %s', rol
        );
    END LOOP;
    REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON hulpverlening_auditregel FROM PUBLIC;
END
$$;
"""


def enkel_toevoegen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ENKEL_TOEVOEGEN, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("hulpverlening", "0008_gezinsrelatie_niveau"),
    ]

    operations = [
        migrations.RunPython(enkel_toevoegen, migrations.RunPython.noop),
    ]
