"""Database twins of form rules that every app uses."""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def choices_constraint(prefix: str, field: str, choices, *, blank: bool = False):
    """The database twin of a TextChoices field: refuse any value the form would refuse."""
    values = list(choices.values) + ([""] if blank else [])
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": values}),
        name=f"{prefix}_{field}_valid",
        violation_error_message=format_lazy(
            _("Choose a valid {field}."), field=field.replace("_", " ")
        ),
    )
