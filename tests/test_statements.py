"""casetracker.statements: reads composed once, run with each call's values.

A Statement must give exactly what its queryset gives, for every call's values, and refuse
whatever would let one call's values, or none, reach another call's SQL.
"""

import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casetracker.expressions import one_of
from casetracker.statements import Statement
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
    sentences = [SentenceFactory(proceeding=proceeding) for proceeding in proceedings]
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
