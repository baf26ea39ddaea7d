"""A protest's chronology: what happened to everyone involved, in date order, footnoted.

``protest_chronology(protest)`` gathers the protest (and the days of a campaign), then the
cases that arose from them and everything in those cases: pre-trial measures, the case
opened with its charges, hearings, rulings and penalties, whoever the defendant (named,
protected under the pseudonym, or unnamed). Every record is read through ``.public()``.

**Order.** By the first day each partial date can mean, then the narrower date first (a
day before a month that starts on it), then the order of the chain (protest, measure,
case, hearing, ruling, penalty). An event of a case cannot come before the protest the
case arose from: a case "opened in November 2025" after a protest on 13 November is
placed from that day on, not on 1 November. An undated event of a case is placed at the
earliest it can have happened, the day of the protest, after what is dated to that day
and marked "date not reported"; one of a case linked to no dated protest comes last. A
penalty no ruling imposed (sought, or the maximum the charge carries) is dated by the
case's opening.

**Footnotes.** Each event's public citations become numbers in one references list per
page, one per source, numbered in order of first use.

The page costs the same queries however many cases: one per kind of record and one for
the citations of everything shown.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, Model, OuterRef
from django.utils.translation import gettext

from casetracker.partial_dates import parse_or_none
from events.models import (
    Charge,
    Hearing,
    PretrialMeasure,
    Proceeding,
    Protest,
    Ruling,
    Sentence,
)
from people.models import Organization
from publishing import rules
from sources.selectors import attach_public_citations
from sources.templatetags.casetracker import choice_label, page_url

PROTEST, MEASURE, CASE, HEARING, RULING, PENALTY = range(6)
# Sorts an undated event after the events of that very day, before those known only to
# the month or year that starts then.
UNDATED = 0.5


@dataclass
class Happening:
    """One line of the chronology. ``what`` and ``details`` are plain text (the template
    escapes them); ``footnotes`` are numbers of the page's references."""

    stage: int
    date: str
    what: str
    who: str
    url: str
    records: list[Model]
    details: list[str] = field(default_factory=list)
    # The first day the event may be placed on (see the module docstring).
    floor: datetime.date | None = None
    footnotes: list[int] = field(default_factory=list)

    @property
    def sort_key(self):
        parsed = parse_or_none(self.date)
        start = (parsed.start or parsed.end) if parsed else None
        if start is None:
            # Undated: from the protest the case arose from on, after what is dated there.
            return (self.floor is None, self.floor or datetime.date.max, UNDATED, self.stage)
        if self.floor and start < self.floor:
            start = self.floor
        end = parsed.end or parsed.start
        return (False, start, (end - (parsed.start or end)).days, self.stage)


@dataclass
class Reference:
    number: int
    source: object  # sources.selectors.PageSource


def _court_is_public(field_name: str = "court_id") -> Exists:
    return Exists(Organization.objects.public().filter(pk=OuterRef(field_name)))


def _court(record) -> str:
    """The court's name when it is public and named; otherwise the words of the sources."""
    if record.court_id and record.court_is_public and not record.court.is_unnamed:
        return record.court.name
    return record.court_as_reported


def _who(proceeding: Proceeding) -> str:
    person = rules.redact_person(proceeding.person)
    unnamed = proceeding.unnamed_number
    if person is not None:
        if unnamed:
            return gettext("%(name)s and %(number)s unnamed co-defendants") % {
                "name": person.public_name,
                "number": unnamed,
            }
        return person.public_name
    return gettext("%(number)s unnamed defendants") % {"number": unnamed}


def protests_of(protest: Protest) -> list[Protest]:
    """The protest and, for a campaign, its public days (one query)."""
    days = Protest.objects.public().filter(parent=protest).order_by("start_start", "pk")
    return [protest, *days]


def protest_chronology(protest: Protest) -> tuple[list[Happening], list[Reference]]:
    protests = protests_of(protest)
    protest_ids = [p.pk for p in protests]
    proceedings = list(
        Proceeding.objects.public()
        .filter(
            pk__in=Proceeding.protests.through.objects.filter(protest__in=protest_ids).values(
                "proceeding_id"
            )
        )
        .annotate(court_is_public=_court_is_public())
        .select_related("person", "court")
        .order_by("opened_start", "pk")
    )
    by_id = {p.pk: p for p in proceedings}
    # The first day of the earliest protest each case arose from.
    floors = {}
    links = Proceeding.protests.through.objects.filter(
        proceeding__in=list(by_id), protest__in=protest_ids
    ).values_list("proceeding_id", "protest_id")
    starts = {p.pk: p.start_start for p in protests}
    for proceeding_id, protest_id in links:
        start = starts.get(protest_id)
        if start and (proceeding_id not in floors or start < floors[proceeding_id]):
            floors[proceeding_id] = start

    def of_cases(records):
        return records.filter(proceeding__in=list(by_id)).order_by("pk")

    charges = of_cases(Charge.objects.public())
    measures = of_cases(PretrialMeasure.objects.public())
    hearings = of_cases(
        Hearing.objects.public()
        .annotate(court_is_public=_court_is_public())
        .select_related("court")
    )
    rulings = list(
        of_cases(
            Ruling.objects.public()
            .annotate(court_is_public=_court_is_public())
            .select_related("court")
        )
    )
    sentences = of_cases(Sentence.objects.public())

    happenings = []
    for day in protests:
        where = ", ".join(part for part in (day.place, day.locality, day.region) if part)
        happenings.append(
            Happening(
                PROTEST,
                day.start,
                f"{choice_label(day, 'kind')}: {day.title}",
                "",
                page_url(day),
                [day],
                [where] if where else [],
            )
        )
    charges_of = {}
    for charge in charges:
        charges_of.setdefault(charge.proceeding_id, []).append(charge)
    for proceeding in proceedings:
        own = charges_of.get(proceeding.pk, [])
        wording = "; ".join(
            " ".join(part for part in (c.article, c.as_reported) if part) for c in own
        )
        happenings.append(
            Happening(
                CASE,
                proceeding.opened,
                gettext("%(case)s opened") % {"case": proceeding.case_words},
                _who(proceeding),
                page_url(proceeding),
                [proceeding, *own],
                [gettext("Charges: %(charges)s") % {"charges": wording}] if wording else [],
            )
        )
    for measure in measures:
        proceeding = by_id[measure.proceeding_id]
        happenings.append(
            Happening(
                MEASURE,
                measure.start,
                choice_label(measure, "kind"),
                _who(proceeding),
                page_url(proceeding),
                [measure],
                [f"“{measure.as_reported}”"] if measure.as_reported else [],
            )
        )
    for hearing in hearings:
        proceeding = by_id[hearing.proceeding_id]
        details = [text for text in (_court(hearing), hearing.note) if text]
        if hearing.closed_to_public:
            details.append(gettext("Closed to the public"))
        happenings.append(
            Happening(
                HEARING,
                hearing.date,
                choice_label(hearing, "kind"),
                _who(proceeding),
                page_url(proceeding),
                [hearing],
                details,
            )
        )
    rulings_by_id = {ruling.pk: ruling for ruling in rulings}
    for ruling in rulings:
        proceeding = by_id[ruling.proceeding_id]
        details = [_court(ruling) if ruling.court_id else _court(proceeding)]
        if ruling.plea != "not_reported":
            details.append(choice_label(ruling, "plea"))
        details.append(ruling.summary)
        happenings.append(
            Happening(
                RULING,
                ruling.date,
                gettext("Ruling: %(outcome)s") % {"outcome": choice_label(ruling, "outcome")},
                _who(proceeding),
                page_url(proceeding),
                [ruling],
                [text for text in details if text],
            )
        )
    for sentence in sentences:
        proceeding = by_id[sentence.proceeding_id]
        ruling = rulings_by_id.get(sentence.ruling_id)
        who = _who(proceeding)
        if sentence.unnamed_count and not proceeding.person_id:
            who = gettext("%(number)s unnamed defendants") % {"number": sentence.unnamed_count}
        happenings.append(
            Happening(
                PENALTY,
                # A penalty is as old as its ruling; one sought or possible, as the case.
                ruling.date if ruling else proceeding.opened,
                f"{choice_label(sentence, 'kind')}: {sentence.amount_display()}",
                who,
                page_url(proceeding),
                [sentence],
                [str(choice_label(sentence, "status"))],
            )
        )
    for happening in happenings:
        if happening.stage != PROTEST:
            happening.floor = _floor(happening, floors)
    happenings.sort(key=lambda h: h.sort_key)
    return happenings, _footnote(happenings)


def _floor(happening: Happening, floors: dict) -> datetime.date | None:
    record = happening.records[0]
    proceeding_id = record.pk if isinstance(record, Proceeding) else record.proceeding_id
    return floors.get(proceeding_id)


def _footnote(happenings: list[Happening]) -> list[Reference]:
    """Number the sources of every happening's public citations (one query for all)."""
    attach_public_citations([record for h in happenings for record in h.records])
    numbers: dict[int, Reference] = {}
    for happening in happenings:
        found = set()
        for record in happening.records:
            for citation in record.public_citations:
                source = citation.source
                if source.pk not in numbers:
                    numbers[source.pk] = Reference(len(numbers) + 1, source)
                found.add(numbers[source.pk].number)
        happening.footnotes = sorted(found)
    return list(numbers.values())
