"""Writes to the chain protest → proceeding → ruling → sentence that touch several records."""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from publishing.services import LOCKED_STATUSES, can_publish

from .models import Proceeding, Ruling, Sentence


def ruling_move_problems(ruling: Ruling, *, proceeding: Proceeding, user) -> list[str]:
    """Why ``ruling`` and its sentences cannot move to ``proceeding`` ([] when they can)."""
    problems = []
    sentences = list(Sentence._base_manager.filter(ruling_id=ruling.pk))
    stored = Ruling._base_manager.filter(pk=ruling.pk).values_list("publication_status", flat=True)
    locked = [
        *(
            [gettext("The ruling “%(ruling)s”") % {"ruling": ruling}]
            if stored.first() in LOCKED_STATUSES
            else []
        ),
        *(
            gettext("its sentence “%(sentence)s”") % {"sentence": s}
            for s in sentences
            if s.publication_status in LOCKED_STATUSES
        ),
    ]
    if locked and not (can_publish(user, Ruling) and can_publish(user, Sentence)):
        problems.append(
            ngettext(
                "%(records)s is published: only an editor can move a published ruling or "
                "sentence to another proceeding.",
                "%(records)s are published: only an editor can move a published ruling or "
                "sentence to another proceeding.",
                len(locked),
            )
            % {"records": "; ".join(locked)}
        )
    moved = copy.copy(ruling)
    moved.proceeding = proceeding
    for sentence in sentences:
        sentence.proceeding, sentence.ruling = proceeding, moved
        try:
            sentence.full_clean()
        except ValidationError as error:
            problems.append(
                gettext("Its sentence “%(sentence)s” cannot move: %(reasons)s")
                % {"sentence": sentence, "reasons": " ".join(error.messages)}
            )
    return problems


def move_ruling(ruling: Ruling, *, proceeding: Proceeding, user) -> list[Sentence]:
    """Move ``ruling`` and the sentences it imposed to ``proceeding`` in one transaction,
    each saved with a history row. A ruling's sentences always share its proceeding, so
    they move together or not at all.

    Raises ValidationError on ``proceeding`` when something blocks the move.
    """
    with transaction.atomic():
        Ruling._base_manager.select_for_update().filter(pk=ruling.pk).first()
        problems = ruling_move_problems(ruling, proceeding=proceeding, user=user)
        if problems:
            raise ValidationError({"proceeding": problems})
        reason = f"Moved with its ruling to “{proceeding}”"
        ruling.proceeding = proceeding
        ruling.full_clean()
        ruling._history_user = user
        ruling.save()
        sentences = list(Sentence._base_manager.filter(ruling_id=ruling.pk))
        for sentence in sentences:
            sentence.proceeding, sentence.ruling = proceeding, ruling
            sentence.full_clean()
            sentence._history_user = user
            sentence._change_reason = reason
            sentence.save()
    return sentences


# The case screen (events.case_screen) ---------------------------------------------------

CASE_SCREEN_REASON = "Entered on the case screen"


class CaseNotSaved(Exception):
    """The case screen's records were refused; nothing was written.

    ``errors`` pairs the screen's key of each refused record ("person", "rulings-1",
    "sources-0") with the ValidationError its full_clean() raised.
    """

    def __init__(self, errors: list[tuple[str, ValidationError]]):
        super().__init__(errors)
        self.errors = errors


def _write(record, *, user, key: str, problems: list) -> bool:
    """Validate and save ``record`` as ``user``, with a history row; False if refused."""
    try:
        record.full_clean()
    except ValidationError as error:
        problems.append((key, error))
        return False
    record._history_user = user
    record._change_reason = CASE_SCREEN_REASON
    record.save()
    return True


def save_case(screen, *, user) -> Proceeding:
    """Write a validated case screen (events.case_screen.CaseScreen) in one transaction:
    the person, the proceeding, every row entered or changed, new sources and a citation
    for each fact ticked in the sources panel. New records are drafts. Each record is
    checked with full_clean() once its parents are known.

    Raises CaseNotSaved (having written nothing) when a record is refused.
    """
    from sources.models import Citation

    problems: list[tuple[str, ValidationError]] = []
    saved = {}

    def stage_done():
        if problems:
            raise CaseNotSaved(problems)

    def write_form(key, form, **parents):
        record = form.save(commit=False)
        for name, parent in parents.items():
            setattr(record, name, parent)
        saved[key] = record
        if record.pk is not None and not form.has_changed():
            return
        if _write(record, user=user, key=key, problems=problems):
            form.save_m2m()

    def write_rows(prefix, **parents):
        for form in screen.rows[prefix].forms:
            if screen.row_is_entered(form):
                write_form(form.prefix, form, **parents)

    with transaction.atomic():
        write_form("person", screen.person_form)
        stage_done()
        person = saved["person"]
        write_form("case", screen.proceeding_form, person=person)
        write_rows("names", person=person)
        write_rows("participations", person=person)
        stage_done()
        proceeding = saved["case"]
        for prefix in ("charges", "measures", "hearings", "rulings"):
            write_rows(prefix, proceeding=proceeding)
        stage_done()
        for form in screen.rows["sentences"].forms:
            if not screen.row_is_entered(form):
                continue
            key = form.cleaned_data.get("ruling_key")
            ruling = saved[f"rulings-{key}"] if key else None
            if (ruling.pk if ruling else None) != form.instance.ruling_id:
                form.changed_data.append("ruling_key")
            write_form(form.prefix, form, proceeding=proceeding, ruling=ruling)
        stage_done()
        for form in screen.citations.forms:
            if not form.has_changed():
                continue
            source = form.cleaned_data["source"]
            if source is None:
                source = form.new_source
                if not _write(source, user=user, key=form.prefix, problems=problems):
                    continue
            for fact in form.cleaned_data["facts"]:
                key, _colon, field = fact.partition(":")
                citation = Citation(
                    source=source,
                    fact=saved[key],
                    field=field,
                    quote=form.cleaned_data["quote"],
                    translation=form.cleaned_data["translation"],
                    locator=form.cleaned_data["locator"],
                )
                _write(citation, user=user, key=form.prefix, problems=problems)
        stage_done()
    return proceeding
