from django.urls import path

from . import privacy_views, views, vrijwilligers_views

urlpatterns = [
    path("", views.home, name="home"),
    path("organisatie/", views.kies_organisatie, name="kies_organisatie"),
    path("gezinnen/", views.gezin_lijst, name="gezin_lijst"),
    path("organisatie/contact/", views.organisatie_contact, name="organisatie_contact"),
    path("gezinnen/nieuw/", views.gezin_nieuw, name="gezin_nieuw"),
    path("gezinnen/<int:pk>/", views.gezin_detail, name="gezin_detail"),
    path("gezinnen/<int:pk>/wijzigen/", views.gezin_wijzigen, name="gezin_wijzigen"),
    path("gezinnen/<int:pk>/kaart/nieuw/", views.gezin_kaart_nieuw, name="gezin_kaart_nieuw"),
    path(
        "gezinnen/<int:pk>/kaart/koppelen/", views.gezin_kaart_koppelen, name="gezin_kaart_koppelen"
    ),
    path(
        "gezinnen/<int:pk>/kaart/intrekken/",
        views.gezin_kaart_intrekken,
        name="gezin_kaart_intrekken",
    ),
    path("gezinnen/<int:pk>/kaart.pdf", views.gezin_kaart_pdf, name="gezin_kaart_pdf"),
    path("kaarten/opzoeken/", views.kaart_opzoeken, name="kaart_opzoeken"),
    path("kaarten/reeksen/", views.kaartbatch_lijst, name="kaartbatch_lijst"),
    path("kaarten/reeksen/<int:pk>.pdf", views.kaartbatch_pdf, name="kaartbatch_pdf"),
    path("auditlog/", views.auditlog, name="auditlog"),
    path("vrijwilligers/", vrijwilligers_views.vrijwilligers, name="vrijwilligers"),
    path(
        "vrijwilligers/<int:pk>/afmelden/",
        vrijwilligers_views.vrijwilliger_afmelden,
        name="vrijwilliger_afmelden",
    ),
    path("berichten/", views.berichten, name="berichten"),
    path(
        "gezinnen/<int:pk>/gegevens.json",
        privacy_views.gezin_export_json,
        name="gezin_export_json",
    ),
    path("gezinnen/<int:pk>/gegevens.pdf", privacy_views.gezin_export_pdf, name="gezin_export_pdf"),
    path("gezinnen/<int:pk>/wissen/", privacy_views.gezin_wissen, name="gezin_wissen"),
    path(
        "privacy/verwerkingsregister/",
        privacy_views.verwerkingsregister,
        name="verwerkingsregister",
    ),
]
