"""Admin pickers (autocomplete fields) that cannot pick wrong.

Django's autocomplete labels each result with ``str(obj)`` and lists results in the model's
order, so two rulings of one person read alike ("Found guilty — <person> — administrative
case") and a loose match can come first. Here every admin that others pick from says what
tells its records apart (``picker_label``, reading only what ``picker_related`` loads, so a
page of results is a constant number of queries) and ranks results by closeness: an exact
match on a search key, then a match at its start, then at a word's start, then anywhere.
The label is used both in the search results and for the value already chosen.

Nothing is chosen without an explicit pick: select2 (Django's vendored 4.0.13) selects on
Enter only the highlighted result, and a search that matches nothing shows a message row
that is never highlighted, so Enter then picks nothing; closing the list never selects
(``selectOnClose`` is off). The server's part is to answer a search that matches nothing
with no results, never with a fallback list. One gap is closed in the browser
(static/casetracker/picker.js): while a new search loads, select2 keeps the previous
term's results highlighted, and Enter would pick one of them.
"""

from functools import reduce
from operator import or_

from django import forms
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.functional import cached_property

from casetracker.partial_dates import parse_or_none
from casetracker.search import search_key


def joined(*parts) -> str:
    """The label's parts that are known, in order."""
    return " · ".join(str(part) for part in parts if part not in (None, ""))


def date_words(text: str, missing: str = "") -> str:
    """A partial date as people read it ("12 Mar 2019", "2019"), or ``missing``."""
    parsed = parse_or_none(text) if text else None
    return parsed.display() if parsed is not None else (text or missing)


def _any(paths, lookup: str, value: str) -> Q:
    return reduce(or_, (Q(**{f"{path}__{lookup}": value}) for path in paths))


class PickerMixin:
    """For a model admin: how its records read and rank in every picker that points at it."""

    # What picker_label reads beyond the record's own columns (select_related paths).
    picker_related: tuple[str, ...] = ()

    def picker_label(self, obj) -> str:
        return str(obj)

    def picker_queryset(self, queryset):
        """``queryset`` with what the labels read loaded in the same query."""
        return queryset.select_related(*self.picker_related) if self.picker_related else queryset

    def picker_keys(self, request) -> list[tuple[str, str]]:
        """(path, kind) pairs a term is ranked on: folded search keys, else the search
        fields as typed."""
        key_fields = getattr(self, "search_key_fields", ())
        if key_fields:
            return [(path, "key") for path in key_fields]
        return [(path.lstrip("^=@"), "text") for path in self.get_search_fields(request)]

    def picker_results(self, request, queryset, term: str):
        """``queryset`` ranked by closeness to ``term`` (then in the admin's order)."""
        queryset = self.picker_queryset(queryset)
        ranks = self._closeness(request, term)
        if not ranks:
            return queryset
        ordering = [*(self.get_ordering(request) or self.model._meta.ordering), "pk"]
        return queryset.annotate(
            picker_rank=Case(*ranks, default=Value(len(ranks)), output_field=IntegerField())
        ).order_by("picker_rank", *ordering)

    def _closeness(self, request, term: str) -> list[When]:
        # PostgreSQL refuses a NUL character; the search drops it too (admin_input).
        term = term.replace("\x00", "").strip()
        key = search_key(term)
        keyed = [path for path, kind in self.picker_keys(request) if kind == "key"]
        typed = [path for path, kind in self.picker_keys(request) if kind == "text"]
        if not term or not (keyed and key or typed):
            return []
        conditions = []
        for key_lookup, text_lookup, key_value, text_value in (
            ("exact", "iexact", key, term),
            ("startswith", "istartswith", key, term),
            ("contains", "icontains", f" {key}", f" {term}"),
        ):
            condition = Q()
            if keyed and key:
                condition |= _any(keyed, key_lookup, key_value)
            if typed:
                condition |= _any(typed, text_lookup, text_value)
            # A subquery, not a join: a record with several matching names is one result.
            matches = self.model._default_manager.filter(condition).values("pk")
            conditions.append(When(pk__in=matches, then=Value(len(conditions))))
        return conditions


# Far beyond any list a picker pages through (20 million records).
FURTHEST_PAGE = 1_000_000


class CountUpTo(Paginator):
    """A paginator that counts the rows no further than ``limit``: the end of the page asked
    for and one row more is all an autocomplete needs to say whether more follow. Counting
    every match of a short term ("azh": 3,236 cases of the benchmark's 150,000) took a third
    of the case picker's time."""

    def __init__(self, *args, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by().values("pk")[: self.limit].count()


class PickerView(AutocompleteJsonView):
    """Django's autocomplete answer, labelled and ranked by the target admin's picker."""

    def get_paginator(self, queryset, per_page, **kwargs):
        try:
            # A page past any list (2**63) is counted as far as the furthest: Django then
            # answers it with a 404, as it does a page that is not a number.
            page = min(max(int(self.request.GET.get(self.page_kwarg, 1)), 1), FURTHEST_PAGE)
        except ValueError:
            page = 1
        return CountUpTo(queryset, per_page, limit=page * per_page + 1, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        if isinstance(self.model_admin, PickerMixin):
            queryset = self.model_admin.picker_results(self.request, queryset, self.term)
        return queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(self.model_admin, PickerMixin):
            result["text"] = self.model_admin.picker_label(obj)
        return result


class PickerFieldsMixin:
    """For a model admin or inline: the records already chosen in its autocomplete fields
    read as they do in the search results, and Enter never picks a stale result."""

    @property
    def media(self):
        # Listed after jquery.init.js, so that the merged media load it first.
        return super().media + forms.Media(js=["admin/js/jquery.init.js", "casetracker/picker.js"])

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and db_field.name in self.get_autocomplete_fields(request):
            self._label_with_picker(formfield, db_field)
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and db_field.name in self.get_autocomplete_fields(request):
            self._label_with_picker(formfield, db_field)
        return formfield

    def _label_with_picker(self, formfield, db_field):
        model = db_field.remote_field.model
        if not self.admin_site.is_registered(model):
            return
        target = self.admin_site.get_model_admin(model)
        if isinstance(target, PickerMixin):
            formfield.queryset = target.picker_queryset(formfield.queryset)
            formfield.label_from_instance = target.picker_label
