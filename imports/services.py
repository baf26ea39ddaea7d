"""Spreadsheet import of cases: read a CSV or XLSX, plan it row by row, save it as drafts.

One row is one sentence with everything it hangs from, as the public CSV export
(events/csv_export.py, ``COLUMNS``) lays it out: the defendant and their names and ages, the
protests and occasions, the proceeding with its court, charges, court roles, hearings and
detentions, the ruling, the sentence and its sources. The template's columns are the
export's, plus three the export does not carry:

- ``source_dates``: the publication date of each source (aligned with ``source_urls``),
  used when the source is new;
- ``quotes``: the verbatim quote from each source (aligned with ``source_urls``; required);
- ``quote_supports``: what each quote supports (aligned; entries separated by " | ", each a
  comma-separated list of ``FACTS`` such as ``sentence, ruling`` or a field such as
  ``proceeding.court_as_reported``); empty: the quote supports every record of the row.

Rows that share ``person_url`` are one person, rows that share ``case_url`` one case and
rows that share a protest URL one protest (any label will do, "case 1"; the export's own
URLs serve): they group rows within the file, they never point to records of this site.
What already exists is matched, in a constant number of queries for the whole file:
people by the search key of any of their names (casetracker.search: across scripts and
spellings, "Ажибай" is "Azhibay"), courts by name or other name, places by name or other
name, sources by URL, protests by title and date, occasions by name. Matches are linked,
not re-cited; everything created is a draft, cited by the row's quotes, with a history row
naming who imported it.

Why not django-import-export: its ``Resource`` imports one row into one model instance
(foreign keys looked up by widgets) and previews by running the import inside a transaction
it rolls back. Here one row is about a dozen records of four apps, several rows share a
person, a case or a ruling, and the preview must neither write nor cost queries per row.
It would leave only its confirm-screen plumbing, so that is done with a Django form (the
signed, parsed rows travel in the preview form; confirming plans them again), openpyxl for
XLSX and the standard csv module (imports.spreadsheets), and ``apply`` saves the plan in
one transaction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from casetracker.choices import Script
from casetracker.search import search_key
from events.csv_export import SEPARATOR
from events.models import (
    WITHOUT_CASE,
    Charge,
    CourtRole,
    CourtRoleKind,
    DetentionCircumstance,
    Hearing,
    HearingKind,
    Instance,
    MeasureKind,
    Occasion,
    OccasionKind,
    Outcome,
    Plea,
    PretrialMeasure,
    Proceeding,
    ProceedingKind,
    Protest,
    ProtestKind,
    ProtestStatus,
    Ruling,
    Sentence,
    SentenceKind,
    SentenceStatus,
    UnnamedCount,
)
from imports.spreadsheets import TEMPLATE_COLUMNS
from people.models import (
    Organization,
    OrganizationKind,
    OrganizationName,
    Person,
    PersonName,
    ReportedAge,
)
from places.models import Place, PlaceKind, PlaceName
from publishing import generation
from sources.models import Citation, Source

# What a quote can support: the words of ``quote_supports`` → the records of a row.
FACTS = {
    "person": Person,
    "names": PersonName,
    "ages": ReportedAge,
    "protests": Protest,
    "occasions": Occasion,
    "case": Proceeding,
    "court": Organization,
    "charges": Charge,
    "court_roles": CourtRole,
    "hearings": Hearing,
    "detention": PretrialMeasure,
    "ruling": Ruling,
    "sentence": Sentence,
}
# People named in court roles are cited with them.
FACT_ALIASES = {"proceeding": "case", "judges": "court_roles", "lawyers": "court_roles"}

# Where a model's field error is shown: its column.
FIELD_COLUMNS = {
    Sentence: {
        "kind": "sentence_kind",
        "status": "sentence_status",
        "unnamed_count": "unnamed_defendants",
        "ruling": "outcome",
    },
    Proceeding: {
        "kind": "case_kind",
        "opened": "case_opened",
        "person": "person",
    },
    Ruling: {
        "date": "ruling_date",
        "court_instance": "ruling_instance",
        "court_as_reported": "ruling_court_as_reported",
        "court": "ruling_court",
    },
    Person: {"preferred_name": "person"},
    PersonName: {"name": "all_names"},
    ReportedAge: {"age": "defendant_ages", "as_of": "defendant_ages"},
    Protest: {"title": "protests", "start": "protest_dates", "status": "protest_statuses"},
    Occasion: {"name": "occasions"},
    Organization: {"name": "court"},
    Place: {"name": "court_place"},
    Charge: {"article": "charges", "as_reported": "charges"},
    CourtRole: {},
    Hearing: {"date": "hearings"},
    PretrialMeasure: {"circumstance": "detention_circumstance"},
    Source: {
        "url": "source_urls",
        "outlet": "source_outlets",
        "headline": "source_headlines",
        "archive_url": "source_archive_urls",
        "published": "source_dates",
    },
    Citation: {"quote": "quotes", "field": "quote_supports"},
}

AGE = re.compile(r"^(?P<age>\d+)\s*\((?P<as_of>[^)]*)\)$")
HEARING_FLAGS = {", closed to the public": True, ", open to the public": False}
PUBLIC_DEFENDER = " (public defender)"
NOT_REPORTED = "not reported"


# Planning --------------------------------------------------------------------------------


@dataclass
class Item:
    """One record a row creates or matches, as the preview shows it."""

    kind: str
    label: str
    existing: models.Model | None = None
    # Created by an earlier row of the file (its number), which this row shares.
    earlier_row: int | None = None

    @property
    def matched(self) -> bool:
        return self.existing is not None


@dataclass
class RowPlan:
    number: int
    cells: dict[str, str]
    items: list[Item] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def error(self, column: str, message: str) -> None:
        if message not in self.errors[column]:
            self.errors[column].append(message)

    def error_cells(self) -> list[tuple[str, str, list[str]]]:
        return [
            (column, self.cells.get(column, ""), messages)
            for column, messages in self.errors.items()
        ]


@dataclass
class Plan:
    rows: list[RowPlan]
    # Unsaved records by model, in creation order; citations as (source, fact, field, quote).
    new: dict[type, list[models.Model]] = field(default_factory=lambda: defaultdict(list))
    links: list[tuple[str, models.Model, models.Model]] = field(default_factory=list)
    citations: list[tuple[Source, models.Model, str, str]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(row.errors for row in self.rows)

    def counts(self) -> list[tuple[str, int]]:
        return [
            (model._meta.verbose_name_plural, len(objs)) for model, objs in self.new.items() if objs
        ]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(SEPARATOR.strip())] if cell.strip() else []


def _aligned(cell: str) -> list[str]:
    """Parts that keep their positions (an empty part stays, "a | " is ["a", ""])."""
    return [part.strip() for part in cell.split(SEPARATOR.strip())] if cell else []


def _choice(
    row: RowPlan, column: str, choices, default: str | None = None, text: str | None = None
) -> str | None:
    """The value of a choice cell (or of ``text``, one part of it) given as its label or
    its stored value."""
    text = (row.cells[column] if text is None else text).strip()
    if not text:
        if default is None:
            row.error(column, _("Required."))
        return default
    for value, label in choices.choices:
        if text.casefold() in (str(value).casefold(), str(label).casefold()):
            return value
    row.error(
        column,
        _("Unknown value “%(text)s”: one of %(labels)s.")
        % {"text": text, "labels": ", ".join(str(label) for label in choices.labels)},
    )
    return default


def _decimal(row: RowPlan, column: str) -> Decimal | None:
    text = row.cells[column].replace(",", "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        row.error(column, _("“%(text)s” is not a number.") % {"text": row.cells[column]})
        return None
    if not value.is_finite():
        row.error(column, _("“%(text)s” is not a number.") % {"text": row.cells[column]})
        return None
    return value


def _integer(row: RowPlan, column: str) -> int | None:
    value = _decimal(row, column)
    if value is None:
        return None
    if value != value.to_integral_value():
        row.error(column, _("“%(text)s” is not a whole number.") % {"text": row.cells[column]})
        return None
    return int(value)


def _flag(row: RowPlan, column: str) -> bool:
    text = row.cells[column].strip().casefold()
    if text in ("", "no", "false", "0"):
        return False
    if text in ("yes", "true", "1"):
        return True
    row.error(column, _("“%(text)s” is not yes or empty.") % {"text": row.cells[column]})
    return False


def _script(name: str) -> str:
    if re.search(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]", name):
        return Script.KAZAKH_CYRILLIC
    if re.search(r"[\u0400-\u04FF]", name):
        return Script.CYRILLIC
    if re.search(r"[\u4e00-\u9fff]", name):
        return Script.CHINESE
    if re.search(r"[\u0600-\u06FF]", name):
        return Script.ARABIC
    return Script.LATIN


def _check(row: RowPlan, record: models.Model, exclude: tuple[str, ...] = ()) -> None:
    """The model's own field and record validation, errors shown at their columns. The
    database's constraints are checked at saving (checking them here costs queries per row)."""
    # A cell already refused (an unknown kind) is not refused again as "cannot be null".
    refused = {column for column, messages in row.errors.items() if messages}
    try:
        record.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        columns = FIELD_COLUMNS.get(type(record), {})
        for name, messages in error.message_dict.items():
            if name in exclude and getattr(record, name, None) is not None:
                continue  # a parent this import creates: it has no id until saved
            column = columns.get(name, name if name in TEMPLATE_COLUMNS else "")
            if column in refused:
                continue
            for message in messages:
                if column:
                    row.error(column, message)
                else:  # a rule of the whole record: shown at the record's first column
                    label = type(record)._meta.verbose_name
                    row.error(next(iter(columns.values()), "sentence_kind"), f"{label}: {message}")


class _Existing:
    """What the file may match, read in a constant number of queries for the whole file."""

    def __init__(self, rows: list[dict[str, str]]):
        def cells(column):
            return {part for row in rows for part in _split(row[column])}

        names = cells("all_names") | {row["person"] for row in rows if row["person"]}
        for column in ("judges", "prosecutors", "defence_lawyers"):
            names |= {name.removesuffix(PUBLIC_DEFENDER) for name in cells(column)}
        keys = {search_key(name) for name in names} - {""}
        self.people = defaultdict(set)
        found = Person.objects.filter(search_key__in=keys).only(
            "pk", "preferred_name", "search_key"
        )
        by_pk = {}
        for person in found:
            by_pk[person.pk] = person
            self.people[person.search_key].add(person.pk)
        for name in PersonName.objects.filter(search_key__in=keys).select_related("person"):
            by_pk.setdefault(name.person_id, name.person)
            self.people[name.search_key].add(name.person_id)
        self.person_by_pk = by_pk

        courts = {row[column] for row in rows for column in ("court", "ruling_court")} - {""}
        court_keys = {search_key(name) for name in courts} - {""}
        self.courts = defaultdict(dict)
        for court in Organization.objects.filter(
            kind=OrganizationKind.COURT, search_key__in=court_keys
        ):
            self.courts[court.search_key][court.pk] = court
        for other in OrganizationName.objects.filter(
            organization__kind=OrganizationKind.COURT, search_key__in=court_keys
        ).select_related("organization"):
            self.courts[other.search_key][other.organization_id] = other.organization

        places = cells("protest_places") | {row["court_place"] for row in rows} - {""}
        place_keys = {search_key(name) for name in places} - {""}
        self.places = defaultdict(dict)
        for place in Place.objects.filter(search_key__in=place_keys):
            self.places[place.search_key][place.pk] = place
        for other in PlaceName.objects.filter(search_key__in=place_keys).select_related("place"):
            self.places[other.search_key][other.place_id] = other.place

        self.sources = {
            source.url: source for source in Source.objects.filter(url__in=cells("source_urls"))
        }
        self.protests = defaultdict(list)
        for protest in Protest.objects.filter(title__in=cells("protests")):
            self.protests[protest.title].append(protest)
        self.occasions = defaultdict(list)
        for occasion in Occasion.objects.filter(name__in=cells("occasions")):
            self.occasions[occasion.name].append(occasion)


class _Planner:
    def __init__(self, table: list[dict[str, str]]):
        self.plan = Plan(rows=[RowPlan(number=n, cells=cells) for n, cells in enumerate(table, 2)])
        self.existing = _Existing(table)
        # Records of this file, by their grouping key: (kind, key) → record.
        self.seen: dict[tuple, models.Model] = {}
        self.created: set[int] = set()  # id() of the records this import creates
        self.cited: set[tuple] = set()
        self.origin: dict[int, int] = {}  # id() of a created record → the row that made it
        self.current_row = 0
        self.names: dict[int, list[PersonName]] = defaultdict(list)  # by id() of a new person

    # The records ------------------------------------------------------------------------

    def _new(self, record: models.Model) -> models.Model:
        self.plan.new[type(record)].append(record)
        self.created.add(id(record))
        self.origin[id(record)] = self.current_row
        return record

    def _item(self, row: RowPlan, kind: str, label: str, record: models.Model) -> None:
        """What the preview says of ``record``: created here, by an earlier row, or matched."""
        if id(record) not in self.created:
            item = Item(kind, label, existing=record)
        elif self.origin[id(record)] != row.number:
            item = Item(kind, label, earlier_row=self.origin[id(record)])
        else:
            item = Item(kind, label)
        if item not in row.items:
            row.items.append(item)

    def _one(self, row: RowPlan, column: str, kind: str, name: str, found: dict):
        """The single existing record ``found`` holds, None for none; an error for several."""
        if len(found) > 1:
            listed = "; ".join(f"{record} (#{pk})" for pk, record in sorted(found.items()))
            row.error(
                column,
                _("“%(name)s” matches several %(kind)s: %(listed)s.")
                % {"name": name, "kind": kind, "listed": listed},
            )
            return None
        return next(iter(found.values()), None)

    def person(self, row: RowPlan, column: str, name: str, names: list[str], key: str):
        """A person: one already in this file (same key), one that exists (any name matches
        by search key), or a new one with its names."""
        if ("person", key) in self.seen:
            return self.seen["person", key], False
        found = {}
        for spelling in [name, *names]:
            for pk in self.existing.people.get(search_key(spelling), ()):
                found[pk] = self.existing.person_by_pk[pk]
        person = self._one(row, column, "people", name, found)
        created = person is None
        if created:
            person = self._new(Person(preferred_name=name))
            _check(row, person, exclude=("residence",))
            for spelling in dict.fromkeys(names or [name]):
                person_name = self._new(
                    PersonName(person=person, name=spelling, script=_script(spelling))
                )
                _check(row, person_name, exclude=("person",))
                self.names[id(person)].append(person_name)
            # A lawyer or judge of another row who bears one of these names is this person.
            for spelling in [name, *names]:
                self.seen.setdefault(("person", search_key(spelling)), person)
        self.seen["person", key] = person
        return person, created

    def court(self, row: RowPlan, column: str, name: str, country: str, place_name: str):
        key = search_key(name)
        if ("court", key) in self.seen:
            self._item(row, "court", name, self.seen["court", key])
            return self.seen["court", key]
        court = self._one(row, column, "courts", name, self.existing.courts.get(key, {}))
        if court is None:
            place = self.place(row, "court_place", place_name) if place_name else None
            court = self._new(
                Organization(
                    name=name, kind=OrganizationKind.COURT, country=country, location=place
                )
            )
            _check(row, court, exclude=("location", "outlet_organization"))
        self._item(row, "court", name, court)
        self.seen["court", key] = court
        return court

    def place(self, row: RowPlan, column: str, name: str):
        key = search_key(name)
        if ("place", key) in self.seen:
            self._item(row, "place", name, self.seen["place", key])
            return self.seen["place", key]
        place = self._one(row, column, "places", name, self.existing.places.get(key, {}))
        if place is None:
            # Kind and parent are unknown from the file: a researcher sets them on its page.
            place = self._new(Place(name=name, kind=PlaceKind.LOCALITY))
            _check(row, place, exclude=("parent",))
        self._item(row, "place", name, place)
        self.seen["place", key] = place
        return place

    # A row ------------------------------------------------------------------------------

    def row(self, row: RowPlan) -> None:
        cells = row.cells
        facts: dict[str, list[models.Model]] = defaultdict(list)

        # The defendant: a named person, or a count of unnamed ones.
        person = None
        unnamed = None
        precision = None
        if cells["unnamed_defendants_precision"] or cells["unnamed_defendants"]:
            precision = _choice(
                row, "unnamed_defendants_precision", UnnamedCount, UnnamedCount.EXACT
            )
            unnamed = _integer(row, "unnamed_defendants")
        elif cells["person"]:
            names = _split(cells["all_names"])
            key = cells["person_url"] or search_key(cells["person"])
            person, created = self.person(row, "person", cells["person"], names, key)
            self._item(row, "person", cells["person"], person)
            facts["person"].append(person)
            if created:
                facts["names"] += self.names[id(person)]
        else:
            row.error("person", _("Name the defendant, or count the unnamed defendants."))

        # The case.
        case_key = cells["case_url"] or (
            cells["person_url"] or search_key(cells["person"]),
            cells["case_kind"],
            cells["court"],
            cells["court_as_reported"],
            cells["case_opened"],
        )
        proceeding = self.seen.get(("case", case_key))
        new_case = proceeding is None
        court = None
        if cells["court"]:
            court = self.court(row, "court", cells["court"], cells["country"], cells["court_place"])
            facts["court"].append(court)
        if new_case:
            proceeding = self._new(
                Proceeding(
                    person=person,
                    kind=_choice(row, "case_kind", ProceedingKind),
                    country=cells["country"],
                    court=court,
                    court_as_reported=cells["court_as_reported"],
                    opened=cells["case_opened"],
                    unnamed_defendants=unnamed,
                )
            )
            if precision is not None:
                proceeding.unnamed_defendants_precision = precision
            _check(row, proceeding, exclude=("person", "court"))
            self.seen["case", case_key] = proceeding
            self._case_parts(row, proceeding, facts)
        self._item(row, "case", proceeding.get_kind_display() or cells["case_kind"], proceeding)
        if not new_case and unnamed is not None and precision == UnnamedCount.EXACT:
            proceeding.unnamed_defendants = max(proceeding.unnamed_defendants or 0, unnamed)
        facts["case"].append(proceeding)
        # Every row of a case cites what the case's first row created (its charges, …).
        if new_case:
            self.seen["case facts", case_key] = {k: facts[k] for k in CASE_FACTS if k in facts}
        else:
            facts.update(self.seen["case facts", case_key])

        # The ruling: rows of one case with the same ruling cells share it.
        ruling = None
        if cells["outcome"]:
            ruling = self._ruling(row, proceeding, case_key, court)
            facts["ruling"].append(ruling)

        # The sentence.
        sentence = self._sentence(row, proceeding, ruling, unnamed, precision)
        facts["sentence"].append(sentence)
        self._item(row, "sentence", sentence.get_kind_display() or cells["sentence_kind"], sentence)

        self._citations(row, facts)

    def _case_parts(self, row: RowPlan, proceeding: Proceeding, facts) -> None:
        cells = row.cells
        person = proceeding.person
        if person is not None and id(person) in self.created:
            for text in _split(cells["defendant_ages"]):
                match = AGE.match(text)
                if not match:
                    row.error(
                        "defendant_ages",
                        _("“%(text)s” is not “age (date)”, e.g. “45 (2018-08)”.") % {"text": text},
                    )
                    continue
                age = self._new(
                    ReportedAge(person=person, age=int(match["age"]), as_of=match["as_of"])
                )
                _check(row, age, exclude=("person",))
                facts["ages"].append(age)

        titles = _aligned(cells["protests"])
        dates = _aligned(cells["protest_dates"])
        keys = _aligned(cells["protest_urls"])
        places = _aligned(cells["protest_places"])
        statuses = _aligned(cells["protest_statuses"])
        protests = []
        for n, title in enumerate(titles):
            start = dates[n] if n < len(dates) else ""
            key = keys[n] if n < len(keys) and keys[n] else (title, start)
            protest = self.seen.get(("protest", key))
            if protest is None:
                same = [p for p in self.existing.protests.get(title, ()) if p.start == start]
                protest = same[0] if len(same) == 1 else None
                if protest is None:
                    status = _choice(
                        row,
                        "protest_statuses",
                        ProtestStatus,
                        ProtestStatus.HELD,
                        text=statuses[n] if n < len(statuses) else "",
                    )
                    place_name = places[n] if n < len(places) else ""
                    place = self.place(row, "protest_places", place_name) if place_name else None
                    protest = self._new(
                        Protest(
                            title=title,
                            kind=ProtestKind.OTHER,
                            status=status,
                            start=start,
                            location=place,
                        )
                    )
                    _check(row, protest, exclude=("location", "parent", "target_organization"))
                self.seen["protest", key] = protest
            self._item(row, "protest", title, protest)
            protests.append(protest)
            if id(protest) in self.created:
                facts["protests"].append(protest)
            self.plan.links.append(("proceeding_protests", proceeding, protest))

        for name in _split(cells["occasions"]):
            occasion = self.seen.get(("occasion", name))
            if occasion is None:
                same = self.existing.occasions.get(name, [])
                occasion = same[0] if len(same) == 1 else None
                if occasion is None:
                    occasion = self._new(Occasion(name=name, kind=OccasionKind.OTHER))
                    _check(row, occasion)
                self.seen["occasion", name] = occasion
            self._item(row, "occasion", name, occasion)
            if id(occasion) in self.created:
                facts["occasions"].append(occasion)
            for protest in protests:
                self.plan.links.append(("protest_occasions", protest, occasion))

        for text in _split(cells["charges"]):
            article, as_reported = "", text
            head, sep, tail = text.partition(": ")
            if sep and re.search(r"\d", head) and len(head) <= 100:
                article, as_reported = head, tail
            charge = self._new(
                Charge(proceeding=proceeding, article=article, as_reported=as_reported)
            )
            _check(row, charge, exclude=("proceeding",))
            facts["charges"].append(charge)

        for column, role in (
            ("judges", CourtRoleKind.JUDGE),
            ("prosecutors", CourtRoleKind.PROSECUTOR),
            ("defence_lawyers", CourtRoleKind.DEFENCE_LAWYER),
        ):
            for name in _split(cells[column]):
                kind = role
                if column == "defence_lawyers" and name.endswith(PUBLIC_DEFENDER):
                    name, kind = name.removesuffix(PUBLIC_DEFENDER), CourtRoleKind.PUBLIC_DEFENDER
                someone, created = self.person(row, column, name, [], search_key(name))
                self._item(row, str(CourtRoleKind(kind).label).lower(), name, someone)
                if created:
                    facts["court_roles"].append(someone)
                court_role = self._new(CourtRole(proceeding=proceeding, person=someone, role=kind))
                facts["court_roles"].append(court_role)

        for text in _split(cells["hearings"]):
            hearing = self._hearing(row, proceeding, text)
            if hearing is not None:
                facts["hearings"].append(hearing)

        for text in _split(cells["detention_circumstance"]):
            circumstance = _choice(
                row, "detention_circumstance", DetentionCircumstance, "", text=text
            )
            measure = self._new(
                PretrialMeasure(
                    proceeding=proceeding, kind=MeasureKind.DETENTION, circumstance=circumstance
                )
            )
            _check(row, measure, exclude=("proceeding", "place"))
            facts["detention"].append(measure)

    def _hearing(self, row: RowPlan, proceeding: Proceeding, text: str) -> Hearing | None:
        date, sep, rest = text.partition(": ")
        if not sep:
            row.error(
                "hearings",
                _("“%(text)s” is not “date: kind”, e.g. “2026-01-23: Trial hearing”.")
                % {"text": text},
            )
            return None
        date = "" if date == "date not reported" else date
        closed = None
        for suffix, value in HEARING_FLAGS.items():
            if rest.endswith(suffix):
                rest, closed = rest.removesuffix(suffix), value
        transfer = re.match(r"^(?P<kind>.*?), from (?P<source>.*) to (?P<target>.*)$", rest)
        courts = {}
        if transfer:
            rest = transfer["kind"]
            courts = {"from_court": transfer["source"], "court": transfer["target"]}
        kind = next(
            (
                value
                for value, label in HearingKind.choices
                if str(label).casefold() == rest.casefold()
            ),
            None,
        )
        if kind is None:
            labels = ", ".join(str(label) for label in HearingKind.labels)
            row.error(
                "hearings",
                _("Unknown hearing kind “%(text)s”: one of %(labels)s.")
                % {"text": rest, "labels": labels},
            )
            return None
        hearing = Hearing(proceeding=proceeding, kind=kind, date=date, closed_to_public=closed)
        for name, words in courts.items():
            if words == NOT_REPORTED:
                continue
            court = self.seen.get(("court", search_key(words)))
            existing = self.existing.courts.get(search_key(words), {})
            if court is None and len(existing) == 1:
                court = next(iter(existing.values()))
            if court is not None:
                setattr(hearing, name, court)
            else:
                setattr(hearing, f"{name}_as_reported", words)
        self._new(hearing)
        _check(row, hearing, exclude=("proceeding", "court", "from_court"))
        return hearing

    def _ruling(self, row: RowPlan, proceeding: Proceeding, case_key, court) -> Ruling:
        cells = row.cells
        own_court = None
        own_words = ""
        # The export gives the case's court for a ruling without its own: only a different
        # court (or wording) is the ruling's own.
        if (cells["ruling_court"], cells["ruling_court_as_reported"]) != (
            cells["court"],
            cells["court_as_reported"],
        ):
            if cells["ruling_court"]:
                own_court = self.court(
                    row, "ruling_court", cells["ruling_court"], cells["country"], ""
                )
            own_words = cells["ruling_court_as_reported"]
        key = (
            "ruling",
            case_key,
            cells["ruling_date"],
            cells["ruling_instance"],
            cells["ruling_court"],
            cells["ruling_court_as_reported"],
            cells["plea"],
            cells["outcome"],
        )
        if key in self.seen:
            self._item(row, "ruling", self.seen[key].get_outcome_display(), self.seen[key])
            return self.seen[key]
        ruling = self._new(
            Ruling(
                proceeding=proceeding,
                date=cells["ruling_date"],
                court_instance=_choice(row, "ruling_instance", Instance, Instance.FIRST),
                plea=_choice(row, "plea", Plea, Plea.NOT_REPORTED),
                outcome=_choice(row, "outcome", Outcome),
                court=own_court,
                court_as_reported=own_words,
            )
        )
        _check(row, ruling, exclude=("proceeding", "court"))
        self.seen[key] = ruling
        self._item(row, "ruling", ruling.get_outcome_display() or cells["outcome"], ruling)
        return ruling

    def _sentence(self, row, proceeding, ruling, unnamed, precision) -> Sentence:
        cells = row.cells
        sentence = self._new(
            Sentence(
                proceeding=proceeding,
                ruling=ruling,
                kind=_choice(row, "sentence_kind", SentenceKind),
                status=_choice(row, "sentence_status", SentenceStatus, SentenceStatus.IMPOSED),
                amount_as_reported=cells["amount_as_reported"],
                term_quantity=_decimal(row, "term_quantity"),
                term_unit=cells["term_unit"],
                term_days=_integer(row, "term_days"),
                probation_quantity=_decimal(row, "probation_quantity"),
                probation_unit=cells["probation_unit"],
                probation_not_reported=_flag(row, "probation_not_reported"),
                custody_credit_days=_integer(row, "custody_credit_days"),
                custody_credit_ratio=_decimal(row, "custody_credit_ratio"),
                custody_credit_as_reported=cells["custody_credit_as_reported"],
                fine_amount=_decimal(row, "fine_amount"),
                fine_amount_max=_decimal(row, "fine_amount_max"),
                fine_currency=cells["fine_currency"],
                fine_kzt=_decimal(row, "fine_kzt"),
                fine_kzt_max=_decimal(row, "fine_kzt_max"),
                fine_usd_as_reported=_decimal(row, "fine_usd_as_reported"),
                fine_group_total=_flag(row, "fine_group_total"),
            )
        )
        if ruling is not None and sentence.kind in WITHOUT_CASE:
            row.error(
                "outcome", _("A detention without a case has no ruling: leave outcome empty.")
            )
        if precision == UnnamedCount.EXACT and not sentence.fine_group_total:
            sentence.unnamed_count = unnamed
        _check(row, sentence, exclude=("proceeding", "ruling", "defendant"))
        return sentence

    def _citations(self, row: RowPlan, facts: dict[str, list[models.Model]]) -> None:
        cells = row.cells
        urls = _aligned(cells["source_urls"])
        if not urls:
            row.error("source_urls", _("Every row needs a source: give its URL and a quote."))
            return
        outlets = _aligned(cells["source_outlets"])
        headlines = _aligned(cells["source_headlines"])
        archives = _aligned(cells["source_archive_urls"])
        dates = _aligned(cells["source_dates"])
        quotes = _aligned(cells["quotes"])
        supports = _aligned(cells["quote_supports"])

        def at(values, n):
            return values[n] if n < len(values) else ""

        for n, url in enumerate(urls):
            if not url:
                row.error("source_urls", _("Source %(n)s has no URL.") % {"n": n + 1})
                continue
            source = self.seen.get(("source", url)) or self.existing.sources.get(url)
            if source is None:
                source = self._new(
                    Source(
                        url=url,
                        outlet=at(outlets, n),
                        headline=at(headlines, n),
                        archive_url=at(archives, n),
                        published=at(dates, n),
                    )
                )
                _check(row, source, exclude=("outlet_organization",))
            self._item(row, "source", url, source)
            self.seen["source", url] = source
            quote = at(quotes, n)
            if not quote:
                row.error(
                    "quotes",
                    _("Give the quote from source %(n)s (%(url)s).") % {"n": n + 1, "url": url},
                )
                continue
            for fact, field_name in self._supported(row, at(supports, n), facts):
                if id(fact) not in self.created:
                    continue  # a match is linked, not cited again
                key = (id(source), id(fact), field_name)
                if key not in self.cited:
                    self.cited.add(key)
                    self.plan.citations.append((source, fact, field_name, quote))

    def _supported(self, row: RowPlan, text: str, facts) -> list[tuple[models.Model, str]]:
        if not text.strip():
            return [(fact, "") for records in facts.values() for fact in records]
        supported = []
        for word in (part.strip() for part in text.split(",")):
            fact_name, _dot, field_name = word.partition(".")
            fact_name = FACT_ALIASES.get(fact_name, fact_name)
            if fact_name not in FACTS:
                row.error(
                    "quote_supports",
                    _("Unknown fact “%(word)s”: one of %(facts)s.")
                    % {"word": word, "facts": ", ".join(FACTS)},
                )
                continue
            if field_name:
                try:
                    FACTS[fact_name]._meta.get_field(field_name)
                except Exception:
                    row.error(
                        "quote_supports",
                        _("“%(fact)s” has no field “%(field)s”.")
                        % {"fact": fact_name, "field": field_name},
                    )
                    continue
            supported += [(fact, field_name) for fact in facts.get(fact_name, [])]
        return supported


# The facts of a case, cited by every row of the case (the first row of a case creates them).
CASE_FACTS = {"ages", "protests", "occasions", "charges", "court_roles", "hearings", "detention"}


def plan(table: list[dict[str, str]]) -> Plan:
    """What importing ``table`` would create and match, with every cell's errors; writes
    nothing."""
    planner = _Planner(table)
    for row in planner.plan.rows:
        planner.current_row = row.number
        planner.row(row)
    return planner.plan


# Saving ----------------------------------------------------------------------------------

# Parents before children.
ORDER = [
    Place,
    Organization,
    Person,
    PersonName,
    ReportedAge,
    Source,
    Occasion,
    Protest,
    Proceeding,
    Charge,
    CourtRole,
    Hearing,
    PretrialMeasure,
    Ruling,
    Sentence,
    Citation,
]


class ImportRefused(Exception):
    """The plan has errors, or the database refused a row; nothing was saved."""


def _link_saved_parents(model, objs: list[models.Model]) -> None:
    """Point foreign keys at parents saved above (unsaved when the plan was made)."""
    for model_field in model._meta.concrete_fields:
        if not model_field.many_to_one:
            continue
        for obj in objs:
            if getattr(obj, model_field.attname) is None and model_field.is_cached(obj):
                parent = getattr(obj, model_field.name)
                if parent is not None:
                    setattr(obj, model_field.name, parent)


def apply(import_plan: Plan, *, user, filename: str) -> dict[type, list[models.Model]]:
    """Save every record of ``import_plan`` as a draft, in one transaction, each with a
    history row naming ``user``. Refuses a plan with errors."""
    if not import_plan.valid:
        raise ImportRefused(_("The file has errors: correct them and upload it again."))
    reason = f"Imported from {filename}"[:100]
    new = import_plan.new
    content_types = ContentType.objects.get_for_models(*FACTS.values())
    citations = [
        Citation(
            source=source,
            content_type=content_types[type(fact)],
            object_id=0,
            field=field_name,
            quote=quote,
        )
        for source, fact, field_name, quote in import_plan.citations
    ]
    facts = [citation[1] for citation in import_plan.citations]
    saved = {}
    try:
        with transaction.atomic():
            for model in ORDER:
                objs = citations if model is Citation else new.get(model, [])
                if not objs:
                    continue
                if model is Citation:
                    for citation, fact in zip(citations, facts, strict=True):
                        citation.object_id = fact.pk
                _link_saved_parents(model, objs)
                model.objects.bulk_create(objs, record_history=False)
                model.history.bulk_history_create(
                    objs, default_user=user, default_change_reason=reason
                )
                saved[model] = objs
            links = defaultdict(dict)
            for name, owner, other in import_plan.links:
                if name == "proceeding_protests":
                    through = Proceeding.protests.through
                    row = through(proceeding_id=owner.pk, protest_id=other.pk)
                else:
                    through = Protest.occasions.through
                    row = through(protest_id=owner.pk, occasion_id=other.pk)
                links[through][owner.pk, other.pk] = row
            for through, rows in links.items():
                through.objects.bulk_create(rows.values(), ignore_conflicts=True)
            # Link rows are written without signals: the public pages move on explicitly.
            generation.bump()
    except IntegrityError as error:
        raise ImportRefused(
            _("The database refused the import: %(error)s") % {"error": error}
        ) from error
    return saved
