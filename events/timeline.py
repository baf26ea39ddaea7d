"""One person's whole chain on one timeline: protest (with its placards and slogans) →
detention → proceeding → charges → hearings → ruling → sentence.

``person_timeline(person)`` returns the entries of the person page's timeline, ordered by
the first day each entry's partial date can mean; undated entries come last, and entries
on the same start day (or undated) keep the order of the chain. It runs a fixed number of
queries however long the chain: one per kind of record (``person_chain``), one more for the
extensions and moves of pre-trial measures when the person has any, and one for the
citations of everything shown (``attach_public_citations``).

Only public records appear: a published record backed by a published citation, under a
public parent (a participation in a public protest, a sentence of a public ruling).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casetracker.partial_dates import parse_or_none
from events.models import (
    Charge,
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
    Slogan,
    describe_changes,
)
from events.selectors import public_court_roles, public_hearings
from people.models import Organization, Person, RelationshipKind
from publishing import rules, texts
from sources.models import is_citable
from sources.selectors import attach_public_citations
from sources.templatetags.casetracker import choice_label, display_value, yes_or_no


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

    PROTEST = 1, _("Protest")
    PRETRIAL_MEASURE = 2, _("Before trial")
    PROCEEDING = 3, _("Proceeding opened")
    CHARGE = 4, _("Charge")
    HEARING = 5, _("In court")
    RULING = 6, _("Ruling")
    SENTENCE = 7, _("Sentence")


@dataclass(frozen=True)
class Relative:
    """A relative of the page's person whose events the timeline shows as theirs."""

    person: Person
    # The name the public may see (publishing.rules.public_name): never a protected
    # person's real name.
    name: str
    relation: str  # "spouse", "nephew or niece", … (the relative's relation to the person)


@dataclass
class TimelineEntry:
    stage: Stage
    title: str
    url: str
    # The entry's partial date ("2025-07", "" when not reported) and where it is cited.
    date: str
    date_record: models.Model | None
    date_field: str
    # The record whose whole-record citations the entry shows beside its title, with those
    # of ``title_field`` when the title is that field's value (a charge's words).
    record: models.Model
    details: list[Detail] = field(default_factory=list)
    # Other records shown in the entry, whose remaining cited fields are listed too.
    also_records: list[models.Model] = field(default_factory=list)
    # The proceeding the entry belongs to (None: a protest), and whose entry it is: None
    # for the page's person, else a relative (``Relative``).
    proceeding_id: int | None = None
    relative: Relative | None = None
    title_field: str = ""
    # The entry this one is dated by and placed with, when it has no date of its own (a
    # charge: its case's opening).
    follows: "TimelineEntry | None" = None
    # Set by ``in_date_order``: the day the entry is placed at (see there).
    placed_on: date | None = None

    @property
    def stage_label(self) -> str:
        return self.stage.label

    @property
    def stage_name(self) -> str:
        return self.stage.name.lower()

    @property
    def start(self) -> date | None:
        # A date known only by its end ("by 18 May 2023") is placed at that end.
        parsed = parse_or_none(self.date)
        return (parsed.start or parsed.end) if parsed else None

    @property
    def last_day(self) -> date | None:
        parsed = parse_or_none(self.date)
        return (parsed.end or parsed.start) if parsed else None

    @property
    def precision_rank(self) -> int:
        parsed = parse_or_none(self.date)
        return _PRECISION_RANK.get(parsed.precision, 3) if parsed else 3

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
    def shown_details(self) -> list[Detail]:
        """The details the page shows: a relative's entry, which stands beside the person's
        own story, shows only its first two reported values (the entry links to the rest)."""
        if self.relative is not None:
            return [detail for detail in self.details if detail.value][:2]
        return self.details

    @property
    def other_details(self) -> list[Detail]:
        """Cited fields the entry does not already show, so no citation goes unseen (none
        for a relative's entry, whose page shows them).

        Read at render time, after the citations were attached.
        """
        if self.relative is not None:
            return []
        shown = {(type(self.record), self.record.pk, name) for name in ("", self.title_field)}
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


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def in_date_order(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """``entries`` in true date order: the one rule of the timeline's order.

    1. Each entry is placed at the first day its partial date can mean ("Nov 2025": 1 Nov),
       but never before an earlier link of its own chain (of the same person: a protest,
       then the proceeding's detention, opening, hearings, ruling) whose date falls within
       its own: a case opened "in Nov 2025" after a protest on 13 Nov 2025 comes after the
       protest, and a detention "in Jul 2025" after the protest of 11 Jul that caused it.
    2. A pre-trial measure whose date is not reported came before the trial it preceded: it
       is placed just before its proceeding's latest ruling, or, with no ruling, just after
       the proceeding's opening and its charges; a proceeding whose opening is not reported
       was open by its first dated link, and is placed just before it (their dates still
       read "not reported").
    3. An entry with no date of its own (a charge) is placed with the entry it ``follows``
       (its case's opening), just after it.
    4. Then by that day; on the same day by the chain's order (protest, detention,
       proceeding, charge, hearing, ruling, sentence), then the more precise date first.
    5. Entries with no date, and none to place them by, come last, in the chain's order.
    """
    for entry in entries:
        entry.placed_on = None if entry.follows is not None else entry.start
    by_stage = sorted(entries, key=lambda entry: entry.stage)
    for entry in by_stage:
        first, last = entry.placed_on, entry.last_day
        if first is None:
            continue
        for earlier in by_stage:
            if earlier.stage >= entry.stage:
                break
            if (
                earlier.placed_on is not None
                and _same_chain(earlier, entry)
                and first <= earlier.placed_on <= last
            ):
                entry.placed_on = max(entry.placed_on, earlier.placed_on)
    stage_of = {}
    for entry in entries:
        stage_of[id(entry)] = float(entry.stage)
        if entry.placed_on is None and entry.stage == Stage.PRETRIAL_MEASURE:
            _place_undated_measure(entry, entries, stage_of)
        elif entry.placed_on is None and entry.stage == Stage.PROCEEDING:
            # A case with no opening date was open by its first dated link.
            dated = [
                other.placed_on
                for other in entries
                if other.proceeding_id == entry.proceeding_id and other.placed_on is not None
            ]
            entry.placed_on = min(dated, default=None)
    for entry in entries:
        if entry.follows is not None:
            entry.placed_on = entry.follows.placed_on
            stage_of[id(entry)] = stage_of[id(entry.follows)] + 0.25
    ordered = sorted(
        enumerate(entries),
        key=lambda indexed: (
            indexed[1].placed_on is None,
            indexed[1].placed_on or date.max,
            stage_of[id(indexed[1])],
            indexed[1].precision_rank,
            indexed[0],
        ),
    )
    return [entry for _, entry in ordered]


def _same_chain(earlier: TimelineEntry, entry: TimelineEntry) -> bool:
    """Whether ``earlier`` is a link of ``entry``'s chain: the same person's, and the same
    proceeding's (a protest is a link of every proceeding of its person)."""
    if earlier.relative != entry.relative:
        return False
    return earlier.proceeding_id is None or earlier.proceeding_id == entry.proceeding_id


def _place_undated_measure(entry: TimelineEntry, entries, stage_of: dict) -> None:
    siblings = [other for other in entries if other.proceeding_id == entry.proceeding_id]
    rulings = [other for other in siblings if other.stage == Stage.RULING]
    if rulings:
        # The latest ruling: an undated one is the latest (it leaves the measure undated).
        latest = max(rulings, key=lambda ruling: ruling.placed_on or date.max)
        entry.placed_on = latest.placed_on
        return
    opened = [other for other in siblings if other.stage == Stage.PROCEEDING]
    if opened and opened[0].placed_on is not None:
        entry.placed_on = opened[0].placed_on
        stage_of[id(entry)] = Stage.PROCEEDING + 0.5


# The kinds of relation whose events a person's timeline shows as the relative's.
FAMILY = (
    RelationshipKind.SPOUSE,
    RelationshipKind.PARENT,
    RelationshipKind.CHILD,
    RelationshipKind.SIBLING,
    RelationshipKind.UNCLE_AUNT,
    RelationshipKind.NEPHEW_NIECE,
    RelationshipKind.RELATIVE,
)


def _is_public_court() -> Exists:
    return Exists(Organization.objects.public().filter(pk=OuterRef("court_id")))


@dataclass
class Chain:
    """The public records of a person's chain, and of the relatives it was read for
    (``person_chain``)."""

    # Each with its protest, which carries its ``public_slogans``.
    participations: list[Participation]
    # Each with its court and its ``public_charges``, ``public_measures``,
    # ``public_rulings``, ``public_sentences``, ``public_hearings`` and
    # ``public_court_roles``.
    proceedings: list[Proceeding]
    # The roles of the person (a judge's, a lawyer's cases) and those in the person's own
    # proceedings (their judge and lawyers), each with its proceeding and defendant.
    court_roles: list[CourtRole]


def person_chain(person_id: int, relatives: Iterable[int] = ()) -> Chain:
    """The reads of a person's public chain, and of their ``relatives``' (ids): participations
    (with their protests and the protests' placards and slogans), proceedings (with their
    courts, charges, pre-trial measures, rulings, sentences and hearings), and court roles.
    One query per kind of record, however long the chain (none for the lists of a person
    with no proceeding).
    """
    people = [person_id, *relatives]
    participations = list(
        Participation.objects.public()
        .filter(person__in=people)
        .select_related("protest")
        .without_bookkeeping("protest")
        .prefetch_related(
            Prefetch(
                "protest__slogans",
                queryset=Slogan.objects.public().without_bookkeeping().order_by("pk"),
                to_attr="public_slogans",
            )
        )
        .order_by("protest__start_start", "protest_id", "role", "pk")
    )
    proceedings = list(
        Proceeding.objects.public()
        .filter(person__in=people)
        .annotate(court_is_public=_is_public_court())
        .select_related("court")
        .without_bookkeeping("court")
        .order_by("opened_start", "pk")
        .prefetch_related(
            Prefetch(
                "charges",
                queryset=Charge.objects.public().without_bookkeeping().order_by("pk"),
                to_attr="public_charges",
            ),
            # Whether each measure was extended, moved or changed: the changes are read
            # only for a person who has any (``_attach_changes``), so that a chain without
            # them costs no query.
            Prefetch(
                "pretrial_measures",
                queryset=PretrialMeasure.objects.public()
                .select_related("place")
                .without_bookkeeping("place")
                .annotate(
                    has_public_changes=Exists(
                        MeasureChange.objects.public().filter(measure=OuterRef("pk"))
                    )
                )
                .order_by("start_start", "pk"),
                to_attr="public_measures",
            ),
            Prefetch(
                "rulings",
                queryset=Ruling.objects.public()
                .annotate(court_is_public=_is_public_court())
                .select_related("court")
                .without_bookkeeping("court")
                .order_by("date_start", "pk"),
                to_attr="public_rulings",
            ),
            Prefetch(
                "sentences",
                queryset=Sentence.objects.public().without_bookkeeping().order_by("pk"),
                to_attr="public_sentences",
            ),
            Prefetch(
                "hearings",
                queryset=public_hearings().without_bookkeeping("court", "from_court"),
                to_attr="public_hearings",
            ),
        )
    )
    own = [proceeding.pk for proceeding in proceedings if proceeding.person_id == person_id]
    court_roles = list(
        public_court_roles()
        .filter(Q(person=person_id) | Q(proceeding__in=own))
        .select_related("proceeding", "proceeding__person")
        .without_bookkeeping("person", "represents", "proceeding", "proceeding__person")
    )
    # One read for both kinds of role: each proceeding of the chain lists those among them
    # that are its own.
    by_id = {proceeding.pk: proceeding for proceeding in proceedings}
    for proceeding in proceedings:
        proceeding.public_court_roles = []
    for role in court_roles:
        if role.proceeding_id in by_id:
            by_id[role.proceeding_id].public_court_roles.append(role)
    return Chain(participations, proceedings, court_roles)


def _attach_changes(proceedings: list[Proceeding]) -> None:
    """Each measure's ``public_changes``, read in one query when any measure has some."""
    measures = [m for proceeding in proceedings for m in proceeding.public_measures]
    changed = [m for m in measures if m.has_public_changes]
    for measure in measures:
        if not measure.has_public_changes:
            measure.public_changes = []
    prefetch_related_objects(
        changed,
        Prefetch(
            "changes",
            queryset=MeasureChange.objects.public()
            .without_bookkeeping()
            .order_by("date_start", "pk"),
            to_attr="public_changes",
        ),
    )


def court_roles_of(person_id: int, chain: Chain) -> list[CourtRole]:
    """The person's own roles in court (judge, lawyer, …) among the chain's, each with its
    proceeding and defendant."""
    return [role for role in chain.court_roles if role.person_id == person_id]


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
                title=texts.in_reader_language(protest, "title"),
                url=protest.get_absolute_url(),
                date=protest.start,
                date_record=protest,
                date_field="start",
                record=protest,
                also_records=participations,
                details=[
                    Detail(_("Role"), roles, role_cited),
                    Detail(
                        _("Kind of protest"), choice_label(protest, "kind"), [(protest, "kind")]
                    ),
                    Detail(
                        _("Where"),
                        where,
                        [(protest, "place"), (protest, "locality"), (protest, "country")],
                    ),
                    *(_slogan_detail(slogan) for slogan in protest.public_slogans),
                ],
            )
        )
    return entries


def _slogan_detail(slogan: Slogan) -> Detail:
    """“Placard or sign: Persona non grata (translation)”, with its citations."""
    words = f"{slogan.text} ({slogan.translation})" if slogan.translation else slogan.text
    cited = [(slogan, name) for name in ("", "kind", "text", "translation")]
    return Detail(choice_label(slogan, "kind"), words, cited)


def _charge_entry(charge: Charge, opening: TimelineEntry) -> TimelineEntry:
    """A charge, as the sources word it, with the law it cites; dated by its case's opening
    (a charge has no date of its own) and placed with it."""
    law = " ".join(part for part in (choice_label(charge, "code"), charge.article) if part)
    return TimelineEntry(
        stage=Stage.CHARGE,
        title=charge.as_reported,
        url=opening.url,
        date=opening.date,
        date_record=opening.date_record,
        date_field=opening.date_field,
        record=charge,
        title_field="as_reported",
        details=[Detail(_("Law"), law, [(charge, "code"), (charge, "article")])],
        follows=opening,
    )


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


def _hearing_entry(hearing: Hearing, url: str, case_court: Detail) -> TimelineEntry:
    """A hearing that names no court was held in the case's court (the field's rule, as
    the proceeding's page reads it): ``case_court``, with the case's sources."""
    closed = yes_or_no(hearing.closed_to_public)
    if hearing.is_transfer:
        courts = [
            Detail(_("From"), _court(hearing, "from_court"), _cited(hearing, "from_court")),
            Detail(_("To"), _court(hearing), _cited(hearing, "court")),
        ]
    elif own := _court(hearing):
        courts = [Detail(_("Court"), own, _cited(hearing, "court"))]
    else:
        courts = [Detail(case_court.label, case_court.value, list(case_court.cited))]
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
            Detail(_("Closed to the public"), closed, [(hearing, "closed_to_public")]),
            *([Detail(_("Note"), hearing.note, [(hearing, "note")])] if hearing.note else []),
        ],
    )


def _cited(record, field: str) -> list[tuple[models.Model, str]]:
    return [(record, field), (record, f"{field}_as_reported")]


def _proceeding_entries(proceeding: Proceeding) -> list[TimelineEntry]:
    url = proceeding.get_absolute_url()
    court = _court(proceeding)
    court_cited = [(proceeding, "court"), (proceeding, "court_as_reported")]
    opening = TimelineEntry(
        stage=Stage.PROCEEDING,
        title=proceeding.case_words,
        url=url,
        date=proceeding.opened,
        date_record=proceeding,
        date_field="opened",
        record=proceeding,
        details=[
            Detail(_("Country"), proceeding.country, [(proceeding, "country")]),
            case_court := Detail(_("Court"), court, court_cited),
            Detail(_("Case number"), proceeding.case_number, [(proceeding, "case_number")]),
            *_people_of_court(proceeding),
        ],
        also_records=proceeding.public_court_roles,
    )
    entries = [opening, *(_charge_entry(charge, opening) for charge in proceeding.public_charges)]
    for hearing in proceeding.public_hearings:
        entries.append(_hearing_entry(hearing, url, case_court))
    for measure in proceeding.public_measures:
        details = [
            Detail(_("As reported"), measure.as_reported, [(measure, "as_reported")]),
            Detail(_("Until"), display_value(measure, "end"), [(measure, "end")]),
        ]
        if measure.kind == MeasureKind.DETENTION:
            circumstance = display_value(measure, "circumstance")
            details.append(Detail(_("How"), circumstance, [(measure, "circumstance")]))
        place = measure.place if measure.place and measure.place.shows_publicly else None
        if measure.place_as_reported or place:
            where = " — ".join(
                text for text in (measure.place_as_reported, place and place.name) if text
            )
            place_cited = [(measure, "place_as_reported"), (measure, "place")]
            details.append(Detail(_("Where"), where, place_cited))
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
                    Detail(_("Court"), _court(ruling), _cited(ruling, "court"))
                    if ruling.has_own_court
                    else Detail(_("Court"), court, court_cited),
                    Detail(
                        _("Instance"),
                        choice_label(ruling, "court_instance"),
                        [(ruling, "court_instance")],
                    ),
                    Detail(_("Outcome"), choice_label(ruling, "outcome"), [(ruling, "outcome")]),
                    Detail(_("Plea"), _unless_not_reported(ruling), [(ruling, "plea")]),
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
                        _("Penalty"),
                        "" if amount == gettext("not reported") else amount,
                        [
                            (sentence, "amount_as_reported"),
                            (sentence, "term_quantity"),
                            (sentence, "fine_amount"),
                        ],
                    ),
                    Detail(_("Status"), choice_label(sentence, "status"), [(sentence, "status")]),
                    *(Detail(_("Details"), note, []) for note in sentence.penalty_notes()),
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
            Detail(_("Decision"), change.words, [(change, name) for name in CHANGE_FIELDS]),
            *([Detail(_("Note"), change.note, [(change, "note")])] if change.note else []),
        ],
    )


# The fields of a measure change that its words show.
CHANGE_FIELDS = ("kind", "new_end", "new_kind", "place_as_reported")


def _unless_not_reported(ruling: Ruling) -> str:
    return "" if ruling.plea == "not_reported" else choice_label(ruling, "plea")


def person_timeline(
    person: Person,
    *,
    cite: bool = True,
    chain: Chain | None = None,
    family: dict[int, Relative] | None = None,
) -> list[TimelineEntry]:
    """The person's chain, protest to sentence, as one list ordered by partial dates.

    ``chain`` is ``person_chain(person.pk, family)`` when the caller read it already; by
    default it is read here. With ``cite=False`` the caller attaches the citations itself (see
    ``timeline_records``), so that a page spends one citation query for all its facts.
    """
    family = family or {}
    if chain is None:
        chain = person_chain(person.pk, family)
    # Only the relatives the caller names (``family``) join the person's own records.
    whose = {person.pk: None, **family}
    participations = [p for p in chain.participations if p.person_id in whose]
    proceedings = [p for p in chain.proceedings if p.person_id in whose]
    _attach_changes(proceedings)
    for proceeding in proceedings:
        for measure in proceeding.public_measures:
            for record in (measure, *measure.public_changes):
                rules.redact_record(record, person.is_protected)
    entries = []
    for participant in whose:
        entries.extend(
            _mark(entry, None, whose[participant])
            for entry in _protest_entries([p for p in participations if p.person_id == participant])
        )
    for proceeding in proceedings:
        entries.extend(
            _mark(entry, proceeding.pk, whose[proceeding.person_id])
            for entry in _proceeding_entries(proceeding)
        )
    ordered = in_date_order(entries)
    if cite:
        attach_public_citations(timeline_records(ordered))
    return ordered


def _mark(entry: TimelineEntry, proceeding_id, relative: Relative | None) -> TimelineEntry:
    entry.proceeding_id, entry.relative = proceeding_id, relative
    return entry


def own_proceedings(person: Person, chain: Chain) -> list[Proceeding]:
    """The person's own proceedings among the chain's (each with its public measures,
    rulings, sentences and hearings)."""
    return [proceeding for proceeding in chain.proceedings if proceeding.person_id == person.pk]


def timeline_records(entries: Iterable[TimelineEntry]) -> list[models.Model]:
    """Every record the timeline shows, for attach_public_citations()."""
    return [record for entry in entries for record in entry.records()]
