"""Hand-written SQL for the registration's hot path, and model instances from it.

A pickup registration is the platform's busiest request. Through the ORM it
spent most of its time compiling queries (about 1 ms of Python per query) and
having PostgreSQL plan them anew (client-side binding), more than running them.
So the few statements of that path are written out, once, with these helpers:
column lists come from the models' fields, values are converted as the ORM
does, and on PostgreSQL the statements are prepared (see `cursor`).
"""

from functools import cache, lru_cache

from django.db import connection
from django.db.models import Model


class Kolommen:
    """The concrete columns of a model under a table alias, and how to rebuild an instance."""

    def __init__(self, model: type[Model], alias: str, velden: tuple[str, ...] | None = None):
        self.model = model
        self.velden = [
            f for f in model._meta.concrete_fields if velden is None or f.attname in velden
        ]
        if velden is not None and len(self.velden) != len(velden):
            raise ValueError(f"Onbekende velden voor {model.__name__}: {velden}")
        self.alias = alias
        self.attnames = [f.attname for f in self.velden]

    @property
    def sql(self) -> str:
        qn = connection.ops.quote_name
        return ", ".join(f"{self.alias}.{qn(f.column)}" for f in self.velden)

    def __len__(self) -> int:
        return len(self.velden)

    def maak(self, rij: tuple, start: int = 0) -> Model | None:
        """The instance in rij[start:start + len(self)], or None for a LEFT JOIN without match."""
        waarden = list(rij[start : start + len(self)])
        if waarden[self.attnames.index(self.model._meta.pk.attname)] is None:
            return None
        for i, (col, omzetters) in enumerate(_omzetters(self.model, tuple(self.attnames))):
            for omzetter in omzetters:
                waarden[i] = omzetter(waarden[i], col, connection)
        return self.model.from_db(connection.alias, self.attnames, waarden)


def delen(rij: tuple, *kolommen: Kolommen) -> list[Model | None]:
    """The instances a row holds, one per Kolommen in SELECT order."""
    gevonden, start = [], 0
    for k in kolommen:
        gevonden.append(k.maak(rij, start))
        start += len(k)
    return gevonden


@cache
def _omzetters(model: type[Model], attnames: tuple[str, ...]) -> list[tuple]:
    # What the ORM applies to each value read (e.g. text to UUID on SQLite).
    velden = {f.attname: f for f in model._meta.concrete_fields}
    resultaat = []
    for attname in attnames:
        col = velden[attname].get_col(model._meta.db_table)
        omzetters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        resultaat.append((col, omzetters))
    return resultaat


def lijst(waarden) -> str:
    """Placeholders for an IN list (never empty: IN () is no SQL)."""
    return ", ".join(["%s"] * max(len(waarden), 1))


def cursor():
    """A cursor whose statements PostgreSQL may prepare: plan once per connection.

    Django's cursors bind parameters on the client, so PostgreSQL plans every
    statement anew, and on these short statements planning took most of the
    time (0.6 of the 0.9 ms of lezen.kaartgegevens). Django's own wrapper stays
    around it: database errors and query logging as for any query.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        ruw = ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(ruw)
    return connection.make_cursor(ruw)


def rijen(sql: str, params: list) -> list[tuple]:
    with cursor() as c:
        c.execute(sql, params)
        return c.fetchall()


def waarde(model: type[Model], veld: str, waarde):
    """A value as the database takes it for this field (dates as text on SQLite, ...)."""
    return model._meta.get_field(veld).get_db_prep_value(waarde, connection, prepared=False)


def tabel(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def kolom(model: type[Model], veld: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(veld).column)


def invoegen(objs: list[Model]) -> None:
    """INSERT these instances (of one model) in one statement and set their primary keys.

    What bulk_create does, minus a query compiler per call: fields get their
    defaults, `pre_save` (auto_now_add) and database preparation as in the ORM.
    """
    if not objs:
        return
    velden = _velden_om_in_te_voegen(type(objs[0]))
    per_keer = max(min(connection.ops.bulk_batch_size(velden, objs), 500), 1)
    for start in range(0, len(objs), per_keer):
        _invoegen(objs[start : start + per_keer], bij_conflict_niets=False)


def invoegen_tenzij_bestaat(obj: Model) -> bool:
    """INSERT, or False when a unique constraint says the row is there already.

    ON CONFLICT DO NOTHING instead of catching IntegrityError: no savepoint is
    needed to survive the conflict, inside a transaction or not.
    """
    return _invoegen([obj], bij_conflict_niets=True)


def _invoegen(objs: list[Model], *, bij_conflict_niets: bool) -> bool:
    model = type(objs[0])
    velden = _velden_om_in_te_voegen(model)
    waarden = [
        f.get_db_prep_save(f.pre_save(obj, add=True), connection) for obj in objs for f in velden
    ]
    sleutels = rijen(_insert_sql(model, len(objs), bij_conflict_niets), waarden)
    if not sleutels:
        return False
    # Rows come back in VALUES order, on PostgreSQL and SQLite (bulk_create relies on it).
    for obj, (sleutel,) in zip(objs, sleutels, strict=True):
        obj.pk = sleutel
        obj._state.adding = False
        obj._state.db = connection.alias
    return True


def _velden_om_in_te_voegen(model: type[Model]) -> list:
    return [f for f in model._meta.local_concrete_fields if not f.primary_key]


@lru_cache(maxsize=256)
def _insert_sql(model: type[Model], aantal: int, bij_conflict_niets: bool) -> str:
    qn = connection.ops.quote_name
    velden = _velden_om_in_te_voegen(model)
    rij = "(" + ", ".join(["%s"] * len(velden)) + ")"
    return (
        f"INSERT INTO {tabel(model)} ({', '.join(qn(f.column) for f in velden)}) "
        f"VALUES {', '.join([rij] * aantal)}"
        f"{' ON CONFLICT DO NOTHING' if bij_conflict_niets else ''} "
        f"RETURNING {qn(model._meta.pk.column)}"
    )
