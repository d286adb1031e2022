"""Settings of the gunicorn server that bench_registratie starts: the app's own, plus the ceiling.

Only the URLconf differs (bench/urls.py adds the ceiling view); DEBUG is off as in
production, DJANGO_ENV stays development so plain http on 127.0.0.1 works.
"""

from django.core.exceptions import ImproperlyConfigured

from materielehulp.settings import *  # noqa: F403
from materielehulp.settings import ALLOWED_HOSTS, PRODUCTION, env_str

if PRODUCTION:
    raise ImproperlyConfigured("bench.settings is for benchmarks on a throwaway database only")

ROOT_URLCONF = "bench.urls"
# The servers' cache is Redis, as in production: each gunicorn worker must see the
# same memberships' stamp (scripts/bench.sh starts a throwaway Redis).
if BENCH_REDIS_URL := env_str("BENCH_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": BENCH_REDIS_URL,
        }
    }
DEBUG = False
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "127.0.0.1"]
