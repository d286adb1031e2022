from django.urls import path

from . import import_views

urlpatterns = [
    path("", import_views.import_upload, name="import_upload"),
    path("verslag.csv", import_views.import_verslag_csv, name="import_verslag_csv"),
    path("api/", import_views.import_api, name="import_api"),
]
