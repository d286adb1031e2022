"""Production mode refuses to start half-configured and passes Django's deploy check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    eigen = ("DJANGO_", "REDIS_URL", "TRUSTED_PROXY")
    omgeving = {k: v for k, v in os.environ.items() if not k.startswith(eigen)}
    omgeving |= env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_refuses_to_start():
    result = _manage("check", DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is verplicht" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    result = _manage("check", DJANGO_ENV="production", DJANGO_SECRET_KEY="k" * 60)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is verplicht" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="Zr8-vQ2!kLm#9pW4xT7@bN1$cF6^hJ3&dS5*gA0(eY2)uI8_oP4+",
        DJANGO_ALLOWED_HOSTS="hulp.gent.be",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_redis_refuses_to_start():
    """A cache per process let two web workers accept the same TOTP code twice."""
    result = _manage(
        "check", DJANGO_ENV="production", DJANGO_SECRET_KEY="k" * 60, DJANGO_ALLOWED_HOSTS="a.be"
    )
    assert result.returncode != 0
    assert "REDIS_URL is verplicht in productie" in result.stderr


def test_the_old_proxy_count_is_refused_with_what_to_set_instead():
    result = _manage("check", TRUSTED_PROXY_COUNT="1")
    assert result.returncode != 0
    assert "zet TRUSTED_PROXIES" in result.stderr


def test_a_bad_trusted_proxy_is_a_clear_configuration_error():
    result = _manage("check", TRUSTED_PROXIES="10.0.0.1,proxy.local")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr


def test_a_bad_boolean_is_a_clear_configuration_error():
    result = _manage("check", DJANGO_DEBUG="misschien")
    assert result.returncode != 0
    assert "DJANGO_DEBUG moet true of false zijn" in result.stderr
