"""GIN trigram indexes on every name search key, on PostgreSQL only.

They serve both the folded match (``LIKE '%key%'``) and the trigram operators of
people.selectors. SQLite has no pg_trgm: there the operation does nothing, and the plain
B-tree indexes on search_key remain. Kept out of the models' Meta.indexes so that the
migration state is the same on both databases and makemigrations stays clean.
"""

from django.db import migrations

INDEXES = [
    ("personname", "personname_search_key_trgm"),
    ("person", "person_search_key_trgm"),
    ("organization", "organization_search_key_trgm"),
    ("organizationname", "organizationname_search_key_trgm"),
]


def _tables(apps, schema_editor):
    quote = schema_editor.quote_name
    for model_name, index_name in INDEXES:
        table = apps.get_model("people", model_name)._meta.db_table
        yield quote(table), quote(index_name)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in _tables(apps, schema_editor):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_key gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, index in _tables(apps, schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_person_search_key")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
