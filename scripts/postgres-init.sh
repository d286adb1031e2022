#!/bin/sh
# docker-compose.yml mounts this into the postgres image's /docker-entrypoint-initdb.d:
# it runs once, on an empty data volume, as the superuser, and creates the owner
# and app roles (scripts/postgres-rollen.sql, mounted at /opt/materielehulp).
set -eu
psql -X -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v eigenaar=materielehulp_eigenaar -v eigenaar_wachtwoord="$DB_EIGENAAR_PASSWORD" \
    -v app=materielehulp_app -v app_wachtwoord="$DB_APP_PASSWORD" \
    -f /opt/materielehulp/postgres-rollen.sql
