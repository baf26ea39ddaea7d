"""The demo data (fixtures/demo.json) in a test's database, loaded by ``manage.py loaddata``
once per test process and copied back from that load for every later test.

``loaddata`` reads the JSON, saves its 480 objects one by one with their history and judges
every stored flag at the end: about a second on PostgreSQL, for each of the forty-odd
tests and classes that read the demo (the browser tests load it once per test, as their
live server's tables are emptied after each). ``load_demo()`` keeps the rows that first load
wrote, table by table, and inserts them again (one statement per table, within one
transaction, the id sequences moved past them): the same rows, flags, history and derived
rows as ``loaddata`` writes, because they are what it wrote. The public pages' generation
moves, as after ``loaddata``.

Only into tables as empty as they were for that first load; otherwise (a test made rows
first) it runs ``loaddata`` again. The rows' references to content types (a citation's
fact) are read by the content type's name: a live-server test's database is emptied after
it, content types included, and they come back under new numbers. The tests of loading
itself (tests/test_demo_data.py, the partial dates', the backups') call ``loaddata``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from publishing import generation
from tests.shared_data import count_rows

DEMO = settings.BASE_DIR / "fixtures" / "demo.json"


@dataclass(frozen=True)
class _Table:
    model: type
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    # The positions of the columns that hold a content type's id, and those ids' names.
    content_types: tuple[int, ...] = ()
    names: tuple[tuple[int, tuple[str, str]], ...] = ()

    def rows_for(self, numbers: dict[tuple[str, str], int]) -> tuple[tuple, ...]:
        """The rows, with each content type under its number in this database."""
        if not self.content_types:
            return self.rows
        now = {old: numbers[name] for old, name in self.names}
        return tuple(
            tuple(
                now.get(value, value) if index in self.content_types else value
                for index, value in enumerate(row)
            )
            for row in self.rows
        )


# The tables a load filled, per test database of this process (None: the last load went
# into tables that held rows, and is not kept).
_loaded: dict[str, tuple[_Table, ...] | None] = {}


def load_demo() -> None:
    """fixtures/demo.json in the default database, as ``loaddata`` leaves it."""
    database = connection.settings_dict["NAME"]
    tables = _loaded.get(database)
    numbers = {name: number for number, name in _content_type_names().items()}
    if tables and _all_empty(tables) and _named(tables) <= set(numbers):
        with transaction.atomic():
            _insert(tables, numbers)
        generation.bump()
        return
    before = count_rows(_stored_models())
    call_command("loaddata", str(DEMO), verbosity=0)
    if not tables:
        _loaded[database] = _read(before)


# Rows the database writes itself (events 0036's triggers stamp the cases whose rows are
# inserted) or an export stores: they come back with the rows that make them.
_MADE_BY_THE_DATABASE = {"events.ExportStamp", "events.ExportLine"}


def _stored_models() -> list:
    """Every model with a table of its own (no proxies), m2m tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label not in _MADE_BY_THE_DATABASE
    ]


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _all_empty(tables: tuple[_Table, ...]) -> bool:
    return not any(count_rows(table.model for table in tables).values())


def _read(before: dict[str, int]) -> tuple[_Table, ...] | None:
    """Every table the load wrote to, with its rows; None (not kept) if it wrote to a table
    that held rows before, or holds values a plain INSERT would not take back (JSON)."""
    after = count_rows(_stored_models())
    filled = [apps.get_model(label) for label, count in after.items() if count != before[label]]
    if any(before[model._meta.label] for model in filled):
        return None
    tables = []
    with connection.cursor() as cursor:
        for model in filled:
            cursor.execute(f"SELECT * FROM {_quoted(model._meta.db_table)}")
            rows = tuple(map(tuple, cursor.fetchall()))
            if any(isinstance(value, dict | list) for row in rows for value in row):
                return None
            columns = tuple(column[0] for column in cursor.description)
            pointing = {
                field.column
                for field in model._meta.concrete_fields
                if field.is_relation and field.related_model is ContentType
            }
            positions = tuple(i for i, column in enumerate(columns) if column in pointing)
            used = {row[i] for row in rows for i in positions} - {None}
            names = tuple((number, _content_type_names()[number]) for number in sorted(used))
            tables.append(_Table(model, columns, rows, positions, names))
    return tuple(tables)


def _content_type_names() -> dict[int, tuple[str, str]]:
    return {
        number: (app_label, model)
        for number, app_label, model in ContentType.objects.values_list("pk", "app_label", "model")
    }


def _named(tables: tuple[_Table, ...]) -> set[tuple[str, str]]:
    """The content types the rows refer to, by name."""
    return {name for table in tables for _number, name in table.names}


def _insert(tables: tuple[_Table, ...], numbers: dict[tuple[str, str], int]) -> None:
    """The rows again; references are checked at commit (Django's foreign keys are
    deferrable), so the tables' order does not matter."""
    with connection.cursor() as cursor:
        for table in tables:
            columns = ", ".join(map(_quoted, table.columns))
            values = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(
                f"INSERT INTO {_quoted(table.model._meta.db_table)} ({columns}) VALUES ({values})",
                table.rows_for(numbers),
            )
        models = [table.model for table in tables]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
