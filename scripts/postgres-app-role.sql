-- The application's own database role on PostgreSQL: all it needs, and no way to change or
-- remove lines of the processing log (docs/adr/0003-processing-log.md, "Deployment").
--
-- Run it as the role that owns the tables (the one that runs `goedwonen migrate`), once:
--   psql "$OWNER_DATABASE_URL" -v app_role=goedwonen_app -f scripts/postgres-app-role.sql
-- The application then connects as goedwonen_app. That role is created by the DBA (LOGIN and
-- a password) and must not own the tables, be a member of the owning role, or be a superuser:
-- an owner can drop the guard's triggers, and REVOKE does not bind it.

GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
-- Tables that later migrations create (as the owner) get the same.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";

-- The processing log: append, and seal (the one update a line gets, of these columns only).
REVOKE UPDATE, DELETE, TRUNCATE ON core_verwerkingslog, core_auditregel, core_logketting FROM :"app_role";
GRANT UPDATE (volgnummer, vorige_hash, hash) ON core_verwerkingslog TO :"app_role";
GRANT UPDATE (volgnummer, hash) ON core_logketting TO :"app_role";
