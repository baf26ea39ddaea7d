"""GIN trigram indexes for the header search over sources, on PostgreSQL only.

The search matches headlines and outlets case-insensitively (``icontains``, which Django
writes as ``UPPER(col::text) LIKE UPPER('%…%')``); these expression indexes answer that
without reading 50,000 sources. SQLite has no pg_trgm: nothing happens there.
"""

from django.db import migrations

INDEXES = [
    ("sources_source", "headline", "source_headline_upper_trgm"),
    ("sources_source", "outlet", "source_outlet_upper_trgm"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, name in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("sources", "0003_stored_visibility"), ("people", "0002_pg_trgm")]

    operations = [migrations.RunPython(create, drop)]
