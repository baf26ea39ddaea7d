"""Partial dates, as sources give them: a year, a month or a day, a range of possible days,
a date known only by one end, approximate, uncertain or inferred.

Sources say "in July", "on August 1 or 2", "by 18 May", "since 2016". A partial date keeps
the value as precisely as it is known and no more. Researchers type ISO 8601-2 / EDTF
spellings, and today's keep working; each is stored in one canonical spelling
(typed → stored → shown; first and last day it can mean):

- ``2025`` / ``2025-7`` / ``2025-07-14`` → ``2025`` / ``2025-07`` / ``2025-07-14`` →
  "2025" / "Jul 2025" / "14 Jul 2025"; the year's, the month's, the day.
- approximate: ``~2025-07``, ``2025-07~``, ``c. 2025-07`` → ``~2025-07`` → "c. Jul 2025".
- uncertain: ``2019?`` → ``2019?`` → "perhaps 2019"; both (``2019%``, ``~2019?``) →
  ``~2019?`` → "perhaps c. 2019".
- one of a range of possible days: ``2018-08-01/2018-08-02`` → "1 or 2 Aug 2018"
  (1 to 2 Aug); ``2021-09/2021-10`` → "Sep or Oct 2021"; ``2016/2018`` → "between 2016 and
  2018". The date is one day in the range, not an event spanning it.
- open start ("on or before"): ``../2023-05-18`` → "by 18 May 2023" (no first day; last
  18 May 2023); open end: ``2016/..`` → "since 2016" (first 1 Jan 2016; no last day).
- a time of day, when the source gives one ("at 2:30 am"): ``2018-08-03T02:30`` or
  ``2018-08-03 2:30`` → ``2018-08-03T02:30`` → "3 Aug 2018, 02:30" (24-hour clock, local
  time as reported); it narrows nothing for filtering (first and last day are that day).
- inferred by the researcher, not read in a source: ``2019 (inferred)`` →
  "2019 (inferred)"; the record's notes say how. It applies to the whole date; each end of
  a range may carry its own ``~`` or ``?``.

Approximate keeps its leading ``~`` ("~2025-07") as it always was, so values stored before
ranges existed, the CSV and shared links are unchanged.

It is one reusable model field, PartialDateField:

- the column ``<name>`` holds the canonical text; it is what researchers type and what is
  displayed, never more precisely than known;
- ``<name>_precision`` (year / month / day; for a range, the coarsest of its known ends),
  ``<name>_start`` and ``<name>_end`` (the first and last day the value can mean; NULL for
  an open end) are always computed from the text, on every path that writes a row (forms,
  services, bulk_create, loaddata), so that lists filter and sort on the range a date covers.

Filters compare ranges, and an open end is unbounded: "from 2020" finds "since 2016" and
"to 2020" finds "by 18 May 2023", as either could fall in the filter's range. Sorting by
``_start`` puts a date with an open start among the dates not reported.

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
from django.utils import formats
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casetracker.fields import DerivedFieldMixin

APPROXIMATE_MARK = "~"
UNCERTAIN_MARK = "?"
OPEN = ".."
INFERRED_MARK = " (inferred)"
# The longest canonical value, "~2018-08-01?/~2018-08-02? (inferred)", is 36 characters;
# a time of day adds 6 ("~2018-08-01T02:30? (inferred)" is 29; a range of two times of day,
# which sources seldom give, fits unless inferred too and then gets the length error).
MAX_LENGTH = 40
# The formats a date box takes, as its placeholder.
DATE_PLACEHOLDER = _("YYYY, YYYY-MM or YYYY-MM-DD")
_POINT = re.compile(
    r"^(?P<lead>~|c\.\s*|ca\.\s*)?(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})"
    r"(?:(?:T|\s+)(?P<h>\d{1,2}):(?P<min>\d{2}))?)?)?"
    r"(?P<marks>[~?%]{0,2})$"
)
_INFERRED = re.compile(r"\s*\(\s*inferred\s*\)\s*$", re.IGNORECASE)
_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip

FORMAT_HELP = _(
    'Write "2025", "2025-07" or "2025-07-14" as precisely as the source says, no more. '
    'Approximate: "~2025-07"; uncertain: "2019?". One of several days or months: '
    '"2018-08-01/2018-08-02", "2021-09/2021-10"; on or before: "../2023-05-18"; '
    'since: "2016/..". At a time of day: "2018-08-03T02:30". Add "(inferred)" when you '
    'worked the date out ("2019 (inferred)") and say how in the notes. Leave blank if not '
    "reported."
)


class Precision(models.TextChoices):
    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


# Who an error is about: a whole date, or one end of a range (a whole sentence each, as
# translators need them).
_SUBJECTS = {
    "": _("“%(value)s”"),
    "start": _("The start of the range, “%(value)s”,"),
    "end": _("The end of the range, “%(value)s”,"),
}

_COARSENESS = [Precision.DAY, Precision.MONTH, Precision.YEAR]


# A day or a month as Russian and Kazakh write it: "21.06.2021", "06.2021". Day first,
# year last and four digits long: no country writes month.day.year with dots.
_DOTTED = re.compile(r"\s*(?:([0-9]{1,2})\.)?([0-9]{1,2})\.([0-9]{4})\s*")


def from_dotted(text: str) -> str:
    """``text`` written as a partial date: "21.06.2021" is "2021-06-21", "06.2021" is
    "2021-06"; anything else as it is. Researchers type the dates they read, in the
    articles' own form; a day or month that does not exist is refused by the parse."""
    dotted = _DOTTED.fullmatch(text)
    if dotted is None:
        return text
    day, month, year = dotted.groups()
    return f"{year}-{int(month):02}" + (f"-{int(day):02}" if day else "")


def _invalid(text: str) -> ValidationError:
    return ValidationError(
        _("“%(value)s” is not a partial date. %(help)s"),
        code="invalid_partial_date",
        params={"value": text, "help": FORMAT_HELP},
    )


@dataclass(frozen=True)
class Point:
    """One known end of a partial date: a year, a month or a day, maybe approximate or
    uncertain."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False
    time: str | None = None  # "HH:MM", only with a day

    @classmethod
    def parse(cls, text: str, *, whole: str, side: str = "") -> Point:
        """Parse one end (``side``: "start" or "end" of a range, blank for a single date)."""
        match = _POINT.match(text.strip())
        if not match:
            raise _invalid(whole)
        marks = match["marks"]
        if len(set(marks)) != len(marks):
            raise _invalid(whole)
        year = int(match["y"])
        month = int(match["m"]) if match["m"] else None
        day = int(match["d"]) if match["d"] else None
        value = text.strip() if side else whole
        subject = _SUBJECTS[side] % {"value": value}
        # Checked field by field, not by building a date: a zero would otherwise be read as
        # "not given" ("2025-00-15" as a day in December, "2025-01-00" as day 0).
        if year < 1000:
            raise ValidationError(
                _("%(subject)s is too early: the year must be 1000 or later.")
                if side
                else _("“%(value)s”: the year must be 1000 or later."),
                code="impossible_date",
                params={"value": value, "subject": subject},
            )
        if month is not None and not 1 <= month <= 12:
            raise ValidationError(
                _(
                    "%(subject)s is not a real date: there is no month %(month)s; months run "
                    "from 01 (January) to 12 (December)."
                ),
                code="impossible_date",
                params={"value": value, "subject": subject, "month": match["m"]},
            )
        if day is not None:
            days = calendar.monthrange(year, month)[1]
            if not 1 <= day <= days:
                raise ValidationError(
                    _("%(subject)s is not a real date: %(month)s has days 01 to %(days)s."),
                    code="impossible_date",
                    params={
                        "value": value,
                        "subject": subject,
                        "month": f"{_MONTH_NAMES[month - 1]} {year}",
                        "days": days,
                    },
                )
        time = None
        if match["h"] is not None:
            hour, minute = int(match["h"]), int(match["min"])
            if hour > 23 or minute > 59:
                raise ValidationError(
                    _(
                        "%(subject)s has no time %(time)s: write hours 00 to 23 and minutes "
                        "00 to 59."
                    ),
                    code="impossible_date",
                    params={
                        "value": value,
                        "subject": subject,
                        "time": f"{match['h']}:{match['min']}",
                    },
                )
            time = f"{hour:02d}:{minute:02d}"
        return cls(
            year,
            month,
            day,
            time=time,
            approximate=bool(match["lead"]) or "~" in marks or "%" in marks,
            uncertain="?" in marks or "%" in marks,
        )

    @property
    def precision(self) -> str:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def qualified(self) -> bool:
        return self.approximate or self.uncertain

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
        if self.time is not None:
            text += f"T{self.time}"
        return (
            (APPROXIMATE_MARK if self.approximate else "")
            + text
            + (UNCERTAIN_MARK if self.uncertain else "")
        )

    def parts(self) -> list[str]:
        """Day, month and year as shown ("14", "Jul", "2025"), as far as known, in the
        active language's order; the month by Django's own catalogs."""
        if self.month is None:
            return [str(self.year)]
        if _shares_parts():
            # A language writing day, month, year (English): the parts, for a range to
            # write those both ends share once.
            return self.date_text().split(" ")
        return [self.date_text()]

    def date_text(self) -> str:
        """ "14 Aug 2025", "авг. 2025", "2025 ж. 14 тамыз": the active language's format
        (casetracker/formats/<language>/formats.py)."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            day, pattern = 1, formats.get_format("PARTIAL_DATE_MONTH_FORMAT")
        else:
            day, pattern = self.day, formats.get_format("PARTIAL_DATE_DAY_FORMAT")
        text = formats.date_format(datetime.date(self.year, self.month, day), pattern)
        return text.lower() if formats.get_format("PARTIAL_DATE_LOWER_CASE") else text

    def display(self) -> str:
        """Human form, never more precise than known: "2025", "c. Jul 2025", "perhaps 2019"."""
        text = self.date_text()
        if self.time is not None:
            text = gettext("%(date)s, %(time)s") % {"date": text, "time": self.time}
        if self.approximate:
            text = gettext("c. %(date)s") % {"date": text}
        return gettext("perhaps %(date)s") % {"date": text} if self.uncertain else text


def _shares_parts() -> bool:
    return formats.get_format("PARTIAL_DATE_SHARE_PARTS") is True


def _between(first: str, last: str) -> str:
    return gettext("between %(first)s and %(last)s") % {"first": first, "last": last}


def _display_range(first: Point, last: Point) -> str:
    """ "1 or 2 Aug 2018" for two neighbouring days (months, years), "between 1 and 5 Aug
    2018" for more; the parts both ends share are written once where the language writes
    the year last (English); elsewhere each end is written whole."""
    if (
        first.time
        and last.time
        and first.start == last.start
        and not (first.qualified or last.qualified)
    ):
        return gettext("%(date)s, between %(first)s and %(last)s") % {
            "date": first.date_text(),
            "first": first.time,
            "last": last.time,
        }
    if (
        first.qualified
        or last.qualified
        or first.precision != last.precision
        or first.time
        or last.time
    ):
        return _between(first.display(), last.display())
    neighbours = last.start == first.end + datetime.timedelta(days=1)
    one, other = first.parts(), last.parts()
    shared = 0  # the year, then the month, when both ends have them in common
    if _shares_parts():
        while shared < len(one) - 1 and one[-1 - shared] == other[-1 - shared]:
            shared += 1
    one_text, other_text = " ".join(one[: len(one) - shared]), " ".join(other)
    if neighbours:
        return gettext("%(first)s or %(last)s") % {"first": one_text, "last": other_text}
    return _between(one_text, other_text)


@dataclass(frozen=True)
class PartialDate:
    """A partial date: one Point, or a range whose ends may be open (None)."""

    first: Point | None
    last: Point | None
    inferred: bool = False

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse researcher input; raise ValidationError with a readable message."""
        text = text or ""
        body = _INFERRED.sub("", text)
        inferred = body != text
        sides = body.split("/")
        if len(sides) == 1:
            point = Point.parse(body, whole=text)
            return cls(point, point, inferred=inferred)
        if len(sides) != 2:
            raise _invalid(text)
        first_text, last_text = (side.strip() for side in sides)
        if first_text == OPEN and last_text == OPEN:
            raise ValidationError(
                _("“%(value)s” gives neither end of the range: write at least one date."),
                code="invalid_partial_date",
                params={"value": text},
            )
        first = None if first_text == OPEN else Point.parse(first_text, whole=text, side="start")
        last = None if last_text == OPEN else Point.parse(last_text, whole=text, side="end")
        if first and last:
            if last.end < first.start:
                raise ValidationError(
                    _(
                        "“%(value)s” ends before it starts: %(last)s is before %(first)s. "
                        "Write the earlier date first."
                    ),
                    code="range_reversed",
                    params={"value": text, "first": first.display(), "last": last.display()},
                )
            if last.start < first.start or last.end < first.end:
                # "2018/2018-05": the ends overlap, so the range says no more than its start.
                raise ValidationError(
                    _(
                        "“%(value)s” is not a range from an earlier date to a later one: "
                        "%(first)s and %(last)s overlap. Write only the date you know."
                    ),
                    code="range_reversed",
                    params={"value": text, "first": first.display(), "last": last.display()},
                )
            if first == last:
                return cls(first, first, inferred=inferred)
        return cls(first, last, inferred=inferred)

    @property
    def is_range(self) -> bool:
        return self.first != self.last

    @property
    def precision(self) -> str:
        known = [point.precision for point in (self.first, self.last) if point]
        return max(known, key=_COARSENESS.index)

    @property
    def start(self) -> datetime.date | None:
        """The first day it can mean; None when the range has an open start."""
        return self.first.start if self.first else None

    @property
    def end(self) -> datetime.date | None:
        """The last day it can mean; None when the range has an open end."""
        return self.last.end if self.last else None

    def __str__(self) -> str:
        text = f"{self.first or OPEN}/{self.last or OPEN}" if self.is_range else str(self.first)
        return text + (INFERRED_MARK if self.inferred else "")

    def display(self) -> str:
        """Human form, never more precise than known: "Jul 2025", "1 or 2 Aug 2018"."""
        if self.first is None:
            text = gettext("by %(date)s") % {"date": self.last.display()}
        elif self.last is None:
            text = gettext("since %(date)s") % {"date": self.first.display()}
        elif self.is_range:
            text = _display_range(self.first, self.last)
        else:
            text = self.first.display()
        return gettext("%(date)s (inferred)") % {"date": text} if self.inferred else text


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
    """A date known to the year, month or day, or a range of them, possibly approximate,
    uncertain or inferred. See the module docstring."""

    description = _("Partial date (year, month or day, or a range; optionally approximate)")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if cls._meta.abstract:
            return
        label = self.verbose_name
        companions = {
            f"{name}_precision": PartialDatePrecisionField(
                source=name,
                verbose_name=format_lazy(_("{label}: precision"), label=label),
                max_length=5,
                choices=Precision,
                default="",
                help_text=format_lazy(
                    _("Precision of {label}: year, month or day (filled from it)."), label=label
                ),
            ),
            f"{name}_start": PartialDateStartField(
                source=name,
                verbose_name=format_lazy(_("{label}: first day"), label=label),
                null=True,
                db_index=True,
                help_text=format_lazy(
                    _("First day {label} can mean (filled from it; for filters)."), label=label
                ),
            ),
            f"{name}_end": PartialDateEndField(
                source=name,
                verbose_name=format_lazy(_("{label}: last day"), label=label),
                null=True,
                help_text=format_lazy(
                    _("Last day {label} can mean (filled from it; for filters)."), label=label
                ),
            ),
        }
        for companion_name, companion in companions.items():
            if not any(field.name == companion_name for field in cls._meta.local_fields):
                cls.add_to_class(companion_name, companion)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        value = from_dotted(value)
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
        # The field's own help says what the date is; the format help how to write it.
        # Lazy, so that a form built once (the case screen's) speaks the reader's language.
        help_text = (
            format_lazy("{} {}", self.help_text, FORMAT_HELP) if self.help_text else FORMAT_HELP
        )
        kwargs.setdefault("help_text", help_text)
        field = super().formfield(**kwargs)
        field.widget.attrs.setdefault("placeholder", DATE_PLACEHOLDER)
        field.widget.attrs.setdefault("size", 24)
        return field


def partial_date_constraints(prefix: str, name: str) -> list[models.BaseConstraint]:
    """Database rules for one partial date: the range is filled exactly when a value is (at
    least one end; both but an open one), and never ends before it starts."""
    start, end, precision = f"{name}_start", f"{name}_end", f"{name}_precision"
    return [
        models.CheckConstraint(
            condition=(
                Q(**{name: "", f"{start}__isnull": True, f"{end}__isnull": True, precision: ""})
                | (
                    ~Q(**{name: ""})
                    & (Q(**{f"{start}__isnull": False}) | Q(**{f"{end}__isnull": False}))
                    & (
                        Q(**{f"{start}__isnull": True})
                        | Q(**{f"{end}__isnull": True})
                        | Q(**{f"{end}__gte": F(start)})
                    )
                    & Q(**{f"{precision}__in": Precision.values})
                )
            ),
            name=f"{prefix}_{name}_partial_date_valid",
            violation_error_message=format_lazy(
                _("{field} is not a valid date."), field=name.replace("_", " ").capitalize()
            ),
        )
    ]


def partial_date_order_constraint(prefix: str, first: str, last: str) -> models.CheckConstraint:
    """The later partial date may not end before the earlier one starts (open ends pass)."""
    return models.CheckConstraint(
        condition=(
            Q(**{f"{first}_start__isnull": True})
            | Q(**{f"{last}_end__isnull": True})
            | Q(**{f"{last}_end__gte": F(f"{first}_start")})
        ),
        name=f"{prefix}_{last}_not_before_{first}",
        violation_error_message=_("%(last)s cannot be before %(first)s.")
        % {"last": last.capitalize(), "first": first},
    )


def validate_order(instance, first: str, last: str) -> None:
    """Model-level check for partial_date_order_constraint, with the error on the later field."""
    earlier = parse_or_none(getattr(instance, first))
    later = parse_or_none(getattr(instance, last))
    if earlier and later and earlier.start and later.end and later.end < earlier.start:
        raise ValidationError(
            {
                last: _("This is before the %(first)s (%(date)s).")
                % {"first": instance._meta.get_field(first).verbose_name, "date": earlier.display()}
            }
        )
