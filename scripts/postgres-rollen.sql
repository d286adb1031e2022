-- The platform's two database roles (docs/infrastructure.md, "Databaserollen").
-- Run with psql as a superuser, connected to the platform's database:
--   psql -v eigenaar=NAAM -v eigenaar_wachtwoord=... -v app=NAAM -v app_wachtwoord=... -f ...
-- The owner role owns the database, its schema and every table: migrations run
-- as it. The application logs in as the app role, which owns nothing and gets
-- data rights only, through default privileges on whatever the owner creates;
-- migration hulpverlening 0009 takes UPDATE, DELETE, TRUNCATE and TRIGGER on the
-- audit log away again. Not owning a table, the app role cannot truncate it,
-- disable or drop its triggers, or replace their function.
-- With -v alleen_standaardrechten=1 only the default privileges are set (for
-- template1, so that test databases created from it get them too).
\set ON_ERROR_STOP on
\if :{?alleen_standaardrechten}
\else
CREATE ROLE :"eigenaar" LOGIN PASSWORD :'eigenaar_wachtwoord';
CREATE ROLE :"app" LOGIN PASSWORD :'app_wachtwoord';
SELECT format('ALTER DATABASE %I OWNER TO %I', current_database(), :'eigenaar') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'app') \gexec
ALTER SCHEMA public OWNER TO :"eigenaar";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
\endif
ALTER DEFAULT PRIVILEGES FOR ROLE :"eigenaar" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"eigenaar" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"app";
