"""Partial dates: "2025", "2025-07" or "2025-07-14", optionally approximate ("~2025-07").

Sources say "in July", "last November", "on Monday". A partial date keeps the value as
precisely as it is known and no more. It is one reusable model field, PartialDateField:

- the column ``<name>`` holds the canonical text ("~2025-07"); it is what researchers type
  and what is displayed ("c. Jul 2025"), never more precisely than known;
- ``<name>_precision`` (year / month / day), ``<name>_start`` and ``<name>_end`` (the first
  and last day the value covers) are always computed from the text, on every path that
  writes a row (forms, services, bulk_create, loaddata), so that lists filter and sort on
  the range a date covers.

The companion columns are added by the field itself, so a model declares a date once.
Database constraints (``partial_date_constraints``) refuse rows whose companions are missing
or inverted, so the rules hold even when the form is bypassed.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from casetracker.fields import DerivedFieldMixin

APPROXIMATE_MARK = "~"
_PATTERN = re.compile(
    r"^\s*(?P<approx>~|c\.\s*|ca\.\s*)?(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?\s*$"
)
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip

FORMAT_HELP = (
    'Write "2025", "2025-07" or "2025-07-14" as precisely as the source says, no more. '
    'Start with "~" when the source is approximate ("~2025-07"). Leave blank if not reported.'
)


class Precision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse researcher input; raise ValidationError with a readable message."""
        match = _PATTERN.match(text or "")
        if not match:
            raise ValidationError(
                "“%(value)s” is not a partial date. " + FORMAT_HELP,
                code="invalid_partial_date",
                params={"value": text},
            )
        year = int(match["y"])
        month = int(match["m"]) if match["m"] else None
        day = int(match["d"]) if match["d"] else None
        # Checked field by field, not by building a date: a zero would otherwise be read as
        # "not given" ("2025-00-15" as a day in December, "2025-01-00" as day 0).
        if year < 1000:
            raise ValidationError(
                "“%(value)s”: the year must be 1000 or later.",
                code="impossible_date",
                params={"value": text},
            )
        if month is not None and not 1 <= month <= 12:
            raise ValidationError(
                "“%(value)s” is not a real date: there is no month %(month)s; months run "
                "from 01 (January) to 12 (December).",
                code="impossible_date",
                params={"value": text, "month": match["m"]},
            )
        if day is not None:
            days = calendar.monthrange(year, month)[1]
            if not 1 <= day <= days:
                raise ValidationError(
                    "“%(value)s” is not a real date: %(month)s has days 01 to %(days)s.",
                    code="impossible_date",
                    params={
                        "value": text,
                        "month": f"{_MONTH_NAMES[month - 1]} {year}",
                        "days": days,
                    },
                )
        return cls(year, month, day, approximate=bool(match["approx"]))

    @property
    def precision(self) -> str:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> datetime.date:
        if self.day is not None:
            return self.start
        if self.month is not None:
            return datetime.date(
                self.year, self.month, calendar.monthrange(self.year, self.month)[1]
            )
        return datetime.date(self.year, 12, 31)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return (APPROXIMATE_MARK if self.approximate else "") + text

    def display(self) -> str:
        """Human form, never more precise than known: "2025", "Jul 2025", "14 Jul 2025"."""
        parts = [str(self.year)]
        if self.month is not None:
            parts.insert(0, _MONTHS[self.month - 1])
        if self.day is not None:
            parts.insert(0, str(self.day))
        text = " ".join(parts)
        return f"c. {text}" if self.approximate else text


def parse_or_none(text: str) -> PartialDate | None:
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except ValidationError:
        return None


class _CompanionMixin(DerivedFieldMixin):
    """A column computed from its PartialDateField; added by that field, never declared."""

    def compute(self, instance):
        return self.derive(parse_or_none(getattr(instance, self.source)))

    def contribute_to_class(self, cls, name, *args, **kwargs):
        # Migration states render every column, including the companions the partial
        # date field has just added: skip a second copy instead of clashing.
        if any(field.name == name for field in cls._meta.local_fields):
            return
        super().contribute_to_class(cls, name, *args, **kwargs)


class PartialDateStartField(_CompanionMixin, models.DateField):
    """First day covered by a partial date (for filtering and sorting)."""

    def derive(self, parsed):
        return parsed.start if parsed else None


class PartialDateEndField(_CompanionMixin, models.DateField):
    """Last day covered by a partial date (for filtering)."""

    def derive(self, parsed):
        return parsed.end if parsed else None


class PartialDatePrecisionField(_CompanionMixin, models.CharField):
    """Precision of a partial date: year, month or day."""

    def derive(self, parsed):
        return parsed.precision.value if parsed else ""


class PartialDateField(models.CharField):
    """A date known to the year, month or day, possibly approximate. See the module docstring."""

    description = "Partial date (year, month or day; optionally approximate)"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 11:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if cls._meta.abstract:
            return
        label = self.verbose_name or name.replace("_", " ")
        companions = {
            f"{name}_precision": PartialDatePrecisionField(
                source=name,
                max_length=5,
                choices=Precision,
                default="",
                help_text=f"Precision of {label}: year, month or day (filled from it).",
            ),
            f"{name}_start": PartialDateStartField(
                source=name,
                null=True,
                db_index=True,
                help_text=f"First day {label} can mean (filled from it; for filters).",
            ),
            f"{name}_end": PartialDateEndField(
                source=name,
                null=True,
                help_text=f"Last day {label} can mean (filled from it; for filters).",
            ),
        }
        for companion_name, companion in companions.items():
            if not any(field.name == companion_name for field in cls._meta.local_fields):
                cls.add_to_class(companion_name, companion)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        try:
            return str(PartialDate.parse(value))
        except ValidationError:
            return value.strip()

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value:
            PartialDate.parse(value)

    def pre_save(self, model_instance, add):
        # Store the canonical spelling ("2025-7" becomes "2025-07").
        text = getattr(model_instance, self.attname) or ""
        parsed = parse_or_none(text)
        if parsed is not None and str(parsed) != text:
            text = str(parsed)
            setattr(model_instance, self.attname, text)
        return text

    def formfield(self, **kwargs):
        kwargs.setdefault("help_text", self.help_text or FORMAT_HELP)
        field = super().formfield(**kwargs)
        field.widget.attrs.setdefault("placeholder", "YYYY, YYYY-MM or YYYY-MM-DD")
        field.widget.attrs.setdefault("size", 12)
        return field


def partial_date_constraints(prefix: str, name: str) -> list[models.BaseConstraint]:
    """Database rules for one partial date: the range is filled exactly when a value is."""
    start, end, precision = f"{name}_start", f"{name}_end", f"{name}_precision"
    return [
        models.CheckConstraint(
            condition=(
                Q(**{name: "", f"{start}__isnull": True, f"{end}__isnull": True, precision: ""})
                | (
                    ~Q(**{name: ""})
                    & Q(**{f"{start}__isnull": False, f"{end}__gte": F(start)})
                    & Q(**{f"{precision}__in": Precision.values})
                )
            ),
            name=f"{prefix}_{name}_partial_date_valid",
            violation_error_message=f"{name.replace('_', ' ').capitalize()} is not a valid date.",
        )
    ]


def partial_date_order_constraint(prefix: str, first: str, last: str) -> models.CheckConstraint:
    """The later partial date may not end before the earlier one starts."""
    return models.CheckConstraint(
        condition=(
            Q(**{f"{first}_start__isnull": True})
            | Q(**{f"{last}_start__isnull": True})
            | Q(**{f"{last}_end__gte": F(f"{first}_start")})
        ),
        name=f"{prefix}_{last}_not_before_{first}",
        violation_error_message=f"{last.capitalize()} cannot be before {first}.",
    )


def validate_order(instance, first: str, last: str) -> None:
    """Model-level check for partial_date_order_constraint, with the error on the later field."""
    earlier = parse_or_none(getattr(instance, first))
    later = parse_or_none(getattr(instance, last))
    if earlier and later and later.end < earlier.start:
        raise ValidationError(
            {last: f"This is before the {first.replace('_', ' ')} ({earlier.display()})."}
        )
