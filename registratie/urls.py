from django.urls import path

from . import views

urlpatterns = [
    path("", views.balie_kiezen, name="balie_kiezen"),
    path("balie/<int:moment>/", views.balie_view, name="balie"),
    path("balie/<int:moment>/paneel/", views.paneel, name="paneel"),
    path("balie/<int:moment>/registreren/", views.registreren, name="registreren"),
    path("balie/<int:moment>/zoeken/", views.zoeken, name="balie_zoeken"),
    path("balie/<int:moment>/toestemming/", views.toestemming, name="balie_toestemming"),
    path("balie/<int:moment>/zelfmelder/", views.zelfmelder, name="zelfmelder"),
    path("balie/<int:moment>/rooster.json", views.rooster, name="rooster"),
    path("afhalingen/<uuid:sleutel>/ongedaan/", views.ongedaan, name="afhaling_ongedaan"),
    path("api/afhalingen/", views.sync_api, name="sync_api"),
    path("api/afhalingen/bekend/", views.sync_bekend, name="sync_bekend"),
    path("te-controleren/", views.te_controleren, name="te_controleren"),
    path("regels/", views.afhaalregels, name="afhaalregels"),
    path("waardebonnen/", views.waardebonnen, name="waardebonnen"),
]
