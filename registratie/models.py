import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hulpverlening.models import Afhaalmoment, Gezin, Hulpvorm, Kaart, Locatie, Organisatie


class Afhaling(models.Model):
    """One registered pickup: the fact every figure of the platform is counted from."""

    class Status(models.TextChoices):
        GEREGISTREERD = "geregistreerd", _("geregistreerd")
        TE_CONTROLEREN = "te_controleren", _("te controleren")
        ONGEDAAN = "ongedaan", _("ongedaan gemaakt")

    idempotentiesleutel = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    gezin = models.ForeignKey(Gezin, on_delete=models.PROTECT, related_name="afhalingen")
    kaart = models.ForeignKey(
        Kaart, on_delete=models.SET_NULL, null=True, blank=True, related_name="afhalingen"
    )
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    locatie = models.ForeignKey(Locatie, on_delete=models.PROTECT, related_name="afhalingen")
    afhaalmoment = models.ForeignKey(
        Afhaalmoment, on_delete=models.PROTECT, null=True, blank=True, related_name="afhalingen"
    )
    hulpvorm = models.ForeignKey(Hulpvorm, on_delete=models.PROTECT, related_name="+")
    datum = models.DateField(_("datum"), db_index=True)
    gescand_op = models.DateTimeField(_("gescand op"))
    ontvangen_op = models.DateTimeField(default=timezone.now)
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    apparaat = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.GEREGISTREERD)
    override_reden = models.CharField(_("reden van uitzondering"), max_length=200, blank=True)
    controle_reden = models.CharField(_("te controleren omdat"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("afhaling")
        verbose_name_plural = _("afhalingen")
        indexes = [
            models.Index(fields=["organisatie", "datum"], name="afhaling_org_datum"),
            models.Index(fields=["gezin", "datum"], name="afhaling_gezin_datum"),
        ]
        constraints = [
            # Two volunteers scanning one card at one moment register one pickup,
            # unless a volunteer deliberately overrode it with a reason.
            models.UniqueConstraint(
                fields=["gezin", "afhaalmoment", "datum"],
                condition=Q(override_reden="") & ~Q(status="ongedaan"),
                name="afhaling_een_per_gezin_per_moment",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["geregistreerd", "te_controleren", "ongedaan"]),
                name="afhaling_status_geldig",
            ),
        ]

    def __str__(self) -> str:
        return f"Afhaling {self.gezin_id} op {self.datum:%d/%m/%Y}"
