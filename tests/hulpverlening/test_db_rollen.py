"""PostgreSQL: the application's role cannot erase or rewrite the audit log.

Migrations run as the role that owns the tables (MIGRATE_DATABASE_URL); the
application, and this test suite, as a role that owns nothing (DATABASE_URL).
Every way the owner has to get rid of audit rows is refused to the app role,
while it can still add and read them. CI sets both URLs (scripts/pg.sh).
"""

import os

import pytest
from django.db import DatabaseError, connection, transaction

from hulpverlening.models import Auditregel

from ..conftest import eigenaar_gegevens

TABEL = "hulpverlening_auditregel"

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles: PostgreSQL"),
    pytest.mark.skipif(
        not os.environ.get("MIGRATE_DATABASE_URL") and not os.environ.get("CI"),
        reason="MIGRATE_DATABASE_URL is not set (one role for everything)",
    ),
]


def _sql(sql: str, params=()) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _geweigerd(sql: str) -> str:
    """Runs `sql` in a savepoint; returns PostgreSQL's error code (it must fail)."""
    with pytest.raises(DatabaseError) as fout, transaction.atomic():
        _sql(sql)
    return fout.value.__cause__.sqlstate


@pytest.fixture
def regel(db) -> Auditregel:
    return Auditregel.objects.create(actie=Auditregel.Actie.GELEZEN, waar="test", gezin_id=7)


def test_the_suite_runs_as_a_role_that_owns_no_table(db):
    assert eigenaar_gegevens() is not None, "CI must set MIGRATE_DATABASE_URL"
    ik = _sql("SELECT current_user")[0][0]
    assert ik != eigenaar_gegevens()["USER"]
    eigen = _sql(
        "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')"
    )
    assert eigen == []
    assert _sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user") == [(False,)]


def test_the_app_role_may_add_and_read_audit_rows(regel):
    assert Auditregel.objects.filter(pk=regel.pk, gezin_id=7).exists()
    rechten = _sql(
        "SELECT privilege_type FROM information_schema.role_table_grants "
        "WHERE table_name = %s AND grantee = current_user ORDER BY 1",
        [TABEL],
    )
    assert rechten == [("INSERT",), ("SELECT",)]


def test_the_app_role_may_change_the_other_tables(db):
    zonder = _sql(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> %s "
        "AND NOT (has_table_privilege(c.oid, 'SELECT') AND has_table_privilege(c.oid, 'INSERT') "
        "AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE'))",
        [TABEL],
    )
    assert zonder == []
    geen_reeks = _sql(
        "WITH reeks AS MATERIALIZED (SELECT oid, relname FROM pg_class "
        "WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace) "
        "SELECT relname FROM reeks WHERE NOT has_sequence_privilege(oid, 'USAGE')"
    )
    assert geen_reeks == []


@pytest.mark.parametrize(
    "sql",
    [
        f"UPDATE {TABEL} SET gezin_id = 8",
        f"DELETE FROM {TABEL}",
        f"TRUNCATE {TABEL}",
        f"ALTER TABLE {TABEL} DISABLE TRIGGER ALL",
        f"ALTER TABLE {TABEL} DISABLE TRIGGER hulpverlening_auditregel_append_only",
        f"DROP TRIGGER hulpverlening_auditregel_append_only ON {TABEL}",
        "CREATE OR REPLACE FUNCTION hulpverlening_auditregel_append_only() RETURNS trigger "
        "AS $$ BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql",
        "DROP FUNCTION hulpverlening_auditregel_append_only() CASCADE",
        f"DROP TABLE {TABEL}",
        f"ALTER TABLE {TABEL} RENAME TO weg",
        f"ALTER TABLE {TABEL} OWNER TO current_user",
        f"CREATE TRIGGER stil BEFORE INSERT ON {TABEL} FOR EACH ROW "
        "EXECUTE FUNCTION suppress_redundant_updates_trigger()",
        f"CREATE RULE niets AS ON INSERT TO {TABEL} DO INSTEAD NOTHING",
        "CREATE FUNCTION nieuw() RETURNS int AS 'SELECT 1' LANGUAGE sql",
        "SET session_replication_role = replica",
    ],
)
def test_the_app_role_cannot_erase_or_rewrite_the_audit_log(regel, sql):
    assert _geweigerd(sql) == "42501"  # insufficient_privilege
    assert Auditregel.objects.filter(pk=regel.pk, gezin_id=7).exists()
