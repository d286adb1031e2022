"""One settings module, configured by environment variables (see README).

Without any variable the platform runs embedded: a SQLite file, Celery tasks
executed eagerly and a local-memory cache, so a fresh checkout works with
`make run`. DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis;
DJANGO_ENV=production hardens everything and refuses to start half-configured.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} moet true of false zijn, niet {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} moet een geheel getal zijn, niet {value!r}") from None


def env_list(name: str) -> list[str]:
    return [item.strip() for item in (os.environ.get(name) or "").split(",") if item.strip()]


DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in ("development", "production"):
    raise ImproperlyConfigured("DJANGO_ENV moet development of production zijn")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is verplicht in productie")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is verplicht in productie")
    DEBUG = False
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "testserver"]
    DEBUG = env_bool("DJANGO_DEBUG", True)

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "hulpverlening",
    "registratie",
    "doorverwijzing",
    "rapportering",
    "signalen",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Rosters and pages travel over weak mobile connections. Django's gzip
    # mitigates BREACH by padding (since 4.2).
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hulpverlening.middleware.NulTekensMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hulpverlening.middleware.GeenCacheMiddleware",
    "hulpverlening.middleware.MethodeNietToegestaanMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "hulpverlening.middleware.ActieveOrganisatieMiddleware",
    "hulpverlening.sessies.SessieMiddleware",
    "hulpverlening.audit.AuditMiddleware",
    "hulpverlening.mfa.MfaVerplichtMiddleware",
]

ROOT_URLCONF = "materielehulp.urls"
WSGI_APPLICATION = "materielehulp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hulpverlening.context_processors.lidmaatschap",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Lets PostgreSQL keep the plans of the registration's hand-written
        # statements (registratie/sqlrijen.py), prepared after 5 runs on a
        # connection. The ORM's own cursors bind on the client and never prepare.
        # Behind PgBouncer in transaction mode this needs PgBouncer 1.21 or later
        # with max_prepared_statements set.
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # IMMEDIATE: a transaction that reads and then writes (a sync batch)
            # takes the write lock up front and waits for it, instead of failing
            # at once with "database is locked" when another writer got there first.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if PRODUCTION and not REDIS_URL:
    # A cache per process forgets login limits and used TOTP codes between the
    # web workers: the same code was accepted twice.
    raise ImproperlyConfigured("REDIS_URL is verplicht in productie")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/Brussels"
# A task is acknowledged after it ran, and given back when its worker process dies
# (issue 11.8); Redis hands an unacknowledged message to another worker after the
# visibility timeout. Reports do not depend on that: their database row is the
# source of truth and beat re-sends what got stuck (rapportering/services.py).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Sending a task while Redis is down fails within seconds instead of blocking a
# page for 20 s; the report stays "wachtend" and beat sends it again.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    # Connecting to send: one retry, then give up (kombu retried for 20 s).
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
}
# When a report counts as stuck: "bezig" this long (a worker died), or "wachtend"
# this long after it was asked for (its message never reached a worker).
RAPPORT_BEZIG_GRENS = env_int("RAPPORT_BEZIG_GRENS_SECONDEN", 600)
RAPPORT_WACHTEND_GRENS = env_int("RAPPORT_WACHTEND_GRENS_SECONDEN", 120)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# allauth's backend alone: it is Django's ModelBackend plus e-mail logins, so the
# admin's username login still works. With both listed, a wrong password was
# hashed by each (twice the time: 0.85-1.1 s against 0.4 s for a right one).
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# Volunteers often have no e-mail address: log in with username or e-mail.
# Accounts are made by coordinators and beheerders, never by self sign-up.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "hulpverlening.accounts.AccountAdapter"
ACCOUNT_PREVENT_ENUMERATION = True
# A failed login counts against the IP address and against the account as seen
# from that address (AccountAdapter), so nobody elsewhere can lock a volunteer
# out; five tries per five minutes, then a cooloff, never a permanent lockout.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# After a reset the user logs in again, through the second step.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Adding, changing or removing an e-mail address asks for the password again
# (changing the password asks for the old one anyway), and the account's
# address hears of every change: an unlocked phone is not an account.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Rate limits and the audit log need the client's address. X-Forwarded-For is
# believed only from these addresses or networks (our TLS proxy); anyone else's
# header is ignored (hulpverlening/netwerk.py).
if env_str("TRUSTED_PROXY_COUNT"):
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT bestaat niet meer: zet TRUSTED_PROXIES op de adressen van uw proxy"
    )
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
try:
    for _proxy in TRUSTED_PROXIES:
        ipaddress.ip_network(_proxy, strict=False)
except ValueError as fout:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {fout}") from None
# Failed logins per account from any address together: a guesser who rotates
# addresses still meets a cooloff (the per-address limits are in ACCOUNT_RATE_LIMITS).
LOGIN_MISLUKT_PER_ACCOUNT = env_str("LOGIN_MISLUKT_PER_ACCOUNT", "20/h/key")
# Required for coordinators, caseworkers, city staff, beheerders (hulpverlening/mfa.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Materiële hulp Gent"
# One 30-second step either way: phone clocks drift. A code still works only once.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "hulpverlening.mfa.MFAAdapter"
# Phones are shared at distribution points: never "trust this browser".
MFA_TRUST_ENABLED = False

# Sessions end when the browser closes and at the latest after SESSION_COOKIE_AGE
# (a working day), however they were started. Phones at a distribution point are
# shared: the next volunteer must not inherit the session. Pickups queued on the
# phone survive this; they are sent after the next login.
ACCOUNT_SESSION_REMEMBER = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
# Idle limits (hulpverlening/sessies.py): staff after 30 minutes without a
# request; a volunteer 30 minutes after the moment whose desk they opened ends,
# or after two idle hours if they opened none.
SESSIE_INACTIEF_STAF = env_int("SESSIE_INACTIEF_STAF_MINUTEN", 30) * 60
SESSIE_NA_MOMENT = env_int("SESSIE_NA_MOMENT_MINUTEN", 30) * 60
SESSIE_INACTIEF_VRIJWILLIGER = env_int("SESSIE_INACTIEF_VRIJWILLIGER_MINUTEN", 120) * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Not HttpOnly: the desk's outbox reads the CSRF cookie, because a desk page
# restored from the service worker's cache can carry a token from before the
# last login (static/registratie/outbox.js, csrfToken).
CSRF_COOKIE_HTTPONLY = False

# Django's own CSP (6.0+). No inline scripts or styles anywhere: htmx's
# indicator style is switched off in base.html. The QR decoder starts its worker
# from a blob: URL (qr-scanner-worker.min.js), hence blob: for workers only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF, "blob:"],
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The camera for the desk's scanner, from this site only; nothing else a page
# could ask the browser for (django-permissions-policy).
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "display-capture": [],
}

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# E-mail: SMTP in production (or whenever EMAIL_HOST is set), else the console.
if PRODUCTION or env_str("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Materiële hulp Gent <noreply@localhost>")

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every render at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The desk (issue: privacy at first contact). Typed card codes per user and per
# organisation in a window of ten minutes (hulpverlening/getypte_codes.py); how
# many days after its day a phone keeps a roster (registratie/balie.py).
GETYPTE_CODES_LIMIET = {
    "gebruiker": env_int("GETYPTE_CODES_PER_GEBRUIKER", 30),
    "organisatie": env_int("GETYPTE_CODES_PER_ORGANISATIE", 150),
    "venster_seconden": 600,
}
ROOSTER_BEWAARDAGEN = env_int("ROOSTER_BEWAARDAGEN", 1)
