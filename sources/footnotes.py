"""A page's citations as numbered footnotes and one list of references, like a well-edited
encyclopedia article: each fact carries "[1]", "[2]" linking to the references list, where
each source is listed once (outlet, date, headline, archived copy, the quotes on demand),
however many facts on the page cite it.

A view puts a ``Footnotes`` in the context (``footnotes``); the template tags
``{% footnotes fact "field" %}`` and ``{% footnotes_of pairs %}`` (sources.templatetags)
number the sources in the order the page shows them, and ``includes/references.html``
lists them at the end. Where the sources of a fact give values that differ in meaning
(sources.agreement), each reading is shown with the numbers of its sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter

from django.utils.translation import gettext

from sources import agreement


@dataclass(eq=False)
class Reference:
    """One source of the page, its number, and the citations of it the page shows."""

    number: int
    source: object  # sources.selectors.PageSource
    citations: list = field(default_factory=list)
    shown: set = field(default_factory=set, repr=False)  # what the citations show (_as_shown)

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"

    @cached_property
    def numeral(self) -> str:
        return str(self.number)

    @cached_property
    def label(self) -> str:
        """What a screen reader says of a mark: "Source 3"."""
        return gettext("Source %(number)s") % {"number": self.number}


@dataclass
class Mark:
    """The footnote marks of one fact (or field): the references of its sources, or, when
    they disagree, each reading with the references of the sources giving it."""

    references: list[Reference]
    readings: list[tuple[str, list[Reference]]] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[str | None, list[Reference]]]:
        """What the marks show, in order: each reading with its references, or all the
        references under no reading when the sources agree."""
        return self.readings or [(None, self.references)]

    def key(self) -> tuple:
        """Marks with equal keys are drawn alike: a reading's value is its words, and marks
        read as one have none (None), so agreeing and disagreeing marks never share a key."""
        return tuple(
            (value, tuple(reference.number for reference in references))
            for value, references in self.groups
        )


class Footnotes:
    """The numbered sources of one page, in the order the page first cites them."""

    def __init__(self):
        self._by_source: dict[int, Reference] = {}
        # Each different set of marks as drawn on this page (sources.templatetags.footnotes).
        self.drawn: dict[tuple, str] = {}

    def reference(self, citation) -> Reference:
        """The reference of ``citation``'s source, numbered when the page first cites it."""
        reference = self._by_source.get(citation.source.pk)
        if reference is None:
            reference = Reference(len(self._by_source) + 1, citation.source)
            self._by_source[citation.source.pk] = reference
        # Listed once per quote as the reader sees it: facts that cite the same sentence of
        # the article (a lawyer's name, role and client, say) share one line.
        shown = _as_shown(citation)
        if shown not in reference.shown:
            reference.shown.add(shown)
            reference.citations.append(citation)
        return reference

    def marks(self, pairs) -> list[Mark]:
        """The marks of the citations of each (fact, field) of ``pairs`` ("" is the whole
        record); facts without public citations give none."""
        found = []
        for fact, name in pairs:
            if fact is None:
                continue
            citations = [c for c in getattr(fact, "public_citations", ()) if c.field == name]
            if not citations:
                continue
            references = self._sorted(map(self.reference, citations))
            # A withheld quote's value is withheld too: it can name the person at risk.
            shown = [citation for citation in citations if not citation.withheld]
            readings = agreement.readings(shown, on=_fact_day(fact, name))
            found.append(
                Mark(
                    references,
                    [
                        (reading.value, self._sorted(map(self.reference, reading.citations)))
                        for reading in readings
                    ]
                    if len(readings) > 1
                    else [],
                )
            )
        return found

    @staticmethod
    def _sorted(references) -> list[Reference]:
        """Each reference once, by number."""
        return sorted(set(references), key=attrgetter("number"))

    @property
    def references(self) -> list[Reference]:
        return list(self._by_source.values())


def _as_shown(citation) -> tuple:
    """What the list of references shows of a citation: a withheld quote shows only that
    it is withheld."""
    if citation.withheld:
        return (True,)
    return (False, citation.quote, citation.translation, citation.locator)


def _fact_day(fact, name):
    from sources.templatetags.casetracker import fact_day

    return fact_day(fact, name)
