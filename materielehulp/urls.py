from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Materiële hulp — beheer"
admin.site.site_title = "Materiële hulp"

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("account/", include("allauth.urls")),
    path("registratie/", include("registratie.urls")),
    path("doorverwijzingen/", include("doorverwijzing.urls")),
    path("signalen/", include("signalen.urls")),
    path("rapporten/", include("rapportering.urls")),
    path("", include("registratie.pwa_urls")),
    path("", include("hulpverlening.urls")),
]
