"""Where a person's case stands now, derived from their public records: the one rule the
person page's summary states ("Awaiting verdict, under house arrest", "Fined", …).

``standing(proceedings, today)`` reads the person's public proceedings as the timeline
groups them (each with ``public_measures``, their ``public_changes``, ``public_rulings``
and ``public_sentences``) and runs no query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from casetracker.partial_dates import parse_or_none
from events.models import MeasureKind, Outcome, Proceeding, Ruling, Sentence, SentenceKind
from events.models import SentenceStatus as Status

# Penalties that were handed down (not only sought, possible or set aside).
HANDED_DOWN = (Status.IMPOSED, Status.SERVED)
# Which penalty of a ruling says most about where the person is: the first found.
_WEIGHT = [
    SentenceKind.IMPRISONMENT,
    SentenceKind.ADMINISTRATIVE_DETENTION,
    SentenceKind.HOUSE_ARREST,
    SentenceKind.RESTRICTION_OF_FREEDOM,
    SentenceKind.SUSPENDED,
    SentenceKind.PROBATION,
    SentenceKind.FINE,
]
_CUSTODY = (SentenceKind.IMPRISONMENT, SentenceKind.ADMINISTRATIVE_DETENTION)
_MEASURE_STATUS = {
    MeasureKind.DETENTION: _("Detained"),
    MeasureKind.HOUSE_ARREST: _("Under house arrest"),
    MeasureKind.TRAVEL_BAN: _("Under a travel ban"),
    MeasureKind.BAIL: _("Released on bail"),
}
_MEASURE_DURING_TRIAL = {
    MeasureKind.DETENTION: _("Awaiting verdict, in detention"),
    MeasureKind.HOUSE_ARREST: _("Awaiting verdict, under house arrest"),
}


@dataclass
class Standing:
    """Where things stand: ``status`` in words, since when (a partial date), the record that
    says so (for its footnotes), and the latest penalty with its ruling (dates and court)."""

    status: str
    since: str
    record: models.Model | None
    penalty: Sentence | None = None
    penalty_ruling: Ruling | None = None
    # The last day of a custodial term counted from the ruling's day, when both are known.
    term_over_by: date | None = None

    @property
    def date_field(self) -> str:
        """The field of ``record`` that ``since`` is, for its footnotes."""
        return {"ruling": "date", "pretrialmeasure": "start"}.get(
            self.record._meta.model_name if self.record is not None else "", "opened"
        )


def _first_day(text: str) -> date | None:
    parsed = parse_or_none(text)
    return (parsed.start or parsed.end) if parsed else None


def _last_day(text: str) -> date | None:
    parsed = parse_or_none(text)
    return (parsed.end or parsed.start) if parsed else None


def _latest_day(proceeding: Proceeding) -> date:
    days = [_first_day(proceeding.opened)]
    days += [_first_day(measure.start) for measure in proceeding.public_measures]
    days += [_first_day(ruling.date) for ruling in proceeding.public_rulings]
    days += [_first_day(hearing.date) for hearing in getattr(proceeding, "public_hearings", [])]
    return max((day for day in days if day), default=date.min)


def _in_force(measure, today: date) -> bool:
    ends = [_last_day(change.new_end) for change in getattr(measure, "public_changes", [])]
    ends = [end for end in ends if end] or [_last_day(measure.end)]
    lifted = any(change.kind == "lifted" for change in getattr(measure, "public_changes", []))
    return not lifted and (ends[-1] is None or ends[-1] >= today)


def latest_penalty(proceedings: list[Proceeding]) -> tuple[Sentence | None, Ruling | None]:
    """The penalty most recently handed down (by its ruling's date), else the latest one
    sought or possible; with its ruling (None when none imposed it)."""
    found = []
    for proceeding in proceedings:
        rulings = {ruling.pk: ruling for ruling in proceeding.public_rulings}
        for sentence in proceeding.public_sentences:
            ruling = rulings.get(sentence.ruling_id)
            day = _first_day(ruling.date) if ruling else None
            handed_down = sentence.status in HANDED_DOWN
            weight = _WEIGHT.index(sentence.kind) if sentence.kind in _WEIGHT else len(_WEIGHT)
            found.append(
                ((handed_down, day or _first_day(proceeding.opened) or date.min, -weight),
                 sentence, ruling)
            )  # fmt: skip
    if not found:
        return None, None
    _, sentence, ruling = max(found, key=lambda item: item[0])
    return sentence, ruling


def standing(proceedings: list[Proceeding], today: date | None = None) -> Standing | None:
    """Where the person's case stands, from their most recent proceeding (the one with the
    latest dated record), by this rule, the first that applies:

    1. its latest ruling is pending: "Awaiting verdict" (with the pre-trial measure in
       force: "…, under house arrest" or "…, in detention");
    2. acquitted, or the case dismissed: "Acquitted", "Case dismissed";
    3. a penalty handed down: "Sentenced" for a prison or detention term ("Served the
       sentence" when a source says so), "Fined" for a fine, "Penalized" otherwise;
    4. found guilty with no penalty reported: "Found guilty";
    5. no ruling: the pre-trial measure in force ("Detained", "Under house arrest"), else
       "Case opened".

    None when the person has no public proceeding.
    """
    today = today or date.today()
    if not proceedings:
        return None
    proceeding = max(proceedings, key=_latest_day)
    penalty, penalty_ruling = latest_penalty(proceedings)
    result = _status(proceeding, today)
    result.penalty, result.penalty_ruling = penalty, penalty_ruling
    if penalty is not None and penalty_ruling is not None and penalty.kind in _CUSTODY:
        start = _last_day(penalty_ruling.date)
        parsed = parse_or_none(penalty_ruling.date)
        if start and parsed and parsed.precision == "day" and penalty.term_days:
            result.term_over_by = start + timedelta(days=penalty.term_days)
    return result


def _status(proceeding: Proceeding, today: date) -> Standing:
    rulings = sorted(
        proceeding.public_rulings, key=lambda ruling: _first_day(ruling.date) or date.max
    )
    measures = [m for m in proceeding.public_measures if _in_force(m, today)]
    measure = max(measures, key=lambda m: _first_day(m.start) or date.min, default=None)
    if rulings:
        ruling = rulings[-1]
        if ruling.outcome == Outcome.PENDING:
            words = _("Awaiting verdict")
            if measure is not None and measure.kind in _MEASURE_DURING_TRIAL:
                words = _MEASURE_DURING_TRIAL[measure.kind]
            return Standing(words, ruling.date, ruling)
        if ruling.outcome == Outcome.ACQUITTED:
            return Standing(_("Acquitted"), ruling.date, ruling)
        if ruling.outcome == Outcome.DISMISSED:
            return Standing(_("Case dismissed"), ruling.date, ruling)
        handed = [s for s in proceeding.public_sentences if s.ruling_id == ruling.pk]
        handed = [s for s in handed if s.status in HANDED_DOWN]
        if handed:
            kinds = {s.kind for s in handed}
            if any(s.status == Status.SERVED for s in handed):
                return Standing(_("Served the sentence"), ruling.date, ruling)
            if kinds & {*_CUSTODY, SentenceKind.SUSPENDED, SentenceKind.HOUSE_ARREST}:
                return Standing(_("Sentenced"), ruling.date, ruling)
            if SentenceKind.FINE in kinds:
                return Standing(_("Fined"), ruling.date, ruling)
            return Standing(_("Penalized"), ruling.date, ruling)
        if ruling.outcome == Outcome.GUILTY:
            return Standing(_("Found guilty"), ruling.date, ruling)
    if measure is not None and measure.kind in _MEASURE_STATUS:
        return Standing(_MEASURE_STATUS[measure.kind], measure.start, measure)
    return Standing(_("Case opened"), proceeding.opened, proceeding)
