"""Admin search by search keys, for every model whose names are folded (people,
organizations, places)."""

from functools import reduce
from operator import or_

from django.db.models import Q

from casetracker.search import search_key


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
