"""The project's URLs plus the PWA routes, for as long as the project does not include them."""

from django.urls import include, path

from materielehulp.urls import urlpatterns as project_urls

urlpatterns = [path("", include("registratie.pwa_urls")), *project_urls]
