from django.urls import path

from . import views

urlpatterns = [
    path("", views.signalen_inbox, name="signalen_inbox"),
    path("melden/", views.melding_nieuw, name="melding_nieuw"),
    path("melden/controleren/", views.melding_controleren, name="melding_controleren"),
    path("mijn-meldingen/", views.mijn_meldingen, name="mijn_meldingen"),
    path("meldingen/<int:pk>/klasseren/", views.melding_klasseren, name="melding_klasseren"),
    path("meldingen/geklasseerd/", views.meldingen_geklasseerd, name="meldingen_geklasseerd"),
    path("meldingen/<int:pk>/terugzetten/", views.melding_terugzetten, name="melding_terugzetten"),
    path("nieuw/", views.signaal_nieuw, name="signaal_nieuw"),
    path("lijst/", views.signaal_lijst, name="signaal_lijst"),
    path("<int:pk>/", views.signaal_detail, name="signaal_detail"),
    path("<int:pk>/status/", views.signaal_status, name="signaal_status"),
    path("<int:pk>/bewerken/", views.signaal_bewerken, name="signaal_bewerken"),
    path("<int:pk>/meldingen/", views.signaal_meldingen, name="signaal_meldingen"),
    path("dossier.pdf", views.signalen_pdf, name="signalen_pdf"),
    path("signalen.csv", views.signalen_csv, name="signalen_csv"),
    path("themas/", views.signalen_themas, name="signalen_themas"),
    path("gemeenten/", views.signalen_vvsg, name="signalen_vvsg"),
]
