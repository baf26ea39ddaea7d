"""What the counting tests report at the end of a run, from every xdist worker.

The property-based leak test adds up its graphs, URLs and records (its FIGURES), the fuzz
tests count the statuses answered (tests/fuzz.py TALLY), and the crawls note how much they
walked (``note``). Each worker sends its figures to the controller when it finishes
(tests/conftest.py), and the terminal summary prints them all.
"""

# Lines a test wants in the terminal summary ("leak test: 1578 URLs requested ...").
NOTES: list[str] = []


def note(line: str) -> None:
    NOTES.append(line)
