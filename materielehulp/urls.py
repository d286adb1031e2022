from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from hulpverlening.accounts import beheer_login, email_beheren
from registratie import dossier_views as registratie_dossier_views

admin.site.site_header = "Materiële hulp — beheer"
admin.site.site_title = "Materiële hulp"
# One login for the whole site, with its limits and second step (issue 20.1).
admin.site.login = beheer_login

urlpatterns = [
    path("beheer/", admin.site.urls),
    # Before allauth's own: volunteers may not change the e-mail of their account.
    path("account/email/", email_beheren, name="account_email"),
    path("account/", include("allauth.urls")),
    path("registratie/", include("registratie.urls")),
    # The dossier reads referrals and pickups, so it is registratie's; its address stays.
    path(
        "doorverwijzingen/dossier/<int:gezin>/",
        registratie_dossier_views.gezinsdossier,
        name="gezinsdossier",
    ),
    path("doorverwijzingen/", include("doorverwijzing.urls")),
    path("signalen/", include("signalen.urls")),
    path("rapporten/", include("rapportering.urls")),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["registratie"]),
        name="javascript_catalog",
    ),
    path("", include("registratie.pwa_urls")),
    path("", include("hulpverlening.urls")),
]
