"""tests.demo: the demo data copied back from the first load holds exactly what
``loaddata`` writes, and a page cached before it moves on."""

import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

from events.models import ExportStamp
from publishing import generation
from sources.models import Citation
from tests import demo

pytestmark = pytest.mark.django_db


def fixture_tables() -> set[str]:
    return {
        apps.get_model(row["model"])._meta.db_table
        for row in json.loads(demo.DEMO.read_text(encoding="utf-8"))
    }


def contents() -> dict[str, list]:
    """Every row of every table, but for the numbers the database gives as it writes (on
    PostgreSQL a rolled-back insert still moves the sequence): the ids of the rows the
    fixture does not number (the proceedings' protests, the case places), and how many
    writes stamped each case (events.ExportStamp: loaddata writes a row several times, the
    copy once; which cases are stamped is compared)."""
    tables = connection.introspection.django_table_names(only_existing=True)
    numbered = fixture_tables()
    counted = {(ExportStamp._meta.db_table, "number")}
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            kept = [
                i
                for i, column in enumerate(cursor.description)
                if (column[0] != "id" or table in numbered) and (table, column[0]) not in counted
            ]
            rows = sorted(repr(tuple(row[i] for i in kept)) for row in cursor.fetchall())
            if rows:
                found[table] = rows
    return found


def loaded(load) -> dict[str, list]:
    with transaction.atomic():
        load()
        found = contents()
        transaction.set_rollback(True)
    return found


def test_the_copy_holds_the_rows_loaddata_writes_and_moves_the_generation():
    by_loaddata = loaded(lambda: call_command("loaddata", str(demo.DEMO), verbosity=0))
    loaded(demo.load_demo)  # the first in this process loads, and keeps a copy
    assert demo._loaded[connection.settings_dict["NAME"]], "no copy was kept"
    before = generation.state()
    assert loaded(demo.load_demo) == by_loaddata
    assert generation.state() != before
    assert {"events_sentence", "sources_citation", "events_caseplace"} <= set(by_loaddata)


def test_into_tables_that_hold_rows_it_runs_loaddata(monkeypatch):
    loaded(demo.load_demo)
    demo_rows = loaded(demo.load_demo)
    calls = []
    monkeypatch.setattr(demo, "call_command", lambda *args, **kwargs: calls.append(args))
    with transaction.atomic():
        demo.load_demo()  # a copy
        demo.load_demo()  # the tables are no longer empty
        transaction.set_rollback(True)
    assert len(calls) == 1 and demo_rows


@pytest.mark.django_db(transaction=True)
def test_after_the_database_is_emptied_the_copy_finds_each_citations_fact(monkeypatch):
    """A live-server test's database is emptied after it, content types included, which come
    back under new numbers: the copy's citations still point to their facts."""
    demo.load_demo()
    call_command("flush", interactive=False, verbosity=0)
    monkeypatch.setattr(demo, "call_command", lambda *args, **kwargs: pytest.fail("loaddata ran"))
    demo.load_demo()
    citations = Citation.objects.all()
    assert citations and all(citation.fact is not None for citation in citations)
