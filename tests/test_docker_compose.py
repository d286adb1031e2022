"""docker-compose.yml: the application never logs in as the superuser or the owner."""

from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

COMPOSE = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "docker-compose.yml").read_text()
)
DIENSTEN = COMPOSE["services"]


def _gebruiker(dienst: str) -> str:
    url = DIENSTEN[dienst]["environment"]["DATABASE_URL"]
    return url.removeprefix("postgres://").split(":", 1)[0]


def test_web_worker_and_beat_log_in_as_the_app_role():
    superuser = DIENSTEN["postgres"]["environment"]["POSTGRES_USER"]
    for dienst in ("web", "worker", "beat"):
        assert _gebruiker(dienst) == "materielehulp_app"
        assert _gebruiker(dienst) != superuser
        assert "migrate" not in str(DIENSTEN[dienst]["command"])


def test_migrations_run_once_as_the_owner_before_the_app_starts():
    assert _gebruiker("migrate") == "materielehulp_eigenaar"
    assert DIENSTEN["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    for dienst in ("web", "worker", "beat"):
        voorwaarde = DIENSTEN[dienst]["depends_on"]["migrate"]["condition"]
        assert voorwaarde == "service_completed_successfully"
        assert "EIGENAAR" not in str(DIENSTEN[dienst]["environment"])


def test_the_database_init_script_creates_both_roles():
    volumes = " ".join(DIENSTEN["postgres"]["volumes"])
    assert "scripts/postgres-init.sh:/docker-entrypoint-initdb.d/" in volumes
    assert "scripts/postgres-rollen.sql:/opt/materielehulp/postgres-rollen.sql" in volumes


def test_only_the_proxy_publishes_a_port():
    """A published app port let X-Forwarded-For reach gunicorn past the proxy."""
    gepubliceerd = {dienst for dienst, inhoud in DIENSTEN.items() if inhoud.get("ports")}
    assert gepubliceerd == {"proxy"}


def test_the_app_trusts_forwarded_headers_only_from_the_proxys_fixed_address():
    adres = DIENSTEN["proxy"]["networks"]["intern"]["ipv4_address"]
    for dienst in ("web", "worker", "beat"):
        assert DIENSTEN[dienst]["environment"]["TRUSTED_PROXIES"] == adres
    assert "web:8000" in DIENSTEN["proxy"]["command"]
