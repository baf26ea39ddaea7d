"""Writes to the chain protest → proceeding → ruling → sentence that touch several records."""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction

from publishing.services import LOCKED_STATUSES, can_publish

from .models import Proceeding, Ruling, Sentence


def ruling_move_problems(ruling: Ruling, *, proceeding: Proceeding, user) -> list[str]:
    """Why ``ruling`` and its sentences cannot move to ``proceeding`` ([] when they can)."""
    problems = []
    sentences = list(Sentence._base_manager.filter(ruling_id=ruling.pk))
    stored = Ruling._base_manager.filter(pk=ruling.pk).values_list("publication_status", flat=True)
    locked = [
        *([f"The ruling “{ruling}”"] if stored.first() in LOCKED_STATUSES else []),
        *(f"its sentence “{s}”" for s in sentences if s.publication_status in LOCKED_STATUSES),
    ]
    if locked and not (can_publish(user, Ruling) and can_publish(user, Sentence)):
        problems.append(
            "; ".join(locked)
            + (" is" if len(locked) == 1 else " are")
            + " published: only an editor can move a published ruling or sentence to "
            "another proceeding."
        )
    moved = copy.copy(ruling)
    moved.proceeding = proceeding
    for sentence in sentences:
        sentence.proceeding, sentence.ruling = proceeding, moved
        try:
            sentence.full_clean()
        except ValidationError as error:
            problems.append(f"Its sentence “{sentence}” cannot move: {' '.join(error.messages)}")
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
