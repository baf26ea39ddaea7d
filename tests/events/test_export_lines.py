"""Stored lines of the CSV export (PostgreSQL): a row's line is served again only while
nothing it reads has been written since, whatever wrote it (events 0036's triggers)."""

import re
import threading
from decimal import Decimal

import pytest
from django.db import DataError, IntegrityError, connection, connections, models, transaction
from django.db.models import QuerySet

from casetracker.partial_dates import PartialDateField
from events import csv_export
from events.csv_export import StoredLines, stream
from events.filters import CaseFilter
from events.models import (
    Charge,
    CourtRole,
    ExportLine,
    Hearing,
    HearingKind,
    Occasion,
    PretrialMeasure,
)
from people.models import ReportedAge
from publishing import services, upkeep
from sources.models import Citation
from tests.events.test_case_csv import read_rows
from tests.events.test_case_list import cited, detention, fine
from tests.factories import (
    CourtFactory,
    PersonFactory,
    PersonNameFactory,
    PlaceFactory,
    ProtestFactory,
)

PUBLISHED = {"publication_status": "published"}

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="lines are stored on PostgreSQL only"
    ),
]


def export() -> bytes:
    """Every listed row, as a reader downloads it (not through the view, whose kept exports
    follow the site's generation, which plain SQL does not move)."""
    return b"".join(stream(CaseFilter({}).qs, lambda path: f"http://testserver{path}"))


def made(monkeypatch) -> list[int]:
    """The sentences whose lines the exports from now on make afresh (not stored ones)."""
    rows = []
    bind = csv_export.Batch.bind

    def spy(self, params, batch):
        rows.extend(row[0] for row in batch)
        return bind(self, params, batch)

    monkeypatch.setattr(csv_export.Batch, "bind", spy)
    return rows


def row_of(body: bytes, sentence) -> dict:
    (row,) = [row for row in read_rows(body) if row["sentence_id"] == str(sentence.pk)]
    return row


def fresh() -> bytes:
    ExportLine.objects.all().delete()
    return export()


def two_cases():
    """A case with a record of every kind its row reads, and another that shares none."""
    court_place, protest_place = cited(PlaceFactory()), cited(PlaceFactory())
    court = cited(CourtFactory(name="Almaty court", location=court_place))
    appeal = cited(CourtFactory(name="Regional court"))
    protest = cited(ProtestFactory(title="Picket", start="2021-06", location=protest_place))
    occasion = cited(
        Occasion.objects.create(
            name="Visit", kind="state_visit", date="2021-06", publication_status="published"
        )
    )
    protest.occasions.add(occasion)
    sentence = fine(
        145000,
        name="Gulbaran Omirali",
        names=["Гульбаран Омирали"],
        court=court,
        protests=[protest],
        charges=[("Art. 488", "taking part in a rally")],
        fine_usd_as_reported=Decimal("340"),
    )
    proceeding = sentence.proceeding
    published = {"publication_status": "published"}
    cited(
        ReportedAge.objects.create(person=proceeding.person, age=45, as_of="2018-08", **published)
    )
    judge = cited(PersonFactory(preferred_name="Judge Dredd"))
    cited(CourtRole.objects.create(proceeding=proceeding, person=judge, role="judge", **published))
    cited(
        Hearing.objects.create(
            proceeding=proceeding,
            kind=HearingKind.TRANSFER,
            date="2021-06-20",
            court=court,
            from_court=appeal,
            **published,
        )
    )
    cited(
        PretrialMeasure.objects.create(
            proceeding=proceeding,
            kind="detention",
            start="2021-06",
            circumstance="at_protest",
            **published,
        )
    )
    other = detention(
        15,
        name="Other Person",
        court=cited(CourtFactory(name="Other court")),
        protests=[cited(ProtestFactory(title="Other picket"))],
        charges=[("Art. 400", "other charge")],
    )
    return sentence, other


def records_read(sentence) -> list[models.Model]:
    """Every record the first case's row reads."""
    proceeding = sentence.proceeding
    person = proceeding.person
    protest = proceeding.protests.get()
    citations = list(Citation.objects.filter(object_id=sentence.pk, content_type__model="sentence"))
    roles = list(CourtRole.objects.filter(proceeding=proceeding))
    hearings = list(Hearing.objects.filter(proceeding=proceeding))
    return [
        sentence,
        sentence.ruling,
        proceeding,
        person,
        *person.names.all(),
        *ReportedAge.objects.filter(person=person),
        *Charge.objects.filter(proceeding=proceeding),
        *roles,
        *(role.person for role in roles),
        *hearings,
        *(hearing.from_court for hearing in hearings),
        *PretrialMeasure.objects.filter(proceeding=proceeding),
        protest,
        *protest.occasions.all(),
        protest.location,
        proceeding.court,
        proceeding.court.location,
        *citations,
        *(citation.source for citation in citations),
    ]


def changed_value(field, value):
    """Another value for a column, or None when the column is not one this test changes
    (keys to other rows: moves are the next test's)."""
    generic_keys = {getattr(f, "fk_field", None) for f in field.model._meta.private_fields}
    if field.is_relation or field.name in generic_keys:
        return None
    if isinstance(field, models.BooleanField):
        return not value
    if field.choices or isinstance(field, PartialDateField):
        return None
    if isinstance(field, models.CharField | models.TextField):
        return (f"Changed {field.name} " + (value or ""))[: field.max_length or 200]
    if isinstance(field, models.DecimalField | models.IntegerField) and value is not None:
        return value + 1
    return None


def test_every_table_the_statement_reads_stamps_the_cases_that_read_it(client):
    """The whole class: a table the export's statement reads without a trigger would let a
    stored line outlive what it shows."""
    sentence, _ = two_cases()
    with connection.cursor() as cursor:
        statement = "".join(
            sql
            for sql, _ in csv_export.statements(
                CaseFilter({}).qs, lambda path: f"http://testserver{path}", 10
            )
        )
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE '%%export_stamp%%'"
        )
        triggers = cursor.fetchall()
    read = set(re.findall(r'(?:FROM|JOIN) "(\w+)"', statement)) - {"django_content_type"}
    stamped = {
        table
        for table, _ in triggers
        if {f"{table}_export_stamp_{op}" for op in ("insert", "update", "delete")}
        <= {name for _, name in triggers}
    }
    assert len(read) >= 15
    assert read <= stamped, read - stamped


def test_a_stored_line_is_served_until_something_it_reads_is_written(monkeypatch):
    """Each column of each record the row reads is written by plain SQL (no signal, no
    upkeep): the export with stored lines must equal one made afresh, every time, and the
    other case's line, which read none of it, must stay stored."""
    sentence, other = two_cases()
    first = export()
    made_again = made(monkeypatch)
    assert export() == first
    assert made_again == []  # every line was stored

    changed = set()
    for record in records_read(sentence):
        record.refresh_from_db()  # the flags as the upkeep stored them
        model = type(record)
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            value = changed_value(field, getattr(record, field.attname))
            if value is None:
                continue
            before = fresh()
            made_again.clear()
            row = model._base_manager.filter(pk=record.pk)
            try:
                with transaction.atomic():
                    QuerySet.update(row, **{field.attname: value})
            except (IntegrityError, DataError):
                continue  # a value the table's constraints refuse
            after = export()
            assert other.pk not in made_again, (model.__name__, field.name)
            assert after == fresh(), (model.__name__, field.name)
            if after != before:
                changed.add((model.__name__, field.name))
            # As it was, so that the next column's change shows (a flag may hide the row).
            QuerySet.update(row, **{field.attname: getattr(record, field.attname)})
    assert {
        ("Person", "preferred_name"),
        ("Organization", "is_public"),
        ("PersonName", "name"),
        ("Organization", "name"),
        ("Place", "name"),
        ("Occasion", "name"),
        ("Protest", "title"),
        ("Charge", "as_reported"),
        ("Source", "headline"),
        ("Sentence", "amount_as_reported"),
        ("ReportedAge", "age"),
    } <= changed, changed


def test_a_refresh_that_changes_no_verdict_keeps_every_line_stored(monkeypatch):
    """The visibility upkeep judges every row it is given; it used to write each one back,
    changed or not, and each write stamped the row's cases, so that a refresh of every
    record (loaddata, ``refresh_visibility``) had every line of the export made again.
    Only a row whose flag or listing values change is written now; one that changes still
    is, and its line follows."""
    sentence, other = two_cases()
    first = export()
    made_again = made(monkeypatch)
    upkeep.refresh_all()
    assert export() == first
    assert made_again == []

    person = sentence.proceeding.person
    # Retracted by plain SQL (no signal, no upkeep): the refresh writes the verdict.
    QuerySet.update(type(person)._base_manager.filter(pk=person.pk), publication_status="retracted")
    upkeep.refresh_all()
    person.refresh_from_db()
    sentence.refresh_from_db()
    assert not person.is_public and not sentence.listed
    assert [row["sentence_id"] for row in read_rows(export())] == [str(other.pk)]
    assert export() == fresh()


def test_moved_deleted_linked_and_retracted_rows_make_their_lines_again(monkeypatch):
    sentence, other = two_cases()
    proceeding = sentence.proceeding
    charge = Charge.objects.get(proceeding=proceeding)
    hearing = Hearing.objects.get(proceeding=proceeding)
    protest = proceeding.protests.get()
    made_again = made(monkeypatch)

    def step():
        stored = export()
        assert stored == fresh()
        return stored

    export()
    # A charge moved to the other case: both rows change.
    QuerySet.update(Charge._base_manager.filter(pk=charge.pk), proceeding=other.proceeding)
    made_again.clear()
    assert "taking part in a rally" in row_of(step(), other)["charges"]
    # A citation moved to the other case's sentence: its source goes with it.
    citation = Citation.objects.filter(object_id=sentence.pk, content_type__model="sentence")[0]
    QuerySet.update(Citation._base_manager.filter(pk=citation.pk), object_id=other.pk)
    assert citation.source.headline in row_of(step(), other)["source_headlines"]
    # A hearing deleted by plain SQL.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM events_hearing WHERE id = %s", [hearing.pk])
    assert "2021-06-20" not in step().decode()
    # A protest unlinked, an occasion unlinked from another, a charge added.
    protest.occasions.clear()
    proceeding.protests.remove(protest)
    cited(
        Charge.objects.create(
            proceeding=proceeding,
            as_reported="new charge",
            article="1",
            publication_status="published",
        )
    )
    assert "new charge" in step().decode()
    # Retracted through the editorial service: the row leaves the export.
    services.retract(type(sentence).objects.filter(pk=sentence.pk), user=None)
    body = step()
    assert "Gulbaran" not in body.decode()
    assert "Other Person" in body.decode()


def test_a_case_given_to_another_person_names_them_with_their_spellings_and_ages():
    """A case moved to a person no other row names, by plain SQL (no stored value of the
    sentence follows it): the stored line is made again with that person's spellings and
    ages, none of the first one's."""
    sentence, _other = two_cases()
    export()
    person = cited(PersonFactory(preferred_name="Aigul Zhaksylyk"))
    cited(PersonNameFactory(person=person, name="Айгүл Жақсылық"))
    cited(ReportedAge.objects.create(person=person, age=33, as_of="2020", **PUBLISHED))
    proceeding = sentence.proceeding
    QuerySet.update(type(proceeding)._base_manager.filter(pk=proceeding.pk), person=person)
    row = row_of(step_checked(), sentence)
    assert row["person"] == "Aigul Zhaksylyk"
    assert "Айгүл Жақсылық" in row["all_names"] and "Гульбаран" not in row["all_names"]
    assert row["defendant_ages"] == "33 (2020)"


def step_checked() -> bytes:
    """An export from the lines stored, checked equal to one made afresh."""
    stored = export()
    assert stored == fresh()
    return stored


def test_an_export_stores_no_lines_while_another_export_stores_them():
    """Two exports storing the same lines would wait on each other's rows until the first
    download ended: the second one reads stored lines and makes the rest, storing none."""
    two_cases()
    held, release = threading.Event(), threading.Event()

    def other_export():  # holds the lock as a storing export would, on its own connection
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [StoredLines.LOCK])
                held.set()
                release.wait(10)
                cursor.execute("SELECT pg_advisory_unlock(%s)", [StoredLines.LOCK])
        finally:
            connections["default"].close()

    thread = threading.Thread(target=other_export)
    thread.start()
    try:
        assert held.wait(10)
        body = export()
        assert not ExportLine.objects.exists()
    finally:
        release.set()
        thread.join()
    assert body == export()  # made again, and stored this time
    assert ExportLine.objects.count() == 2
