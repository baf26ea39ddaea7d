"""casetracker.statements: reads composed once, run with each call's values.

A Statement must give exactly what its queryset gives, for every call's values, and refuse
whatever would let one call's values, or none, reach another call's SQL.
"""

import re
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext

from casetracker.expressions import one_of
from casetracker.statements import Statement, read_together
from events.models import Proceeding, Sentence
from people.models import Person
from tests.factories import (
    CitationFactory,
    CourtFactory,
    PersonFactory,
    ProceedingFactory,
    SentenceFactory,
)

pytestmark = pytest.mark.django_db


def fields(record):
    """A model instance's column values, and those of the records it carries (select_related)."""
    own = {name: value for name, value in vars(record).items() if not name.startswith("_")}
    related = {name: fields(value) for name, value in record._state.fields_cache.items() if value}
    return own, related


def public_proceeding(person, court):
    """A public proceeding: it and its defendant cited (publishing.rules)."""
    if person is not None and not person.citations.exists():
        CitationFactory(fact=person)
    proceeding = ProceedingFactory(person=person, court=court)
    CitationFactory(fact=proceeding)
    return proceeding


proceedings_of = Statement(
    lambda person: (
        Proceeding.objects.public()
        .filter(person=person)
        .select_related("court", "person")
        .order_by("pk")
    )
)
sentences_of = Statement(
    lambda proceedings: (
        Sentence.objects.public()
        .filter(one_of("proceeding", proceedings))
        .values_list("pk", "proceeding_id", "fine_kzt")
        .order_by("pk")
    ),
    lists=["proceedings"],
)


def test_a_statement_gives_its_querysets_records_for_each_calls_values():
    court = CourtFactory()
    first, second = PersonFactory(), PersonFactory()
    for person in (first, second, first):
        public_proceeding(person, court)
    ProceedingFactory(person=first, publication_status="draft")

    for person in (first, second, first):
        expected = list(
            Proceeding.objects.public()
            .filter(person=person)
            .select_related("court", "person")
            .order_by("pk")
        )
        found = list(proceedings_of(person=person.pk))
        assert [fields(record) for record in found] == [fields(record) for record in expected]
        assert {record.person_id for record in found} == {person.pk}
    assert len(list(proceedings_of(person=first.pk))) == 2
    assert list(proceedings_of(person=PersonFactory().pk)) == []


def test_a_statement_binds_lists_of_any_length_as_one_parameter():
    proceedings = [public_proceeding(PersonFactory(), None) for _ in range(3)]
    sentences = [SentenceFactory(proceeding=proceeding, ruling=None) for proceeding in proceedings]
    for sentence in sentences:
        CitationFactory(fact=sentence)

    def expected(ids):
        return list(
            Sentence.objects.public()
            .filter(proceeding__in=ids)
            .values_list("pk", "proceeding_id", "fine_kzt")
            .order_by("pk")
        )

    sent = []

    def record(execute, sql, params, many, context):
        sent.append((sql, len(params)))
        return execute(sql, params, many, context)

    for chosen in ([proceedings[0].pk], [p.pk for p in proceedings[1:]], [], [10**9]):
        with connection.execute_wrapper(record):
            found = list(sentences_of(proceedings=chosen))
        assert found == expected(chosen)
    # SQLite refuses more than 32,766 parameters; one_of() sends one.
    with connection.execute_wrapper(record):
        assert len(list(sentences_of(proceedings=range(1, 40_000)))) == 3
    assert len(sent) == 5
    # The same SQL and the same number of parameters, whatever the number of ids.
    assert len(set(sent)) == 1


def test_a_statements_queryset_can_only_be_iterated():
    bound = proceedings_of(person=1)
    for change in (
        lambda: bound.filter(pk=1),
        lambda: bound.count(),
        lambda: bound[:1],
        lambda: bound.order_by("pk"),
    ):
        with pytest.raises(TypeError, match="can only be iterated"):
            list(change())


def test_a_statement_wants_exactly_its_values():
    with pytest.raises(TypeError):
        proceedings_of(person=1, court=2)
    with pytest.raises(TypeError):
        proceedings_of()


@pytest.mark.parametrize(
    "build, lists",
    [
        # The value is lost: the SQL would run without it.
        (lambda person: Person.objects.public(), []),
        # The value is changed on its way: the SQL holds something else.
        (lambda person: Person.objects.public().filter(pk=person + 1), []),
        # A list not passed through one_of() is as many parameters as it has ids.
        (lambda person: Person.objects.public().filter(pk__in=person), ["person"]),
    ],
)
def test_a_builder_that_does_not_pass_its_values_to_the_sql_is_refused(build, lists):
    statement = Statement(build, lists=lists)
    with pytest.raises(ImproperlyConfigured, match="did not reach the SQL"):
        statement(person=[1, 2] if lists else 1)


def test_lists_must_name_arguments_of_the_builder():
    with pytest.raises(ImproperlyConfigured):
        Statement(lambda person: Person.objects.all(), lists=["people"])


@pytest.mark.django_db(transaction=True)
def test_a_statement_composed_in_one_thread_runs_on_the_connection_of_another():
    """gunicorn serves requests in threads: each has its own database connection."""
    person = PersonFactory()
    public_proceeding(person, None)
    statement = Statement(lambda person: Proceeding.objects.public().filter(person=person))
    composed = []

    def compose():
        composed.append([p.person_id for p in statement(person=person.pk)])
        connection.close()

    thread = threading.Thread(target=compose)
    thread.start()
    thread.join()
    assert composed == [[person.pk]]
    assert [p.person_id for p in statement(person=person.pk)] == [person.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_on_postgresql_a_statement_is_prepared_once_for_ids_of_every_size():
    person = PersonFactory()
    public_proceeding(person, None)
    statement = Statement(
        lambda person: Proceeding.objects.public().filter(person=person).order_by("-pk")
    )

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return cursor.fetchone()[0]

    before = prepared()
    # psycopg types an int by its size (smallint, integer, bigint): one statement for all.
    for pk in (person.pk, 40_000, 3_000_000_000, person.pk):
        found = [p.person_id for p in statement(person=pk)]
        assert found == ([person.pk] if pk == person.pk else [])
    assert prepared() == before + 1
    # The ORM's own queries are not prepared, however often they run.
    for _ in range(6):
        list(Proceeding.objects.public().filter(person=person.pk).order_by("-pk"))
    assert prepared() == before + 1


def test_the_query_log_shows_a_statements_sql_with_its_values():
    """What DEBUG logging, CaptureQueriesContext and the benchmark's floor read."""
    with CaptureQueriesContext(connection) as queries:
        list(proceedings_of(person=987_654_321))
    assert len(queries) == 1
    assert "987654321" in queries[0]["sql"]


def test_read_together_gives_each_reads_rows_and_logs_each_read():
    court = CourtFactory()
    first, second = PersonFactory(), PersonFactory()
    proceedings = [public_proceeding(person, court) for person in (first, second, first)]
    for proceeding in proceedings:
        CitationFactory(fact=SentenceFactory(proceeding=proceeding, ruling=None))
    ids = [proceeding.pk for proceeding in proceedings]

    with CaptureQueriesContext(connection) as queries:
        found = read_together(
            proceedings_of(person=first.pk),
            sentences_of(proceedings=ids[1:]),
            # Not a Statement: read after the others, as list() would.
            Person.objects.filter(pk=second.pk).values_list("pk", flat=True),
            proceedings_of(person=PersonFactory.build(pk=10**9).pk),
        )
    expected = [
        list(
            Proceeding.objects.public()
            .filter(person=first)
            .select_related("court", "person")
            .order_by("pk")
        ),
        list(
            Sentence.objects.public()
            .filter(proceeding__in=ids[1:])
            .values_list("pk", "proceeding_id", "fine_kzt")
            .order_by("pk")
        ),
        [second.pk],
        [],
    ]
    assert [fields(record) for record in found[0]] == [fields(record) for record in expected[0]]
    assert found[1:] == expected[1:]
    assert len(found[0]) == 2 and len(found[1]) == 2
    # One entry per read in the query log, each with its own values.
    logged = [query["sql"] for query in queries]
    assert len(logged) == 4
    for person_id in (first.pk, 10**9):
        assert sum(bool(re.search(rf'"person_id" = {person_id}\b', sql)) for sql in logged) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pipeline mode: PostgreSQL")
def test_on_postgresql_reads_together_are_all_sent_before_any_rows_are_read():
    from psycopg import pq

    person = PersonFactory()
    proceeding = public_proceeding(person, None)
    in_pipeline = []

    def record(execute, sql, params, many, context):
        in_pipeline.append(connection.connection.pgconn.pipeline_status != pq.PipelineStatus.OFF)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        list(proceedings_of(person=person.pk))
        assert in_pipeline == [False]
        found = read_together(
            proceedings_of(person=person.pk),
            sentences_of(proceedings=[proceeding.pk]),
            proceedings_of(person=person.pk),
        )
    assert in_pipeline == [False, True, True, True]
    assert [[p.pk for p in found[0]], found[1], [p.pk for p in found[2]]] == [
        [proceeding.pk],
        [],
        [proceeding.pk],
    ]


def test_a_read_that_fails_among_reads_together_raises_and_leaves_the_connection_usable():
    person = PersonFactory()
    # An error the database raises while running the read, not while it is composed.
    if connection.vendor == "postgresql":
        broken = RawSQL("CAST(%s AS integer)", ("not a number",))
    else:
        broken = RawSQL("json_extract(%s, '$')", ("not json",))
    failing = Statement(lambda person: Person.objects.filter(pk=person).annotate(broken=broken))
    with pytest.raises(DatabaseError), transaction.atomic():
        read_together(
            proceedings_of(person=person.pk),
            failing(person=person.pk),
            proceedings_of(person=person.pk),
        )
    assert Person.objects.filter(pk=person.pk).exists()
    assert read_together(proceedings_of(person=person.pk), proceedings_of(person=0)) == [[], []]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_on_postgresql_a_statement_is_planned_once_not_on_each_of_its_first_executions():
    person = PersonFactory()
    public_proceeding(person, None)
    statement = Statement(
        # Its own SQL, among the statements the test connection prepared before.
        lambda person: Proceeding.objects.public().filter(person=person).order_by("-case_number")
    )
    for _ in range(3):
        assert [p.person_id for p in statement(person=person.pk)] == [person.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            ['%ORDER BY "events_proceeding"."case_number" DESC'],
        )
        # PostgreSQL's default would make a custom plan for each of the first five.
        assert cursor.fetchall() == [(3, 0)]
