"""One person's whole chain on one timeline: protest → detention → proceeding → hearings →
ruling → sentence.

``person_timeline(person)`` returns the entries of the person page's timeline, ordered by
the first day each entry's partial date can mean; undated entries come last, and entries
on the same start day (or undated) keep the order of the chain. It runs a fixed number of
queries however long the chain: one per kind of record (seven, sent to the database
together), one more for the extensions and moves of pre-trial measures when the person
has any, and one for the citations of everything shown (``attach_public_citations``).

Only public records appear: a published record backed by a published citation, under a
public parent (a participation in a public protest, a sentence of a public ruling).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from casetracker.expressions import one_of
from casetracker.partial_dates import PartialDateField, parse_or_none
from casetracker.statements import Statement, read_together
from events.models import (
    CourtRole,
    CourtRoleKind,
    Hearing,
    MeasureChange,
    MeasureKind,
    Participation,
    PretrialMeasure,
    Proceeding,
    Ruling,
    Sentence,
    describe_changes,
)
from events.selectors import public_court_roles, public_hearings
from people.models import Organization, Person
from publishing import rules
from sources.models import is_citable
from sources.selectors import attach_public_citations
from sources.templatetags.casetracker import choice_label


def display_value(record: models.Model, name: str) -> str:
    """A field of ``record`` as the public pages show it; "" when not reported."""
    try:
        model_field = record._meta.get_field(name)
    except FieldDoesNotExist:
        return ""
    if model_field.is_relation or not model_field.concrete:
        return ""  # A relation would cost a query; the entry already names it.
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return ""
    if isinstance(model_field, PartialDateField):
        parsed = parse_or_none(value)
        return parsed.display() if parsed else ""
    if model_field.choices:
        return str(choice_label(record, name))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def field_label(record: models.Model, name: str) -> str:
    try:
        label = str(record._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]


@dataclass
class Detail:
    """One line of an entry: a label, the value shown ("" reads "not reported"), and the
    (record, field) pairs whose citations back it."""

    label: str
    value: str
    cited: list[tuple[models.Model, str]] = field(default_factory=list)


class Stage(models.IntegerChoices):
    """The links of the chain, in chain order (which also breaks ties between dates)."""

    PROTEST = 1, "Protest"
    PRETRIAL_MEASURE = 2, "Before trial"
    PROCEEDING = 3, "Proceeding opened"
    HEARING = 4, "In court"
    RULING = 5, "Ruling"
    SENTENCE = 6, "Sentence"


@dataclass
class TimelineEntry:
    stage: Stage
    title: str
    url: str
    # The entry's partial date ("2025-07", "" when not reported) and where it is cited.
    date: str
    date_record: models.Model | None
    date_field: str
    # The record whose whole-record citations the entry shows beside its title.
    record: models.Model
    details: list[Detail] = field(default_factory=list)
    # Other records shown in the entry, whose remaining cited fields are listed too.
    also_records: list[models.Model] = field(default_factory=list)

    @property
    def stage_label(self) -> str:
        return self.stage.label

    @property
    def start(self) -> date | None:
        # A date known only by its end ("by 18 May 2023") is placed at that end.
        parsed = parse_or_none(self.date)
        return (parsed.start or parsed.end) if parsed else None

    def records(self) -> list[models.Model]:
        found = [self.record, self.date_record, *self.also_records]
        for detail in self.details:
            found.extend(record for record, _ in detail.cited)
        unique = {}
        for record in found:
            if record is not None:
                unique.setdefault((type(record), record.pk), record)
        return list(unique.values())

    @property
    def other_details(self) -> list[Detail]:
        """Cited fields the entry does not already show, so no citation goes unseen.

        Read at render time, after the citations were attached.
        """
        shown = {(type(self.record), self.record.pk, "")}
        if self.date_record is not None:
            shown.add((type(self.date_record), self.date_record.pk, self.date_field))
        for detail in self.details:
            shown.update((type(record), record.pk, name) for record, name in detail.cited)
        extra = []
        for record in [self.record, *self.also_records]:
            names = []
            for citation in getattr(record, "public_citations", []):
                key = (type(record), record.pk, citation.field)
                if citation.field and not is_citable(type(record), citation.field):
                    continue  # Internal notes and bookkeeping, however it came to be cited.
                if key not in shown and citation.field not in names:
                    names.append(citation.field)
            for name in names:
                label = field_label(record, name) if name else str(record._meta.verbose_name)
                value = display_value(record, name) if name else ""
                extra.append(Detail(label[:1].upper() + label[1:], value, [(record, name)]))
        return extra


def _sort_key(indexed: tuple[int, TimelineEntry]):
    position, entry = indexed
    start = entry.start
    return (start is None, start or date.max, entry.stage, position)


# The chain's reads, composed once per process (casetracker.statements): Django took longer
# to compose them than PostgreSQL to run them.
_participations = Statement(
    lambda person: (
        Participation.objects.public()
        .filter(person=person)
        .select_related("protest")
        .without_bookkeeping("protest")
        .order_by("protest__start_start", "protest_id", "role", "pk")
    )
)
_proceedings = Statement(
    lambda person: (
        Proceeding.objects.public()
        .filter(person=person)
        .annotate(
            court_is_public=Exists(Organization.objects.public().filter(pk=OuterRef("court_id")))
        )
        .select_related("court")
        .without_bookkeeping("court")
        .order_by("opened_start", "pk")
    )
)


def of_proceedings(records) -> Statement:
    """``records`` of the proceedings a call names (``proceedings``: their ids)."""
    return Statement(
        lambda proceedings: records.filter(one_of("proceeding", proceedings)),
        lists=["proceedings"],
    )


def _of_public_proceedings(records) -> Statement:
    """``records`` of the person's public proceedings (those ``_proceedings`` reads): by the
    person's id, so that they need not wait for the proceedings' own ids."""
    return Statement(
        lambda person: records.without_bookkeeping().filter(
            proceeding__in=Proceeding.objects.public().filter(person=person).values("pk")
        )
    )


# Each proceeding's public_measures, public_rulings, public_sentences and public_hearings.
_children = {
    # Whether each measure was extended, moved or changed: the changes are read only for a
    # person who has any (``_attach_changes``), so that a chain without them costs no query.
    "public_measures": _of_public_proceedings(
        PretrialMeasure.objects.public()
        .select_related("place")
        .without_bookkeeping("place")
        .annotate(
            has_public_changes=Exists(MeasureChange.objects.public().filter(measure=OuterRef("pk")))
        )
        .order_by("start_start", "pk")
    ),
    "public_rulings": _of_public_proceedings(
        Ruling.objects.public()
        .annotate(
            court_is_public=Exists(Organization.objects.public().filter(pk=OuterRef("court_id")))
        )
        .select_related("court")
        .without_bookkeeping("court")
        .order_by("date_start", "pk")
    ),
    "public_sentences": _of_public_proceedings(Sentence.objects.public().order_by("pk")),
    "public_hearings": _of_public_proceedings(
        public_hearings().without_bookkeeping("court", "from_court")
    ),
}
# The court roles of the person's page, in one read: the person's own (a judge's, a
# lawyer's cases) and those in the person's proceedings (their judge and lawyers).
_court_roles = Statement(
    lambda person: (
        public_court_roles()
        .filter(Q(person=person) | Q(proceeding__person=person))
        .select_related("proceeding", "proceeding__person")
        .without_bookkeeping("person", "represents", "proceeding", "proceeding__person")
    )
)


def chain_reads(person_id: int) -> list[QuerySet]:
    """The reads of a person's public chain, all by the person's id: participations (with
    their protests), proceedings (with their courts), and the proceedings' pretrial
    measures, rulings, sentences and hearings, and the court roles of the person or in
    their proceedings (``court_roles_of``). None needs another's rows, so a page can read them
    together with its own reads (``casetracker.statements.read_together``) and pass the
    rows to ``person_timeline``.
    """
    return [
        _participations(person=person_id),
        _proceedings(person=person_id),
        *(statement(person=person_id) for statement in _children.values()),
        _court_roles(person=person_id),
    ]


def _chain(rows: list[list]) -> tuple[list[Participation], list[Proceeding]]:
    """The rows of ``chain_reads``, grouped: each proceeding gets its ``public_measures``,
    ``public_rulings`` and ``public_sentences``.

    Flat queries by the person's id, grouped here: the nested prefetch this replaces cost
    several times their SQL in Django's prefetch machinery alone.
    """
    participations, proceedings, *children, court_roles = rows
    by_id = {proceeding.pk: proceeding for proceeding in proceedings}
    for attribute, records in zip(_children, children, strict=True):
        for proceeding in proceedings:
            setattr(proceeding, attribute, [])
        for record in records:
            getattr(by_id[record.proceeding_id], attribute).append(record)
    for proceeding in proceedings:
        proceeding.public_court_roles = []
    for role in court_roles:
        if role.proceeding_id in by_id:
            by_id[role.proceeding_id].public_court_roles.append(role)
    return participations, proceedings


_changes = Statement(
    lambda measures: (
        MeasureChange.objects.public()
        .without_bookkeeping()
        .filter(one_of("measure", measures))
        .order_by("date_start", "pk")
    ),
    lists=["measures"],
)


def _attach_changes(proceedings: list[Proceeding]) -> None:
    """Each measure's ``public_changes``, read in one query when any measure has some."""
    measures = [m for proceeding in proceedings for m in proceeding.public_measures]
    changed = {m.pk: m for m in measures if m.has_public_changes}
    for measure in measures:
        measure.public_changes = []
    if not changed:
        return
    for change in _changes(measures=list(changed)):
        changed[change.measure_id].public_changes.append(change)


def court_roles_of(person_id: int, rows: list[list]) -> list[CourtRole]:
    """The person's own roles in court (judge, lawyer, …), from the rows of
    ``chain_reads``, each with its proceeding and defendant."""
    return [role for role in rows[-1] if role.person_id == person_id]


def _protest_entries(participations: list[Participation]) -> list[TimelineEntry]:
    by_protest = {}
    for participation in participations:
        by_protest.setdefault(participation.protest_id, []).append(participation)
    entries = []
    for participations in by_protest.values():
        protest = participations[0].protest
        where = ", ".join(
            part for part in (protest.place, protest.locality, protest.country) if part
        )
        roles = "; ".join(choice_label(p, "role") for p in participations)
        role_cited = [(p, name) for p in participations for name in ("", "role")]
        entries.append(
            TimelineEntry(
                stage=Stage.PROTEST,
                title=protest.title,
                url=protest.get_absolute_url(),
                date=protest.start,
                date_record=protest,
                date_field="start",
                record=protest,
                also_records=participations,
                details=[
                    Detail("Role", roles, role_cited),
                    Detail("Kind of protest", choice_label(protest, "kind"), [(protest, "kind")]),
                    Detail(
                        "Where",
                        where,
                        [(protest, "place"), (protest, "locality"), (protest, "country")],
                    ),
                ],
            )
        )
    return entries


def _court(record: Proceeding | Ruling | Hearing, field: str = "court") -> str:
    """The court ``field`` of ``record`` names, as the public may see it ("": not reported)."""
    court = getattr(record, field) if getattr(record, f"{field}_id") else None
    if court is not None and getattr(record, f"{field}_is_public") and not court.is_unnamed:
        return court.name
    return getattr(record, f"{field}_as_reported")


def _people_of_court(proceeding: Proceeding) -> list[Detail]:
    """One line per role (Judge, Defence lawyer, …) with the names of those who had it."""
    by_role = {}
    for role in proceeding.public_court_roles:
        by_role.setdefault(role.role, []).append(role)
    return [
        Detail(
            CourtRoleKind(kind).label,
            ", ".join(role.person.public_name for role in roles),
            [(role, name) for role in roles for name in ("", "person", "role")],
        )
        for kind, roles in by_role.items()
    ]


def _hearing_entry(hearing: Hearing, url: str) -> TimelineEntry:
    closed = {True: "yes", False: "no", None: ""}[hearing.closed_to_public]
    if hearing.is_transfer:
        courts = [
            Detail("From", _court(hearing, "from_court"), _cited(hearing, "from_court")),
            Detail("To", _court(hearing), _cited(hearing, "court")),
        ]
    else:
        courts = [Detail("Court", _court(hearing), _cited(hearing, "court"))]
    return TimelineEntry(
        stage=Stage.HEARING,
        title=choice_label(hearing, "kind"),
        url=url,
        date=hearing.date,
        date_record=hearing,
        date_field="date",
        record=hearing,
        details=[
            *courts,
            Detail("Closed to the public", closed, [(hearing, "closed_to_public")]),
            *([Detail("Note", hearing.note, [(hearing, "note")])] if hearing.note else []),
        ],
    )


def _cited(record, field: str) -> list[tuple[models.Model, str]]:
    return [(record, field), (record, f"{field}_as_reported")]


def _proceeding_entries(proceeding: Proceeding) -> list[TimelineEntry]:
    url = proceeding.get_absolute_url()
    court = _court(proceeding)
    court_cited = [(proceeding, "court"), (proceeding, "court_as_reported")]
    entries = [
        TimelineEntry(
            stage=Stage.PROCEEDING,
            title=proceeding.case_words,
            url=url,
            date=proceeding.opened,
            date_record=proceeding,
            date_field="opened",
            record=proceeding,
            details=[
                Detail("Country", proceeding.country, [(proceeding, "country")]),
                Detail("Court", court, court_cited),
                Detail("Case number", proceeding.case_number, [(proceeding, "case_number")]),
                *_people_of_court(proceeding),
            ],
            also_records=proceeding.public_court_roles,
        )
    ]
    for hearing in proceeding.public_hearings:
        entries.append(_hearing_entry(hearing, url))
    for measure in proceeding.public_measures:
        details = [
            Detail("As reported", measure.as_reported, [(measure, "as_reported")]),
            Detail("Until", display_value(measure, "end"), [(measure, "end")]),
        ]
        if measure.kind == MeasureKind.DETENTION:
            circumstance = display_value(measure, "circumstance")
            details.append(Detail("How", circumstance, [(measure, "circumstance")]))
        place = measure.place if measure.place and measure.place.shows_publicly else None
        if measure.place_as_reported or place:
            where = " — ".join(
                text for text in (measure.place_as_reported, place and place.name) if text
            )
            place_cited = [(measure, "place_as_reported"), (measure, "place")]
            details.append(Detail("Where", where, place_cited))
        entries.append(
            TimelineEntry(
                stage=Stage.PRETRIAL_MEASURE,
                title=choice_label(measure, "kind"),
                url=url,
                date=measure.start,
                date_record=measure,
                date_field="start",
                record=measure,
                details=details,
            )
        )
        describe_changes(measure, measure.public_changes)
        entries.extend(_change_entry(change, url) for change in measure.public_changes)
    rulings = {ruling.pk: ruling for ruling in proceeding.public_rulings}
    for ruling in proceeding.public_rulings:
        entries.append(
            TimelineEntry(
                stage=Stage.RULING,
                title=choice_label(ruling, "outcome"),
                url=url,
                date=ruling.date,
                date_record=ruling,
                date_field="date",
                record=ruling,
                details=[
                    Detail("Court", _court(ruling), _cited(ruling, "court"))
                    if ruling.has_own_court
                    else Detail("Court", court, court_cited),
                    Detail(
                        "Instance",
                        choice_label(ruling, "court_instance"),
                        [(ruling, "court_instance")],
                    ),
                    Detail("Outcome", choice_label(ruling, "outcome"), [(ruling, "outcome")]),
                    Detail("Plea", _unless_not_reported(ruling), [(ruling, "plea")]),
                ],
            )
        )
    for sentence in proceeding.public_sentences:
        ruling = rulings.get(sentence.ruling_id)
        amount = sentence.amount_display()
        entries.append(
            TimelineEntry(
                stage=Stage.SENTENCE,
                title=choice_label(sentence, "kind"),
                url=url,
                # A sentence is as old as the ruling that imposed it; a penalty only sought
                # or possible has no date of its own.
                date=ruling.date if ruling else "",
                date_record=ruling,
                date_field="date",
                record=sentence,
                details=[
                    Detail(
                        "Penalty",
                        "" if amount == "not reported" else amount,
                        [
                            (sentence, "amount_as_reported"),
                            (sentence, "term_quantity"),
                            (sentence, "fine_amount"),
                        ],
                    ),
                    Detail("Status", choice_label(sentence, "status"), [(sentence, "status")]),
                    *(Detail("Details", note, []) for note in sentence.penalty_notes()),
                ],
            )
        )
    return entries


def _change_entry(change: MeasureChange, url: str) -> TimelineEntry:
    """“House arrest extended”, dated by the decision, with the decision in words (set by
    ``describe_changes``: “House arrest extended on 12 Mar 2024 to 12 Jun 2024”)."""
    return TimelineEntry(
        stage=Stage.PRETRIAL_MEASURE,
        title=f"{change.measure_kind} {choice_label(change, 'kind').lower()}",
        url=url,
        date=change.date,
        date_record=change,
        date_field="date",
        record=change,
        details=[
            Detail("Decision", change.words, [(change, name) for name in CHANGE_FIELDS]),
            *([Detail("Note", change.note, [(change, "note")])] if change.note else []),
        ],
    )


# The fields of a measure change that its words show.
CHANGE_FIELDS = ("kind", "new_end", "new_kind", "place_as_reported")


def _unless_not_reported(ruling: Ruling) -> str:
    return "" if ruling.plea == "not_reported" else choice_label(ruling, "plea")


def person_timeline(
    person: Person, *, cite: bool = True, rows: list[list] | None = None
) -> list[TimelineEntry]:
    """The person's chain, protest to sentence, as one list ordered by partial dates.

    ``rows`` are those of ``chain_reads(person.pk)`` when the caller read them already;
    by default they are read here, in one round trip. With ``cite=False`` the caller
    attaches the citations itself (see ``timeline_records``), so that a page spends one
    citation query for all its facts.
    """
    if rows is None:
        rows = read_together(*chain_reads(person.pk))
    participations, proceedings = _chain(rows)
    _attach_changes(proceedings)
    for proceeding in proceedings:
        for measure in proceeding.public_measures:
            for record in (measure, *measure.public_changes):
                rules.redact_record(record, person.is_protected)
    entries = _protest_entries(participations)
    for proceeding in proceedings:
        entries.extend(_proceeding_entries(proceeding))
    ordered = [entry for _, entry in sorted(enumerate(entries), key=_sort_key)]
    if cite:
        attach_public_citations(timeline_records(ordered))
    return ordered


def timeline_records(entries: Iterable[TimelineEntry]) -> list[models.Model]:
    """Every record the timeline shows, for attach_public_citations()."""
    return [record for entry in entries for record in entry.records()]
