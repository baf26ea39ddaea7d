"""What the fuzz tests send and how they count the answers.

``HOSTILE`` is text a careless or malicious visitor could put in any parameter or field:
numbers beyond every column, dates with month or day 00, NUL bytes, very long strings,
other scripts, SQL and HTML. ``TALLY`` counts the answers by test and status; the
terminal summary (tests/conftest.py) prints it, so a run reports how much was tried.
"""

from collections import Counter, defaultdict

from hypothesis import example
from hypothesis import strategies as st

BIGGEST = 2**63 - 1  # a 64-bit column's largest value

KNOWN = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    " 1 ",
    "+1",
    "1e309",
    "NaN",
    "-inf",
    "0x10",
    "١٢",  # Arabic-Indic digits, which int() accepts
    str(BIGGEST),
    str(BIGGEST + 1),
    str(-BIGGEST - 2),
    "1" + "0" * 40,
    "2025-00",
    "2025-00-15",
    "2025-01-00",
    "2025-02-30",
    "~2025-13",
    "0000",
    "9999-12-31",
    "\x00",
    "a\x00b",
    "' OR 1=1 --",
    "1; DROP TABLE events_sentence",
    "%",
    "_",
    "\\",
    '"><script>alert(1)</script>',
    "Ажибай Әжібай",
    "阿孜拜",
    "\u202eevil",
    "🙂",
    "x" * 10_000,
]

NUMBERS = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([2**31 - 1, 2**31, BIGGEST, BIGGEST + 1, -BIGGEST - 1, -BIGGEST - 2]),
).map(str)


def _date(year, month, day, parts):
    return "-".join([f"{year:04d}", f"{month:02d}", f"{day:02d}"][:parts])


# Dates in the form researchers type, half of them with a month or a day that does not exist.
DATES = st.builds(
    _date,
    st.integers(min_value=0, max_value=9999),
    st.one_of(st.sampled_from([0, 13, 99]), st.integers(min_value=1, max_value=12)),
    st.one_of(st.sampled_from([0, 29, 30, 31, 32, 99]), st.integers(min_value=1, max_value=28)),
    st.integers(min_value=2, max_value=3),
)

HOSTILE = st.one_of(
    st.sampled_from(KNOWN),
    NUMBERS,
    DATES,
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.text(st.characters(codec="utf-8"), min_size=300, max_size=3000),
)

# Values of the kinds that once broke a page (issue 14), tried for every parameter and field
# on every run, before the random ones.
ALWAYS = ["2025-00", "abc", str(BIGGEST + 1), "a\x00b", "x" * 10_000]

# (test name) -> Counter of response statuses, for the terminal summary.
TALLY: dict[str, Counter] = defaultdict(Counter)


def record(test: str, status: int) -> int:
    TALLY[test][status] += 1
    return status


def always(*values, argument="value", **others):
    """For a @given test: try each of ``values`` as ``argument`` (with ``others``) every run."""

    def decorate(test):
        for value in reversed(values):
            test = example(**{argument: value}, **others)(test)
        return test

    return decorate
