"""The memberships a user works under: read once, kept in the session, read again after a change.

Every request needs them (scoping, the header, the two-factor check), and they
change a few times a day. So the session holds a copy, marked with the stamp
that was current when it was read. Any saved or deleted membership,
organisation or municipality sets a new stamp in the shared cache, and the
next request of every session reads its memberships again: a coordinator who
switches a volunteer off cuts that volunteer's next request, not the next
login.

The stamp is read before the database: a change that commits in between costs
one more read, never a stale copy under the new stamp. It is set at once and
again after the commit, so a request that reads between the two (and sees the
old rows) is not trusted either.
"""

import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Gemeente, Lidmaatschap, Organisatie

SESSIE_SLEUTEL = "_lidmaatschappen"
STEMPEL = "lidmaatschappen:stempel"


def actieve_lidmaatschappen(request) -> list[Lidmaatschap]:
    """Lidmaatschap.objects.actief() of request.user, with organisation and municipality."""
    user = request.user
    stempel = _stempel()
    bewaard = request.session.get(SESSIE_SLEUTEL)
    if bewaard and bewaard.get("stempel") == stempel and bewaard.get("user") == user.pk:
        lidmaatschappen = [_uit_sessie(rij) for rij in bewaard["rijen"]]
    else:
        lidmaatschappen = uit_database(user)
        request.session[SESSIE_SLEUTEL] = {
            "stempel": stempel,
            "user": user.pk,
            "rijen": [_voor_sessie(lid) for lid in lidmaatschappen],
        }
    for lidmaatschap in lidmaatschappen:
        # The user is loaded already: spare whoever asks lidmaatschap.user a query.
        Lidmaatschap.user.field.set_cached_value(lidmaatschap, user)
    return lidmaatschappen


def uit_database(user) -> list[Lidmaatschap]:
    return list(
        Lidmaatschap.objects.actief()
        .filter(user_id=user.pk)
        .select_related("organisatie__gemeente")
        .order_by("pk")
    )


def _stempel() -> str:
    stempel = cache.get(STEMPEL)
    if stempel is None:
        # Evicted or never set: a fresh one, which no session holds yet.
        cache.add(STEMPEL, uuid.uuid4().hex, timeout=None)
        stempel = cache.get(STEMPEL)
    return stempel


def nieuwe_stempel() -> None:
    cache.set(STEMPEL, uuid.uuid4().hex, timeout=None)


def _velden(obj: Model) -> dict:
    # Strings as the serializer and fixtures write them: the session is JSON.
    return {
        f.attname: None if f.value_from_object(obj) is None else f.value_to_string(obj)
        for f in obj._meta.concrete_fields
    }


def _maak(model: type[Model], velden: dict) -> Model:
    attnames = [f.attname for f in model._meta.concrete_fields]
    waarden = [
        None if velden[f.attname] is None else f.to_python(velden[f.attname])
        for f in model._meta.concrete_fields
    ]
    return model.from_db(DEFAULT_DB_ALIAS, attnames, waarden)


def _voor_sessie(lidmaatschap: Lidmaatschap) -> dict:
    organisatie = lidmaatschap.organisatie
    return {
        "lidmaatschap": _velden(lidmaatschap),
        "organisatie": _velden(organisatie),
        "gemeente": _velden(organisatie.gemeente),
    }


def _uit_sessie(rij: dict) -> Lidmaatschap:
    lidmaatschap = _maak(Lidmaatschap, rij["lidmaatschap"])
    organisatie = _maak(Organisatie, rij["organisatie"])
    Organisatie.gemeente.field.set_cached_value(organisatie, _maak(Gemeente, rij["gemeente"]))
    Lidmaatschap.organisatie.field.set_cached_value(lidmaatschap, organisatie)
    return lidmaatschap


@receiver(post_save, sender=Lidmaatschap, dispatch_uid="lidmaatschap_bewaard")
@receiver(post_delete, sender=Lidmaatschap, dispatch_uid="lidmaatschap_weg")
@receiver(post_save, sender=Organisatie, dispatch_uid="organisatie_bewaard")
@receiver(post_delete, sender=Organisatie, dispatch_uid="organisatie_weg")
@receiver(post_save, sender=Gemeente, dispatch_uid="gemeente_bewaard")
@receiver(post_delete, sender=Gemeente, dispatch_uid="gemeente_weg")
def _gewijzigd(sender, **kwargs):
    nieuwe_stempel()
    transaction.on_commit(nieuwe_stempel)
