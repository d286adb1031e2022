"""Writing the demo rows fast: reserved ids, COPY on PostgreSQL, bulk_create on SQLite.

The foreign keys of the bulk tables are checked once after the load on PostgreSQL
(foreign_keys_achteraf): the rows still pass every constraint.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import connection

from registratie.models import Afhaalregels

# --- writing rows ------------------------------------------------------------------------------


class Ids:
    """Primary keys for rows written later with COPY/bulk_create, so others can refer to them."""

    def __init__(self) -> None:
        self.volgende: dict[str, int] = {}  # SQLite: next free id per table in this run

    def reserveer(self, model, aantal: int) -> list[int]:
        if aantal == 0:
            return []
        tabel = model._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [tabel, aantal],
                )
                return [r[0] for r in cursor.fetchall()]
            if tabel not in self.volgende:
                qn = connection.ops.quote_name
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {qn(tabel)}")
                self.volgende[tabel] = cursor.fetchone()[0]
        begin = self.volgende[tabel]
        self.volgende[tabel] += aantal
        return list(range(begin, begin + aantal))


def schrijf(model, kolommen: list[str], rijen: Iterable[tuple]) -> int:
    """Insert rows (tuples in the order of `kolommen`, model attnames); return how many.

    PostgreSQL gets a COPY; other databases bulk_create in batches. Columns not
    given get their field default, so a field added to the model later does not
    break the seed.
    """
    meta = model._meta
    velden = [meta.get_field(k) for k in kolommen]
    gegeven = {v.attname for v in velden}
    rest = [v for v in meta.concrete_fields if v.attname not in gegeven and not v.primary_key]
    if connection.vendor != "postgresql":
        aantal = 0
        for batch in itertools.batched(rijen, 2000):
            model.objects.bulk_create(
                [model(**dict(zip(kolommen, rij, strict=True))) for rij in batch],
                batch_size=2000,
            )
            aantal += len(batch)
        return aantal

    vast = tuple(v.get_default() for v in rest if not callable(v.default))
    per_rij: list[Callable] = [v.get_default for v in rest if callable(v.default)]
    rest = [v for v in rest if not callable(v.default)] + [v for v in rest if callable(v.default)]
    qn = connection.ops.quote_name
    namen = ", ".join(qn(v.column) for v in [*velden, *rest])
    sql = f"COPY {qn(meta.db_table)} ({namen}) FROM STDIN"
    aantal = 0
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        schrijf = copy.write_row
        if not rest:
            for rij in rijen:
                schrijf(rij)
                aantal += 1
        elif not per_rij:
            for rij in rijen:
                schrijf(rij + vast)
                aantal += 1
        else:
            for rij in rijen:
                schrijf(rij + vast + tuple(f() for f in per_rij))
                aantal += 1
    return aantal


def eigenaar_van(*models) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bool_and(pg_has_role(current_user, relowner, 'USAGE')) "
            "FROM pg_class WHERE oid = ANY(%s::regclass[])",
            [[m._meta.db_table for m in models]],
        )
        return bool(cursor.fetchone()[0])


@contextmanager
def foreign_keys_achteraf(*models) -> Iterator[None]:
    """PostgreSQL: check these tables' foreign keys once after the load, not row by row.

    Checking a deferred foreign key costs a lookup per row at commit (about half
    a minute for the year of pickups); adding the constraint back afterwards
    validates all rows in one join. Same names and definitions, inside the
    seed's transaction: if anything fails, the rollback restores them too.
    Only the tables' owner may do that: connected as the application's role
    (docs/infrastructure.md, "Databaserollen") they stay and check row by row.
    """
    if connection.vendor != "postgresql" or not eigenaar_van(*models):
        yield
        return
    qn = connection.ops.quote_name
    # Pending deferred checks on these tables block ALTER TABLE: run them now.
    connection.check_constraints()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY 1, 2",
            [[m._meta.db_table for m in models]],
        )
        foreign_keys = cursor.fetchall()
        for tabel, naam, _definitie in foreign_keys:
            cursor.execute(f"ALTER TABLE {tabel} DROP CONSTRAINT {qn(naam)}")
    yield
    connection.check_constraints()
    with connection.cursor() as cursor:
        for tabel, naam, definitie in foreign_keys:
            cursor.execute(f"ALTER TABLE {tabel} ADD CONSTRAINT {qn(naam)} {definitie}")


AFHALING_KOLOMMEN = [
    "idempotentiesleutel",
    "gezin_id",
    "kaart_id",
    "organisatie_id",
    "locatie_id",
    "afhaalmoment_id",
    "hulpvorm_id",
    "doorverwijzing_id",
    "zelfmelder",
    "datum",
    "gescand_op",
    "ontvangen_op",
    "geregistreerd_door_id",
    "apparaat",
    "status",
    "override_reden",
    "controle_reden",
    "bezoek",
    "aantal",
    "volwassenen",
    "kinderen",
    "tarief",
    "bedrag",
]
# Visits without referral, as in the default Afhaalregels.
ZELFMELDER_BEZOEKEN = Afhaalregels._meta.get_field("zelfmelder_bezoeken").default
