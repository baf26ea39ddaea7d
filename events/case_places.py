"""Where each case is (``CasePlace``), kept current on every write.

A case is at a place three ways: a public protest it arose from was held there, its public
court sits there, or its defendant was held or served a measure there (never a protected
person's: it can be home). The place filter and the place facet of the case list read the
stored rows, so that "cases in Kazakhstan" is one indexed table. Reading the three ways
live, PostgreSQL hashed every protest link and every proceeding with a court for each
statement (230 ms at the benchmark's size), however few rows the page needed.

``derived(cases)`` says what the rows should be; ``refresh(cases)`` makes them so. They are
refreshed whenever the upkeep recomputes the flags of a record they read (its
``refreshed`` signal: every save, bulk update and full refresh), and when protests are
linked to or unlinked from a case. A case's rows are rebuilt whole, from the records that
name it now and from the rows it is stored with (a measure moved to another case; a
protest deleted with its links, whose citations' deletion refreshes it).
"""

from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models import QuerySet, Value
from django.db.models.signals import m2m_changed

from casetracker.expressions import one_of
from events.models import CasePlace, CasePlaceVia, PretrialMeasure, Proceeding, Protest
from people.models import Organization
from publishing import upkeep
from publishing.rules import protected_q

BATCH = 5000
Links = Proceeding.protests.through


def _parts(cases: list[int] | None) -> list[QuerySet]:
    """The rows of ``CasePlace`` of ``cases`` (all when None), read from the records: one
    query of (proceeding, place, via, source) per way."""
    links = Links.objects.filter(
        protest__in=Protest.objects.public().filter(location__isnull=False).values("pk")
    )
    heard = Proceeding.objects.filter(
        court__in=Organization.objects.public().filter(location__isnull=False).values("pk")
    )
    measures = PretrialMeasure.objects.public().filter(
        ~protected_q("proceeding__person__"), place__isnull=False
    )
    if cases is not None:
        links = links.filter(one_of("proceeding_id", cases))
        heard = heard.filter(one_of("pk", cases))
        measures = measures.filter(one_of("proceeding_id", cases))

    def rows(queryset, case, place, via, source):
        return queryset.order_by().values_list(case, place, Value(via), source)

    return [
        rows(links, "proceeding_id", "protest__location_id", CasePlaceVia.PROTEST, "protest_id"),
        rows(heard, "pk", "court__location_id", CasePlaceVia.COURT, "court_id"),
        rows(measures, "proceeding_id", "place_id", CasePlaceVia.MEASURE, "pk"),
    ]


def derived(cases: list[int] | None = None) -> QuerySet:
    """(proceeding, place, via, source) of every place of ``cases`` (all when None), as the
    records say now: what ``refresh`` stores."""
    first, *others = _parts(cases)
    return first.union(*others, all=True)


def refresh(cases: Iterable[int] | None = None, using: str | None = None) -> None:
    """Rebuild the stored places of ``cases`` (every case when None)."""
    using = using or router.db_for_write(CasePlace)
    case_list = None if cases is None else sorted(set(cases))
    if case_list == []:
        return
    chunks = [None] if case_list is None else _chunks(case_list)
    table = CasePlace._meta.db_table
    columns = ", ".join(
        CasePlace._meta.get_field(name).column
        for name in ("proceeding", "place", "via", "source_id")
    )
    with transaction.atomic(using=using):
        for chunk in chunks:
            if chunk is not None:
                # One rebuild of a case at a time: two at once would each delete the rows
                # the other has not committed yet and leave both sets (one of them stale).
                # The cases are locked in id order, so two rebuilds never wait on each other
                # in a circle. (SQLite writes one transaction at a time anyway.)
                list(
                    Proceeding._base_manager.using(using)
                    .filter(one_of("pk", chunk))
                    .order_by("pk")
                    .select_for_update()
                    .values_list("pk", flat=True)
                )
            # One DELETE and one INSERT ... SELECT per chunk: QuerySet.delete() would read
            # the rows and send a signal for each (the site's receivers listen to every model).
            stored_sql, stored_params = "", ()
            if chunk is not None:
                stored = CasePlace.objects.using(using).filter(one_of("proceeding_id", chunk))
                stored_sql, stored_params = stored.order_by().values("pk").query.sql_with_params()
                stored_sql = f" WHERE id IN ({stored_sql})"
            sql, params = derived(chunk).using(using).query.sql_with_params()
            with connections[using].cursor() as cursor:
                cursor.execute(f"DELETE FROM {table}{stored_sql}", stored_params)
                cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)


def _chunks(ids: list[int]):
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _stored_with(via: str, sources: list[int]) -> QuerySet:
    """The cases stored as at a place by way of these protests, courts or measures."""
    return (
        CasePlace.objects.filter(via=via)
        .filter(one_of("source_id", sources))
        .values_list("proceeding_id", flat=True)
    )


def _cases_of(model, pks: list[int] | None) -> list[int] | None:
    """The cases whose places may have changed when ``model``'s rows ``pks`` did (None:
    every case; ``model`` None: every row of every model changed); [] when ``model`` is none
    of what a case's places read."""
    if model is None:
        return None  # every row of every model (upkeep.refresh_all)
    if pks is None:
        return None if model in (Proceeding, Protest, Organization, PretrialMeasure) else []
    if model is Proceeding:
        return pks
    if model is Protest:
        now = Links.objects.filter(one_of("protest", pks)).values_list("proceeding_id", flat=True)
        return [*now, *_stored_with(CasePlaceVia.PROTEST, pks)]
    if model is Organization:
        return list(Proceeding.objects.filter(one_of("court", pks)).values_list("pk", flat=True))
    if model is PretrialMeasure:
        now = PretrialMeasure.objects.filter(one_of("pk", pks)).values_list(
            "proceeding_id", flat=True
        )
        return [*now, *_stored_with(CasePlaceVia.MEASURE, pks)]
    return []


def _refreshed(sender, pks=None, **kwargs):
    cases = _cases_of(sender, None if pks is None else list(pks))
    if cases is None or cases:
        refresh(cases)


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Protests linked to or unlinked from cases (from either side)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:  # proceeding.protests.add(...)
        refresh([instance.pk])
    elif action == "post_clear":  # protest.proceedings.clear(): the cases stored with it
        refresh(list(_stored_with(CasePlaceVia.PROTEST, [instance.pk])))
    else:
        refresh(pk_set or [])


def connect() -> None:
    upkeep.refreshed.connect(_refreshed, dispatch_uid="events.case_places.refreshed")
    m2m_changed.connect(_links_changed, sender=Links, dispatch_uid="events.case_places.links")
