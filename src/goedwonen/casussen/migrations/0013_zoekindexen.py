"""Trigram indexes for the case search on PostgreSQL (ADR 0027): a word of a title, a part of a
reference or of a street name found without reading every case. `icontains` is
`UPPER(column) LIKE UPPER('%term%')` on PostgreSQL, so the indexes are on UPPER(column).
pg_trgm ships with PostgreSQL and is a trusted extension: the database's owner, who runs
`migrate`, may create it. On SQLite nothing changes."""

from django.db import migrations

INDEXES = [
    ("casus_titel_trgm", "casussen_casus", "titel"),
    ("casus_referentie_trgm", "casussen_casus", "referentie"),
    ("adres_straat_trgm", "registry_adres", "openbareruimte"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("casussen", "0012_wachtrij_indexen"),
        ("registry", "0006_eigenaar_postadres"),
    ]

    operations = [migrations.RunPython(create, drop)]
