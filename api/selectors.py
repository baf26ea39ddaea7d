"""The API's reads: every one starts from ``Model.objects.public()`` (publishing.rules).

Nested lists are prefetched, each limited to public records, so a page of any size runs
the same number of queries. The detail querysets of the public pages are reused where
they exist (events.selectors), so the API and the pages show the same records.
"""

from functools import cache, reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from events.models import Occasion, Participation, Protest, Slogan
from events.selectors import (
    occasion_detail_queryset,
    proceeding_detail_queryset,
    public_occasions_of_protests,
)
from people.models import (
    Affiliation,
    Organization,
    OrganizationName,
    OrganizationRelation,
    Person,
    PersonName,
    Relationship,
    ReportedAge,
)
from places.models import Place, PlaceName
from publishing import rules
from sources.models import Citation, Source, is_citable
from sources.selectors import public_citation_queryset


def _names(model, order=("name", "pk")) -> Prefetch:
    return Prefetch(
        "names", queryset=model.objects.public().order_by(*order), to_attr="public_names"
    )


def api_people() -> QuerySet[Person]:
    """People with their public names, reported ages, affiliations and relationships (both
    ways), in the person page's order. The rule hides every name, age and relationship of a
    protected person (``rules.IDENTIFIES``)."""
    return (
        Person.objects.public()
        .without_bookkeeping("residence")
        .select_related("residence")
        .prefetch_related(
            _names(PersonName),
            Prefetch(
                "reported_ages",
                queryset=ReportedAge.objects.public()
                .without_bookkeeping()
                .order_by(F("as_of_start").asc(nulls_first=True), "pk"),
                to_attr="public_ages",
            ),
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.public()
                .select_related("organization")
                .without_bookkeeping("organization")
                .order_by(F("start_start").asc(nulls_last=True), "organization__name", "pk"),
                to_attr="public_affiliations",
            ),
            Prefetch(
                "relationships",
                queryset=Relationship.objects.public()
                .select_related("person", "related_person")
                .without_bookkeeping("person", "related_person")
                .order_by("kind", "pk"),
                to_attr="public_relationships",
            ),
            Prefetch(
                "inverse_relationships",
                queryset=Relationship.objects.public()
                .select_related("person", "related_person")
                .without_bookkeeping("person", "related_person")
                .order_by("kind", "pk"),
                to_attr="public_inverse_relationships",
            ),
        )
        .order_by("pk")
    )


def _organization_relations(related_name: str) -> Prefetch:
    return Prefetch(
        related_name,
        queryset=OrganizationRelation.objects.public()
        .select_related("organization", "other")
        .without_bookkeeping("organization", "other")
        .order_by("kind", "pk"),
        to_attr=f"public_{related_name}",
    )


def api_organizations() -> QuerySet[Organization]:
    """Organizations with their public names and relations to other organizations (both
    ways: "branch of …" and "has a branch: …")."""
    return (
        Organization.objects.public()
        .without_bookkeeping("location")
        .select_related("location")
        .prefetch_related(
            _names(OrganizationName),
            _organization_relations("relations"),
            _organization_relations("inverse_relations"),
        )
        .order_by("pk")
    )


def api_places() -> QuerySet[Place]:
    return (
        Place.objects.public()
        .without_bookkeeping("parent")
        .select_related("parent")
        .prefetch_related(_names(PlaceName))
        .order_by("pk")
    )


def api_protests() -> QuerySet[Protest]:
    return (
        Protest.objects.public()
        .without_bookkeeping("location", "target_organization", "parent")
        .select_related("location", "target_organization", "parent")
        .prefetch_related(
            public_occasions_of_protests(),
            Prefetch("slogans", queryset=Slogan.objects.public(), to_attr="public_slogans"),
            Prefetch(
                "participations",
                # Never ordered by name: a protected person sorts by nothing their name gives.
                queryset=Participation.objects.public().select_related("person").order_by("pk"),
                to_attr="public_participations",
            ),
        )
        .order_by("pk")
    )


def api_occasions() -> QuerySet[Occasion]:
    """Occasions (state visits, summits) with the public protests timed to them: the
    queryset of the occasion page."""
    return occasion_detail_queryset().without_bookkeeping().order_by("pk")


def api_proceedings():
    """Proceedings with charges, measures (and their changes), hearings, court roles,
    rulings and penalties: the querysets of the proceeding page."""
    return proceeding_detail_queryset().order_by("pk")


def api_sources() -> QuerySet[Source]:
    return (
        Source.objects.public()
        .without_bookkeeping("outlet_organization")
        .select_related("outlet_organization")
        .order_by("pk")
    )


@cache
def _citable_fields(model) -> tuple[str, ...]:
    return tuple(
        sorted(
            {f.name for f in model._meta.get_fields() if is_citable(model, f.name)} - {"citations"}
        )
    )


def _withheld_fields(model) -> frozenset:
    """Fields of ``model`` whose citations a protected person's record never shows
    (``rules.field_withheld``): the person's own, or PROTECTED_RECORD_FIELDS."""
    fields = rules.PROTECTED_RECORD_FIELDS.get(rules.label(model), frozenset())
    if rules.label(model) == "people.Person":
        fields = fields | rules.PROTECTED_PERSON_FIELDS
    return fields


def cited_record_public(cited_models=None) -> Q:
    """Condition on Citation: the cited record is public (a citation of a draft fact, or
    of a fact under a hidden parent, shows nowhere), and the field cited is a public fact
    of it that the record may show (``is_citable``; not withheld for a protected person:
    such citations are ``withheld`` and then carry no field of ``_withheld_fields``).
    ``cited_models``: only citations of these kinds of record (of every kind if None)."""
    models = rules.record_models() if cited_models is None else cited_models
    content_types = ContentType.objects.get_for_models(*models)
    conditions = []
    for model, content_type in content_types.items():
        if model is Citation:
            continue
        fields = Q(field="") | Q(field__in=_citable_fields(model))
        withheld = _withheld_fields(model)
        if withheld:
            fields &= ~Q(field__in=sorted(withheld), withheld=True)
        conditions.append(
            Q(content_type_id=content_type.pk)
            & Q(Exists(model.objects.public().filter(pk=OuterRef("object_id"))))
            & fields
        )
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


def api_citations(cited_models=None) -> QuerySet[Citation]:
    """Public citations of public records, each annotated ``withheld``
    (sources.selectors.public_citation_queryset: ``rules.withheld_quote``); ``cited_models``:
    only citations of these kinds of record."""
    return (
        public_citation_queryset(cited_models)
        .filter(cited_record_public(cited_models))
        .defer("created_at", "updated_at", "internal_notes")
        .defer(*(f"source__{name}" for name in ("created_at", "updated_at", "internal_notes")))
        .order_by("pk")
    )


def api_citation(pk) -> QuerySet[Citation]:
    """The citation ``pk`` if public (``api_citations``), or no row. The condition is
    written for the kind of record it cites only: for every kind, Django took some 50 ms to
    build and compile it, for each citation the API shows."""
    try:
        kinds = list(Citation.objects.filter(pk=pk).values_list("content_type_id", flat=True))
    except (TypeError, ValueError):
        return Citation.objects.none()
    models = [ContentType.objects.get_for_id(kind).model_class() for kind in kinds]
    known = [model for model in models if model in rules.record_models()]
    return api_citations(known).filter(pk=pk) if known else Citation.objects.none()
