"""manage.py dagtaken: the daily jobs of Celery beat, once, now.

`make run` has no beat: without this, referrals that ended stay "aanvaard" in
the demo until a beat that never comes. Production runs them from beat.
"""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from doorverwijzing.tasks import doorverwijzingen_opvolgen
from registratie.tasks import laatste_activiteit_bijwerken


class Command(BaseCommand):
    help = (
        "Voert de dagelijkse taken (verlopen doorverwijzingen, laatste activiteit) nu één keer uit."
    )

    def handle(self, *args, **options):
        # Demo accounts have no real mailbox, and dozens of warning mails on the console
        # would push the demo logins off the screen.
        with override_settings(
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
        ):
            opgevolgd = doorverwijzingen_opvolgen()
            bijgewerkt = laatste_activiteit_bijwerken()
        self.stdout.write(
            f"Doorverwijzingen verlopen: {opgevolgd['verlopen']}, "
            f"gewaarschuwd: {opgevolgd['gewaarschuwd']}; gezinnen bijgewerkt: {bijgewerkt}."
        )
