"""The app's URLs plus the bench-only ceiling view (bench/ceiling.py)."""

from django.urls import path

from materielehulp.urls import urlpatterns as app_urlpatterns

from .ceiling import plafond

urlpatterns = [path("bench/plafond/", plafond, name="bench_plafond"), *app_urlpatterns]
