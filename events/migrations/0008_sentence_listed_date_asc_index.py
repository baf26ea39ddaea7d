"""Case-list indexes on PostgreSQL: oldest-first order, and the unfiltered count.

- (case_date_start ASC NULLS LAST, id) WHERE listed: the list sorted oldest first;
- (id) WHERE listed AND is_public AND published: the exact count of the unfiltered list
  as an index-only scan (the predicate is exactly public_sentences()'s).
"""

from django.db import migrations

INDEXES = {
    "sentence_listed_date_asc_idx": "(case_date_start ASC NULLS LAST, id) WHERE listed",
    "sentence_public_count_idx": (
        "(id) WHERE listed AND is_public AND publication_status = 'published'"
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON events_sentence {definition}"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("events", "0007_protest_search_trigram_indexes")]

    operations = [migrations.RunPython(create, drop)]
