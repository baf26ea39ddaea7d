"""GIN trigram indexes for the header search over protests, on PostgreSQL only.

The search matches protest titles, places and localities case-insensitively (``icontains``, which Django
writes as ``UPPER(col::text) LIKE UPPER('%…%')``); these expression indexes answer that
without reading every protest. SQLite has no pg_trgm: nothing happens there.
"""

from django.db import migrations

INDEXES = [
    ("events_protest", "title", "protest_title_upper_trgm"),
    ("events_protest", "place", "protest_place_upper_trgm"),
    ("events_protest", "locality", "protest_locality_upper_trgm"),
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
    dependencies = [("events", "0006_sentence_history_listing"), ("people", "0002_pg_trgm")]

    operations = [migrations.RunPython(create, drop)]
