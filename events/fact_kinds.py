"""How a source's page shows the events' records it is cited for (sources.fact_kinds): a
protest and what it led to, from the case to its sentence."""

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
    FactKind(
        events.Charge,
        _("Charges"),
        select_related=("proceeding__person",),
        label=lambda charge: f"{charge} ({_proceeding_label(charge.proceeding)})",
        url=lambda charge: charge.proceeding.get_absolute_url(),
    ),
    FactKind(
        events.PretrialMeasure,
        _("Detention and other measures before trial"),
        select_related=("proceeding__person",),
        label=lambda measure: (
            f"{measure.get_kind_display()} ({_proceeding_label(measure.proceeding)})"
        ),
        url=lambda measure: measure.proceeding.get_absolute_url(),
    ),
    FactKind(
        events.MeasureChange,
        _("Measures extended, moved, changed or lifted"),
        select_related=("measure__proceeding__person",),
        label=lambda change: (
            f"{rules.redact_record(change).describe(change.measure.get_kind_display())} "
            f"({_proceeding_label(change.measure.proceeding)})"
        ),
        url=lambda change: change.measure.proceeding.get_absolute_url(),
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
    FactKind(
        events.Hearing,
        _("Hearings"),
        select_related=("proceeding__person",),
        label=lambda hearing: (
            f"{hearing.get_kind_display()} ({_proceeding_label(hearing.proceeding)})"
        ),
        url=lambda hearing: hearing.proceeding.get_absolute_url(),
    ),
    FactKind(
        events.CourtRole,
        _("Judges, prosecutors and lawyers"),
        select_related=("person", "proceeding__person"),
        label=lambda role: (
            f"{role.person.public_name}: {role.get_role_display().lower()} "
            f"({_proceeding_label(role.proceeding)})"
        ),
        url=lambda role: role.proceeding.get_absolute_url(),
    ),
]
