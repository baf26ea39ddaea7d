"""How a source's page shows the events' records it is cited for (sources.fact_kinds): a
protest and what it led to, from the case to its sentence."""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from events import models as events
from publishing import rules
from sources.fact_kinds import FactKind


def _proceeding_label(proceeding) -> str:
    who = (
        proceeding.person.public_name
        if proceeding.person_id
        else _("%(number)s unnamed defendants") % {"number": proceeding.unnamed_number}
    )
    return _("%(who)s: %(case)s") % {"who": who, "case": proceeding.case_words.lower()}


def _of_case(model, heading, what, case: str = "proceeding", also: tuple = ()) -> FactKind:
    """A kind of record of a case: "<what the record is> (<whose case>)", linked to the
    case's page; ``case``: the path from the record to its proceeding."""
    case_of = attrgetter(case)
    return FactKind(
        model,
        heading,
        select_related=(*also, f"{case.replace('.', '__')}__person"),
        label=lambda record: f"{what(record)} ({_proceeding_label(case_of(record))})",
        url=lambda record: case_of(record).get_absolute_url(),
    )


KINDS = [
    FactKind(events.Occasion, _("Occasions"), label=lambda occasion: occasion.name),
    FactKind(events.Protest, _("Protests"), label=lambda protest: protest.title),
    FactKind(
        events.Slogan,
        _("Slogans and placards"),
        select_related=("protest",),
        label=lambda slogan: (
            _("“%(slogan)s” at %(protest)s")
            % {"slogan": slogan.text, "protest": slogan.protest.title}
        ),
        url=lambda slogan: slogan.protest.get_absolute_url(),
    ),
    FactKind(
        events.Participation,
        _("Participants"),
        select_related=("protest", "person"),
        label=lambda part: (
            f"{part.person.public_name}: {part.get_role_display().lower()}, {part.protest.title}"
        ),
        url=lambda part: part.protest.get_absolute_url(),
    ),
    FactKind(
        events.Proceeding,
        _("Proceedings"),
        select_related=("person",),
        label=_proceeding_label,
    ),
    _of_case(events.Charge, _("Charges"), str),
    _of_case(
        events.PretrialMeasure,
        _("Detention and other measures before trial"),
        lambda measure: measure.get_kind_display(),
    ),
    _of_case(
        events.MeasureChange,
        _("Measures extended, moved, changed or lifted"),
        lambda change: rules.redact_record(change).describe(change.measure.get_kind_display()),
        case="measure.proceeding",
    ),
    FactKind(
        events.Ruling,
        _("Rulings"),
        select_related=("proceeding__person",),
        label=lambda ruling: (
            f"{ruling.get_outcome_display()}, {ruling.get_court_instance_display().lower()} "
            f"({_proceeding_label(ruling.proceeding)})"
        ),
    ),
    FactKind(
        events.Sentence,
        _("Sentences"),
        select_related=("proceeding__person",),
        label=lambda sentence: f"{sentence} ({_proceeding_label(sentence.proceeding)})",
    ),
    _of_case(events.Hearing, _("Hearings"), lambda hearing: hearing.get_kind_display()),
    _of_case(
        events.CourtRole,
        _("Judges, prosecutors and lawyers"),
        lambda role: f"{role.person.public_name}: {role.get_role_display().lower()}",
        also=("person",),
    ),
]
