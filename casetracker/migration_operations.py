"""Migration operations the apps share."""

from django.db import migrations


def postgresql_indexes(indexes: dict[str, str]) -> migrations.RunPython:
    """Create (and on reverse, drop) indexes only PostgreSQL has: trigram GIN indexes,
    ``NULLS LAST`` orders, partial index-only counts.

    ``indexes`` maps an index name to the rest of its ``CREATE INDEX`` statement
    ("ON table USING gin (...)"). On SQLite nothing happens; the migration state is the same
    on both databases, so makemigrations stays clean.
    """

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name, definition in indexes.items():
                schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name in indexes:
                schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop, elidable=False)
