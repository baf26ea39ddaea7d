"""Admin search: each search field across a relation read on its own (every record's
admin), and by search keys for every model whose names are folded (people, organizations,
places)."""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.utils.text import smart_split, unescape_string_literal

from casetracker.search import search_key


class RelatedSearchMixin:
    """Django's admin search (every word in one of the search fields, case-insensitively),
    with each field across a relation matched by a subquery of its own instead of a join.

    Django joins every related search field to the list at once (a case's defendant, his
    other names, its charges, its court) and ORs them, which no index can serve, then
    removes the duplicates the joins made: at the benchmark's size the case picker of a
    sentence took 1.2 s for each term typed. A subquery per field reads its own table (by
    its index where it has one), and the list, never joined, has no duplicates to remove.
    What matches is the same: a word may match one related row and the next word another.
    """

    def get_search_results(self, request, queryset, search_term):
        paths = [str(field) for field in self.get_search_fields(request)]
        if not search_term or not paths or any(path[0] in "^=@" for path in paths):
            return super().get_search_results(request, queryset, search_term)
        records = self.model._default_manager

        def matching(path: str, word: str) -> Q:
            condition = Q(**{f"{path}__icontains": word})
            if LOOKUP_SEP not in path:
                return condition
            return Q(pk__in=records.filter(condition).values("pk"))

        for word in smart_split(search_term):
            if word.startswith(('"', "'")) and word[0] == word[-1]:
                word = unescape_string_literal(word)
            queryset = queryset.filter(reduce(or_, (matching(path, word) for path in paths)))
        return queryset, False


class SearchKeyMixin:
    """Admin search that also matches search keys, so any script or spelling finds a name.

    The default search only matches the text typed: “Ажибай” would miss “Azhibay”.
    Folding the query the way names are folded (casetracker.search) closes that gap, in
    the list search and in every autocomplete that points at this model.
    """

    search_key_fields: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = search_key(search_term)
        if key and self.search_key_fields:
            condition = reduce(
                or_, (Q(**{f"{path}__contains": key}) for path in self.search_key_fields)
            )
            # A subquery, not a join: matching several names must not repeat a row.
            matches = self.model._default_manager.filter(condition).values("pk")
            results = results | queryset.filter(pk__in=matches)
        return results, may_have_duplicates
