"""Database twins of form rules that every app uses."""

from django.db import models


def choices_constraint(prefix: str, field: str, choices, *, blank: bool = False):
    """The database twin of a TextChoices field: refuse any value the form would refuse."""
    values = list(choices.values) + ([""] if blank else [])
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": values}),
        name=f"{prefix}_{field}_valid",
        violation_error_message=f"Choose a valid {field.replace('_', ' ')}.",
    )
