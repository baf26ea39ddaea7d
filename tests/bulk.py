"""Many public cases at once, for the tests that read a page with 5 rows and with 200.

``many_cases`` builds the same chain as ``tests.events.test_case_list.make_case`` (a person
and their spellings, a proceeding with its charges and protests, a ruling, a sentence, one
article citing each of them), but writes each table with one ``bulk_create`` and judges
every stored flag once at the end (``upkeep.refresh_all``), as the synthetic data is
(events/management/commands/generate_synthetic.py): a case saved row by row refreshed the
flags after each of its saves, 66 statements and about 95 ms per case on PostgreSQL.
"""

from __future__ import annotations

import itertools

from django.contrib.contenttypes.models import ContentType

from events.models import (
    Charge,
    Outcome,
    Proceeding,
    ProceedingKind,
    Protest,
    ProtestKind,
    Ruling,
    Sentence,
    SentenceKind,
    TermUnit,
)
from people.models import Person, PersonName, Script
from publishing import upkeep
from publishing.models import PublicationStatus
from sources.models import Citation, Source

PUBLISHED = PublicationStatus.PUBLISHED

# Source addresses are unique: each case of every call gets its own.
_articles = itertools.count()


def detention_of(days: int) -> dict:
    """A sentence's fields for ``days`` of administrative detention (as ``detention()``)."""
    return {
        "kind": SentenceKind.ADMINISTRATIVE_DETENTION,
        "term_quantity": days,
        "term_unit": TermUnit.DAYS,
        "term_days": days,
        "amount_as_reported": f"{days} days",
    }


def written(model, rows: list) -> list:
    """``rows`` of a record model inserted at once, without history or a refresh of their
    flags: ``upkeep.refresh_all()`` once the rows they depend on are written too."""
    return model.objects.bulk_create(rows, record_history=False, refresh_visibility=False)


def cite_all(facts: list, source: Source | list[Source] | None = None) -> None:
    """A published citation for each of ``facts``, of ``source`` (one for all, one per fact,
    or a new article if None), written at once (``upkeep.refresh_all()`` after)."""
    if source is None:
        source = written(Source, [article(0)])[0]
    sources = source if isinstance(source, list) else [source] * len(facts)
    written(
        Citation,
        [
            Citation(
                source=reported_in,
                content_type=ContentType.objects.get_for_model(fact),
                object_id=fact.pk,
                quote=f"the court ruled on the case, report {fact.pk}",
                publication_status=PUBLISHED,
            )
            for fact, reported_in in zip(facts, sources, strict=True)
        ],
    )


def solo_pickets(count: int, *, title: str = "Picket {n}", **fields) -> list[Protest]:
    """``count`` published solo pickets in Almaty (as ``ProtestFactory`` makes them), written
    at once; ``title`` is formatted with the number ``n``, ``fields`` may be functions of it.
    Uncited: ``cite_all`` them."""
    fields = {
        "kind": ProtestKind.SOLO_PICKET,
        "start": "2025-07",
        "locality": "Almaty",
        "country": "Kazakhstan",
        **fields,
    }
    return written(
        Protest,
        [
            Protest(
                title=title.format(n=n),
                publication_status=PUBLISHED,
                **{field: _each(value, n) for field, value in fields.items()},
            )
            for n in range(count)
        ],
    )


def article(number: int, outlet: str = "Example News") -> Source:
    """An unsaved published source (each with an address of its own)."""
    return Source(
        outlet=outlet,
        headline=f"Activist sentenced, report {number}",
        url=f"https://news.example.org/cases/{next(_articles)}",
        published="2025-07-14",
        publication_status=PUBLISHED,
    )


def _each(value, n: int):
    """A value given for every case, or computed for case ``n`` by a function."""
    return value(n) if callable(value) else value


def many_cases(
    count: int,
    *,
    name: str = "Defendant {n}",
    names: tuple[str, ...] = (),
    first: int = 0,
    court=None,
    protests=(),
    charges=(),
    country: str = "Kazakhstan",
    proceeding_kind=ProceedingKind.ADMINISTRATIVE,
    ruling_date: str | None = "2025-07-14",
    **sentence,
) -> list[Sentence]:
    """``count`` public cases, numbered from ``first``: ``name`` and each of ``names``
    (spellings in Cyrillic) are formatted with the number ``n``; ``sentence`` as for
    ``make_case`` (``detention_of(days)`` for a detention). ``charges``, ``ruling_date`` and
    each of ``sentence`` may be a function of ``n``, for values that differ per case."""
    numbers = range(first, first + count)
    sources = written(Source, [article(number) for number in numbers])
    people = written(
        Person,
        [Person(preferred_name=name.format(n=n), publication_status=PUBLISHED) for n in numbers],
    )
    spellings = written(
        PersonName,
        [
            PersonName(
                person=person,
                name=spelling.format(n=n),
                script=Script.CYRILLIC,
                publication_status=PUBLISHED,
            )
            for person, n in zip(people, numbers, strict=True)
            for spelling in names
        ],
    )
    proceedings = written(
        Proceeding,
        [
            Proceeding(
                person=person,
                kind=proceeding_kind,
                court=court,
                country=country,
                publication_status=PUBLISHED,
            )
            for person in people
        ],
    )
    charged = written(
        Charge,
        [
            Charge(
                proceeding=proceeding,
                article=article,
                as_reported=words,
                publication_status=PUBLISHED,
            )
            for proceeding, n in zip(proceedings, numbers, strict=True)
            for article, words in _each(charges, n)
        ],
    )
    Proceeding.protests.through.objects.bulk_create(
        [
            Proceeding.protests.through(proceeding=proceeding, protest=protest)
            for proceeding in proceedings
            for protest in protests
        ]
    )
    rulings = [None] * count
    if ruling_date is not None:
        rulings = written(
            Ruling,
            [
                Ruling(
                    proceeding=proceeding,
                    date=_each(ruling_date, n),
                    outcome=Outcome.GUILTY,
                    publication_status=PUBLISHED,
                )
                for proceeding, n in zip(proceedings, numbers, strict=True)
            ],
        )
    sentences = written(
        Sentence,
        [
            Sentence(
                proceeding=proceeding,
                ruling=ruling,
                publication_status=PUBLISHED,
                **{
                    field: _each(value, n)
                    for field, value in {**detention_of(15), **sentence}.items()
                },
            )
            for proceeding, ruling, n in zip(proceedings, rulings, numbers, strict=True)
        ],
    )
    # One article reports each whole case, as in make_case.
    source_of = {person.pk: source for person, source in zip(people, sources, strict=True)}
    facts = [(person, person.pk) for person in people]
    facts += [(spelling, spelling.person_id) for spelling in spellings]
    facts += [(proceeding, proceeding.person_id) for proceeding in proceedings]
    by_proceeding = {proceeding.pk: proceeding.person_id for proceeding in proceedings}
    facts += [(charge, by_proceeding[charge.proceeding_id]) for charge in charged]
    facts += [(ruling, by_proceeding[ruling.proceeding_id]) for ruling in rulings if ruling]
    facts += [(row, by_proceeding[row.proceeding_id]) for row in sentences]
    cite_all([fact for fact, _ in facts], [source_of[person] for _, person in facts])
    upkeep.refresh_all()
    return sentences
