"""Settings of the gunicorn server that bench_registratie starts: the app's own, plus the ceiling.

Only the URLconf differs (bench/urls.py adds the ceiling view); DEBUG is off as in
production, DJANGO_ENV stays development so plain http on 127.0.0.1 works.
"""

from django.core.exceptions import ImproperlyConfigured

from materielehulp.settings import *  # noqa: F403
from materielehulp.settings import ALLOWED_HOSTS, PRODUCTION

if PRODUCTION:
    raise ImproperlyConfigured("bench.settings is for benchmarks on a throwaway database only")

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "127.0.0.1"]
