"""Migration operations the apps share."""

from importlib import import_module

from django.db import migrations


def postgresql_only(create: list[str], drop: list[str]) -> migrations.RunPython:
    """Run the statements ``create`` (and on reverse, ``drop``) on PostgreSQL only. On
    SQLite nothing happens; the migration state is the same on both databases, so
    makemigrations stays clean."""

    def run(statements):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return operation

    return migrations.RunPython(run(create), run(drop), elidable=False)


def postgresql_indexes(indexes: dict[str, str]) -> migrations.RunPython:
    """Create (and on reverse, drop) indexes only PostgreSQL has: trigram GIN indexes,
    ``NULLS LAST`` orders, partial index-only counts.

    ``indexes`` maps an index name to the rest of its ``CREATE INDEX`` statement
    ("ON table USING gin (...)").
    """
    return postgresql_only(
        [f"CREATE INDEX IF NOT EXISTS {name} {definition}" for name, definition in indexes.items()],
        [f"DROP INDEX IF EXISTS {name}" for name in indexes],
    )


def gin_without_pending_list(names: list[str]) -> migrations.RunPython:
    """Turn off the fast-update pending list of the GIN indexes ``names`` (PostgreSQL's
    ``fastupdate``) and merge what it holds into the index.

    With the list on, a write adds its trigrams to an unsorted list that every search then
    reads whole, until a vacuum or the list's 4 MB limit merges it: after a bulk write (an
    import, a visibility refresh) the name search's statement took 19 ms instead of 8.9 at
    the benchmark's size, and what a search costs came to depend on how long ago the table
    was vacuumed. The site is read far more than written (researchers enter cases by
    hand), so each write puts its trigrams in place, as PostgreSQL's documentation advises
    when steady response time matters more than update speed.
    """
    return postgresql_only(
        [
            statement
            for name in names
            for statement in (
                f"ALTER INDEX {name} SET (fastupdate = off)",
                f"SELECT gin_clean_pending_list('{name}'::regclass)",
            )
        ],
        [f"ALTER INDEX {name} RESET (fastupdate)" for name in names],
    )


def postgresql_statistics(statistics: dict[str, str]) -> migrations.RunPython:
    """Create (and on reverse, drop) extended statistics, which only PostgreSQL has.

    ``statistics`` maps a name to the rest of its ``CREATE STATISTICS`` statement
    ("ON (upper(column::text)) FROM table"). The planner has no statistics of an expression
    a partial index holds: without these it guessed 978 of 240,663 Kazakh cases and sorted
    them all for a page.
    """
    return postgresql_only(
        [f"CREATE STATISTICS IF NOT EXISTS {name} {rest}" for name, rest in statistics.items()],
        [f"DROP STATISTICS IF EXISTS {name}" for name in statistics],
    )


def widen_columns(columns: dict[str, list[str]], max_length: int) -> migrations.RunPython:
    """Widen text columns to ``max_length`` on PostgreSQL (SQLite ignores lengths).

    ``columns`` maps "app_label.Model" to field names. For a field whose deconstruction left
    out ``max_length`` when it was the default, the migration state cannot tell that the
    default changed, so AlterField would find nothing to do: the columns are widened here.
    Reversing leaves them wide (narrowing could cut stored values).
    """

    def widen(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for label, names in columns.items():
            meta = apps.get_model(label)._meta
            for name in names:
                column = meta.get_field(name).column
                schema_editor.execute(
                    f"ALTER TABLE {quote(meta.db_table)} "
                    f"ALTER COLUMN {quote(column)} TYPE varchar({int(max_length)})"
                )

    # Elidable: a squash creates the columns at their width now.
    return migrations.RunPython(widen, migrations.RunPython.noop, elidable=True)


def kept_by_squash(app_label: str, names: list[str]) -> list[migrations.RunPython]:
    """The operations of the squashed migrations ``names`` that a new database still needs:
    each RunPython not marked elidable (the roles, PostgreSQL's own indexes and statistics),
    in their order.

    The squash creates every model as it is now (what ``makemigrations`` writes for an empty
    app); these run after it. An elidable operation changes only rows or columns a new
    database does not have yet, and is left out.
    """
    kept = []
    for name in names:
        migration = import_module(f"{app_label}.migrations.{name}").Migration
        kept += [
            operation
            for operation in migration.operations
            if isinstance(operation, migrations.RunPython) and not operation.elidable
        ]
    return kept


def recompute_search_keys(models: dict[str, str], batch_size: int = 2000) -> migrations.RunPython:
    """Compute the stored search keys of ``models`` (``"app_label.Model"``: the key's field)
    again, after casetracker.search changed how a name is folded: a key stored by the old
    fold would not match a query folded by the new one. Every row, public or not; only the
    rows whose key changed are written. The field computes its value from its source
    (casetracker.fields.DerivedValue), with the fold of the code that runs the migration,
    so reversing computes nothing: the older code's own migration would."""

    def recompute(apps, schema_editor):
        for label, field_name in models.items():
            model = apps.get_model(label)
            manager = model._default_manager.db_manager(schema_editor.connection.alias)
            field = model._meta.get_field(field_name)
            rows = manager.only("pk", field.source, field_name).order_by("pk")
            changed = []
            for row in rows.iterator(chunk_size=batch_size):
                if row.__dict__[field.attname] != getattr(row, field.attname):
                    changed.append(row)
                if len(changed) >= batch_size:
                    manager.bulk_update(changed, [field_name])
                    changed = []
            if changed:
                manager.bulk_update(changed, [field_name])

    return migrations.RunPython(recompute, migrations.RunPython.noop, elidable=False)
