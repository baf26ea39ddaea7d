"""What the public may see: the whole publishing and protection rule, in one module.

A record reaches the public (pages, search, CSV, and any later API or feed) only when

1. **it is published** (editors publish; researchers draft and send for review);
2. **its evidence is public**: a published citation of a published source backs it
   (``evidence()``: a source is the evidence itself; a citation's evidence is its source;
   a spelling a researcher added for search is no claim about the world, nor is a
   gazetteer entry — "Almaty is a city in Kazakhstan" — which needs no citation, while a
   place name attested by a source carries one, as a person's name does);
3. **everything it hangs from is public** (``PARENTS``): a charge shows only under a
   public proceeding, a proceeding only with a public defendant (or none named), a
   sentence only under a public ruling (or none), and so on down the chain;
4. **it does not identify a protected person** (``IDENTIFIES``): the names, relatives and
   affiliations of a person at risk never show; the person shows under the pseudonym only.

``visibility_condition(model)`` states 1–4 as one condition. Its result is stored per row
in ``is_public`` (kept current by publishing.upkeep on every write) so that a list of
250,000 sentences stays a one-table query; ``Record.objects.public()`` reads the stored
flag and every public output starts there. ``why_hidden(record)`` says in words which
part of the rule keeps a record off the public site, for the admin.
``tombstone_condition(model)`` says which retracted records leave a tombstone ("Retracted on
<date>: a sentence") in the feeds rather than vanishing.

What a public record of a protected person may show is also decided here: the pseudonym
in place of every name (``public_name``), none of ``PROTECTED_PERSON_FIELDS`` nor, on their
other records, of ``PROTECTED_RECORD_FIELDS`` (where they can be found), and no quote of a
citation of any of their records (``withheld_quote``): a quote can name them.
"""

from __future__ import annotations

from functools import cache, reduce
from operator import or_

from django.apps import apps
from django.db.models import BooleanField, Case, CharField, Exists, F, OuterRef, Q, Value, When
from django.utils.translation import gettext

from publishing.texts import VERSION_LANGUAGES

PUBLISHED = "published"
RETRACTED = "retracted"

# Fields whose records must be public for this one to be: label -> foreign keys. A key
# that may be empty (an unnamed defendant, a penalty no ruling imposed) is fine empty.
PARENTS: dict[str, tuple[str, ...]] = {
    "sources.Citation": ("source",),
    # A place shows only inside a public place (a town of a draft region does not).
    "places.Place": ("parent",),
    "places.PlaceName": ("place",),
    "people.PersonName": ("person",),
    "people.OrganizationName": ("organization",),
    "people.OrganizationRelation": ("organization", "other"),
    "people.Relationship": ("person", "related_person"),
    "people.Affiliation": ("person", "organization"),
    "people.ReportedAge": ("person",),
    "events.Slogan": ("protest",),
    "events.Participation": ("protest", "person"),
    "events.Proceeding": ("person",),
    "events.Charge": ("proceeding",),
    "events.PretrialMeasure": ("proceeding",),
    "events.MeasureChange": ("measure",),
    "events.Ruling": ("proceeding",),
    "events.Sentence": ("proceeding", "ruling"),
    "events.Hearing": ("proceeding",),
    "events.CourtRole": ("proceeding", "person", "represents"),
}

# Records hidden whole when a person they name is protected: label -> keys to the person.
IDENTIFIES: dict[str, tuple[str, ...]] = {
    "people.PersonName": ("person",),
    "people.Relationship": ("person", "related_person"),
    "people.Affiliation": ("person",),
    "people.ReportedAge": ("person",),
}

# Records that belong to a person, with the lookups from each to that person: their
# citations' quotes are withheld when the person is protected (a quote can name them).
BELONGS_TO_PERSON: dict[str, tuple[str, ...]] = {
    "people.Person": ("",),
    "people.PersonName": ("person__",),
    "people.Relationship": ("person__", "related_person__"),
    "people.Affiliation": ("person__",),
    "people.ReportedAge": ("person__",),
    "events.Participation": ("person__",),
    "events.Proceeding": ("person__",),
    "events.Charge": ("proceeding__person__",),
    "events.PretrialMeasure": ("proceeding__person__",),
    "events.MeasureChange": ("measure__proceeding__person__",),
    "events.Ruling": ("proceeding__person__",),
    "events.Sentence": ("proceeding__person__",),
    "events.Hearing": ("proceeding__person__",),
    # A quote about a lawyer names the client too: withheld if either (or the lawyer) is.
    "events.CourtRole": ("proceeding__person__", "person__", "represents__"),
}

# What a protected person's own record never shows: everything but the pseudonym.
PROTECTED_PERSON_FIELDS = frozenset(
    {
        "preferred_name",
        "birth_date",
        "locality",
        "residence",
        "citizenship",
        "ethnicity",
        "description",
        # Its versions in the other languages (publishing/texts.py) go with it.
        *(f"description_{language}" for language in VERSION_LANGUAGES),
        "protection_reason",
    }
)


# Names that may carry ``origin="researcher"``: a spelling or translation a researcher added
# to help search claims nothing about the world, so it needs no citation.
NAMES = ("people.PersonName", "people.OrganizationName", "places.PlaceName")


def label(model) -> str:
    return model._meta.label


def has_public_citation(model) -> Exists:
    """Condition: the record has a published citation of a published source."""
    citation = apps.get_model("sources", "Citation")
    opts = model._meta
    return Exists(
        citation.objects.public().filter(
            content_type__app_label=opts.app_label,
            content_type__model=opts.model_name,
            object_id=OuterRef("pk"),
        )
    )


# Records that need no citation: a source is the evidence itself, a citation's evidence is
# its source (a parent); a place is a gazetteer entry ("Almaty is a city in Kazakhstan"),
# no claim about a case. What is said to have happened there is cited where it is said.
NEEDS_NO_CITATION = frozenset({"sources.Source", "sources.Citation", "places.Place"})


def needs_citation(record) -> bool:
    """Whether ``record`` is public only when a published citation backs it."""
    name = label(type(record))
    if name in NEEDS_NO_CITATION:
        return False
    return not (name in NAMES and record.origin == "researcher")


def evidence(model) -> Q:
    """Condition 2: what backs a record of ``model`` publicly."""
    name = label(model)
    if name in NEEDS_NO_CITATION:
        return Q()
    if name in NAMES:
        # A spelling added by a researcher to help search claims nothing: no citation.
        return Q(origin="researcher") | Q(has_public_citation(model))
    return Q(has_public_citation(model))


def _public_row(model, key: str) -> Exists:
    related = model._meta.get_field(key).related_model
    return Exists(
        related._base_manager.filter(pk=OuterRef(key), is_public=True, publication_status=PUBLISHED)
    )


def parents_public(model) -> Q:
    """Condition 3: every record a row of ``model`` hangs from is public.

    Subqueries on the parents' stored flags rather than joins, so that an UPDATE can
    evaluate it (publishing.upkeep refreshes parents before their children).
    """
    condition = Q()
    for key in PARENTS.get(label(model), ()):
        public = Q(_public_row(model, key))
        if model._meta.get_field(key).null:
            public = Q(**{f"{key}__isnull": True}) | public
        condition &= public
    return condition


def identifies_protected(model) -> Q | None:
    """Condition 4, negated: a row of ``model`` names a protected person (None: never)."""
    keys = IDENTIFIES.get(label(model))
    if not keys:
        return None
    person = apps.get_model("people", "Person")
    return reduce(
        or_,
        (
            Q(Exists(person._base_manager.filter(pk=OuterRef(key), is_protected=True)))
            for key in keys
        ),
    )


def visibility_condition(model) -> Q:
    """The whole rule for rows of ``model``, evaluated from scratch (see the module doc).

    ``is_public`` stores its value; public reads use ``Model.objects.public()`` instead.
    """
    condition = Q(publication_status=PUBLISHED) & evidence(model) & parents_public(model)
    protected = identifies_protected(model)
    if protected is not None:
        condition &= ~protected
    return condition


@cache
def history_model(model):
    """The model of ``model``'s history rows (simple-history's): ``model.history`` builds a
    manager class on each access (0.15 ms; a feed reads it three times per kind of record)."""
    return model.history.model


def tombstone_condition(model) -> Q:
    """Which records of ``model`` leave a tombstone ("Retracted on <date>: a sentence") in
    the public feeds instead of vanishing: records an editor retracted that the public could
    once see (a published row in their history), still under public parents (a sentence of
    a retracted proceeding is covered by the proceeding's own tombstone), and naming no
    protected person (``IDENTIFIES``: even the fact that a relative of theirs was retracted
    stays withheld). A tombstone shows the kind of record and the date alone, nothing of
    its content, so it needs no evidence.
    """
    history = history_model(model)
    once_published = Exists(history.objects.filter(id=OuterRef("pk"), publication_status=PUBLISHED))
    condition = Q(publication_status=RETRACTED) & Q(once_published) & parents_public(model)
    protected = identifies_protected(model)
    if protected is not None:
        condition &= ~protected
    return condition


def public_q(prefix: str = "") -> Q:
    """Condition on a queryset (or, with ``prefix``, on the record a join reaches): public.

    The same test as ``RecordQuerySet.public()``: the stored flag, and the status checked
    again on the row, so an unpublished record is hidden even before any refresh.
    """
    return Q(**{f"{prefix}is_public": True, f"{prefix}publication_status": PUBLISHED})


def public_or_none(relation: str) -> Q:
    """Condition: the record ``relation`` points to is public, or it points nowhere.

    For references that are not parents (a proceeding's court, a protest's campaign or
    target): the record shows, and the reference shows only when public.
    """
    return Q(**{f"{relation}__isnull": True}) | public_q(f"{relation}__")


def shows_publicly(record) -> bool:
    """The row-level twin of ``public()``, for a related record already loaded."""
    return (
        record is not None
        and getattr(record, "is_public", False)
        and record.publication_status == PUBLISHED
    )


# Protected people ----------------------------------------------------------------------


def protected_q(prefix: str = "", protected: bool = True) -> Q:
    """Condition: the person (reached by ``prefix``) is protected (or, ``protected=False``,
    is not). A protected person is found and named by the pseudonym alone: search, sort
    and export by name read only people this says are not protected."""
    return Q(**{f"{prefix}is_protected": protected})


def public_name(person) -> str:
    """The name the public sees: the pseudonym of a protected person."""
    return person.pseudonym if person.is_protected else person.preferred_name


def public_name_expression(prefix: str = "") -> Case:
    """``public_name`` in SQL, of the person reached by ``prefix``: what lists sort and
    index people by, so that neither ever reads a protected person's real name."""
    return Case(
        When(protected_q(prefix), then=F(f"{prefix}pseudonym")),
        default=F(f"{prefix}preferred_name"),
        output_field=CharField(),
    )


def redact_person(person):
    """``person`` as the public may see it: a protected person keeps the pseudonym alone,
    under every name attribute, and none of ``PROTECTED_PERSON_FIELDS``. Public reads that
    hand out whole people pass them through here, so a template cannot show more."""
    if person is not None and person.is_protected:
        for name in PROTECTED_PERSON_FIELDS:
            field = person._meta.get_field(name)
            # A link (the residence) points nowhere; setting its id drops a loaded place.
            setattr(person, field.attname, None if field.is_relation else "")
        person.preferred_name = person.pseudonym
    return person


# What a protected person's other records never show: where the person can be found (a
# house arrest is served at home), withheld like the person's own locality.
PROTECTED_RECORD_FIELDS: dict[str, frozenset] = {
    "events.PretrialMeasure": frozenset({"place_as_reported", "place"}),
    "events.MeasureChange": frozenset({"place_as_reported"}),
}


def belongs_to_protected(record) -> bool:
    """Whether ``record`` belongs to a protected person (``BELONGS_TO_PERSON``), read from
    the related records already loaded with it (select_related or a prefetch)."""
    for prefix in BELONGS_TO_PERSON.get(label(type(record)), ()):
        person = record
        for step in prefix.split("__")[:-1]:
            person = getattr(person, step, None)
        if person is not None and person.is_protected:
            return True
    return False


def redact_record(record, protected: bool | None = None):
    """``record`` as the public may see it: a protected person's record keeps none of
    ``PROTECTED_RECORD_FIELDS``. ``protected`` says whose it is when the caller knows
    (``None``: read it from the related records loaded with it)."""
    fields = PROTECTED_RECORD_FIELDS.get(label(type(record)), ())
    if fields and (belongs_to_protected(record) if protected is None else protected):
        for name in fields:
            field = record._meta.get_field(name)
            # A link (a place) points nowhere; setting its id drops a loaded record.
            setattr(record, field.attname, None if field.is_relation else "")
    return record


def field_withheld(record, field: str) -> bool:
    """Whether the public may not see ``field`` of ``record`` (or a citation of it)."""
    if field in PROTECTED_RECORD_FIELDS.get(label(type(record)), ()):
        return belongs_to_protected(record)
    return label(type(record)) == "people.Person" and (
        record.is_protected and field in PROTECTED_PERSON_FIELDS
    )


def withheld_quote(cited_models=None) -> Q:
    """Condition on Citation: the cited record belongs to a protected person.

    ``cited_models`` limits the condition to citations of those kinds of record, when the
    query reads only them: PostgreSQL then plans one EXISTS instead of ten, which took it
    longer than running the whole query. Citations of other kinds never match it.
    """
    from django.contrib.contenttypes.models import ContentType

    models = [apps.get_model(name) for name in BELONGS_TO_PERSON]
    if cited_models is not None:
        wanted = set(cited_models)
        models = [model for model in models if model in wanted]
    if not models:
        return Q(Value(False, output_field=BooleanField()))
    content_types = ContentType.objects.get_for_models(*models)
    conditions = []
    for model in models:
        prefixes = BELONGS_TO_PERSON[label(model)]
        protected = reduce(or_, (Q(**{f"{prefix}is_protected": True}) for prefix in prefixes))
        # Correlated EXISTS: a few index lookups per citation shown, where an IN (subquery)
        # would list every protected person's records first. Content types by id (cached),
        # so the citation index on (content_type_id, object_id) serves the lookup.
        conditions.append(
            Q(content_type_id=content_types[model].pk)
            & Q(Exists(model._base_manager.filter(protected, pk=OuterRef("object_id"))))
        )
    return reduce(or_, conditions)


# The rule's shape, for publishing.upkeep ----------------------------------------------


# Every kind of record this rule covers (a test checks that no Record is missing).
RECORDS = (
    "sources.Source",
    "sources.Citation",
    "places.Place",
    "places.PlaceName",
    "people.Person",
    "people.PersonName",
    "people.Organization",
    "people.OrganizationName",
    "people.OrganizationRelation",
    "people.Relationship",
    "people.Affiliation",
    "people.ReportedAge",
    "events.Occasion",
    "events.Protest",
    "events.Slogan",
    "events.Participation",
    "events.Proceeding",
    "events.Charge",
    "events.PretrialMeasure",
    "events.MeasureChange",
    "events.Ruling",
    "events.Sentence",
    "events.Hearing",
    "events.CourtRole",
)


def is_record(model) -> bool:
    return model is not None and label(model) in RECORDS


def record_models() -> list:
    """Every model that follows this rule."""
    return [apps.get_model(name) for name in RECORDS]


@cache
def children_of() -> dict[str, list[tuple[type, str]]]:
    """label -> [(child model, key to it)]: whose flags follow a change of a record."""
    children: dict[str, list[tuple[type, str]]] = {}
    for child_label, keys in PARENTS.items():
        child = apps.get_model(child_label)
        for key in keys:
            parent = child._meta.get_field(key).related_model
            children.setdefault(label(parent), []).append((child, key))
    for child_label, keys in IDENTIFIES.items():
        child = apps.get_model(child_label)
        for key in keys:
            pair = (child, key)
            if pair not in children.setdefault("people.Person", []):
                children["people.Person"].append(pair)
    return children


@cache
def refresh_order() -> list:
    """Record models, every parent before its children (and citations before facts)."""
    ordered, seen = [], set()

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        if label(model) not in ("sources.Source", "sources.Citation"):
            # Facts depend on citations, citations on sources.
            visit(apps.get_model("sources", "Citation"))
        for key in PARENTS.get(label(model), ()):
            visit(model._meta.get_field(key).related_model)
        ordered.append(model)

    for model in record_models():
        visit(model)
    return ordered


# Words for the admin --------------------------------------------------------------------


def why_hidden(record) -> list[str]:
    """Why the public does not see ``record``, in words; empty when it does.

    Checks each part of the rule on this one row (a few queries: for one admin page).
    """
    from django.contrib.contenttypes.models import ContentType

    model = type(record)
    reasons = []
    if record.publication_status != PUBLISHED:
        reasons.append(
            gettext("its status is “%(status)s”")
            % {"status": record.get_publication_status_display()}
        )
    name = label(model)
    if needs_citation(record):
        citation = apps.get_model("sources", "Citation")
        cited = citation.objects.public().filter(
            content_type=ContentType.objects.get_for_model(model), object_id=record.pk
        )
        if record.pk is None or not cited.exists():
            reasons.append(gettext("no published citation of a published source backs it"))
    for key in PARENTS.get(name, ()):
        parent = getattr(record, key)
        # As stored now: the instance in hand may predate the last refresh of its flag.
        if parent is not None:
            parent = type(parent)._base_manager.get(pk=parent.pk)
        if parent is not None and not shows_publicly(parent):
            verbose = model._meta.get_field(key).verbose_name
            reasons.append(
                gettext("its %(field)s “%(parent)s” is not public")
                % {"field": verbose, "parent": parent}
            )
    for key in IDENTIFIES.get(name, ()):
        person = getattr(record, key)
        if person is not None and person.is_protected:
            reasons.append(
                gettext("it would identify a protected person (%(pseudonym)s)")
                % {"pseudonym": person.pseudonym}
            )
    return reasons
