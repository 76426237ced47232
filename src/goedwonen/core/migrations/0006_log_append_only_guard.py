"""The database refuses changes to the processing log other than appending and sealing
(core/log_guard.py): triggers on PostgreSQL and SQLite, and on PostgreSQL no UPDATE, DELETE or
TRUNCATE on the log tables for PUBLIC.

The guard's SQL lives in core/log_guard.py, not here, because a later migration that rebuilds
one of these tables on SQLite (which drops its triggers) must install the same guard again.
"""

from django.db import migrations

from goedwonen.core import log_guard


def install(apps, schema_editor):
    log_guard.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    log_guard.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_ketencontrole_kop")]

    operations = [migrations.RunPython(install, uninstall)]
