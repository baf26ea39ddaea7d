"""Reads of cases, protests and proceedings for the public site.

Every public read of the chain starts here, from ``Model.objects.public()``: the publishing
rule (publishing.rules) already hides a row whose proceeding, defendant or ruling is not
public. References that are not parents (a court, a campaign, a target) are shown only
when public (``*_is_public``).
Every function keeps a constant number of queries however many rows it returns.
"""

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Lower

from events.models import (
    Charge,
    CourtRole,
    CourtRoleKind,
    Hearing,
    MeasureChange,
    Occasion,
    Participation,
    PretrialMeasure,
    Proceeding,
    Protest,
    Ruling,
    Sentence,
    Slogan,
)
from people.models import Organization
from publishing.rules import public_name_expression
from publishing.texts import with_versions

# People listed on a public page, A–Z by the name it shows: a protected person by the
# pseudonym, never placed by the real name (whose initial the place would tell).
BY_PUBLIC_NAME = (Lower(public_name_expression("person__")), "pk")


def _is_public(model, field: str) -> Exists:
    """Condition: the record ``field`` points to is public (False when it points nowhere)."""
    return Exists(model.objects.public().filter(pk=OuterRef(field)))


def public_proceedings() -> QuerySet[Proceeding]:
    """Public proceedings (the rule already requires their defendant, if named, public)."""
    return Proceeding.objects.public()


def public_sentences() -> QuerySet[Sentence]:
    """The rows of the case list and the CSV export: one public sentence per row.

    A sentence is shown only when its proceeding is public, the defendant (if named) is
    public and the ruling (if any) is public; a sentence of a draft proceeding never is.

    Each row carries:

    - ``case_date_start`` / ``case_date_end`` (stored): the range the ruling date covers,
      or, for a penalty no ruling has imposed (sought, maximum possible), the range of the
      date the case was opened; used by the date filter and the date ordering;
    - ``proceeding.court.shows_publicly`` (and ``ruling.court``'s): whether the court may
      be shown;
    - ``proceeding.public_charges`` (article and wording), ``proceeding.public_protests``
      (title and date), each prefetched in one query for all rows. The page attaches the
      sentences' citations (sources.selectors.attach_public_citations) to its own rows.
    """
    return (
        # ``listed`` stores exactly this rule, kept current by publishing.upkeep on every
        # write path. Filtering on this one table keeps counts and pages fast at scale.
        Sentence.objects.public()
        .filter(listed=True)
        .select_related(
            "proceeding", "proceeding__person", "proceeding__court", "ruling", "ruling__court"
        )
        .prefetch_related(
            Prefetch(
                "proceeding__charges",
                queryset=Charge.objects.public()
                .only("proceeding", "article", "as_reported")
                .order_by("pk"),
                to_attr="public_charges",
            ),
            Prefetch(
                "proceeding__protests",
                queryset=Protest.objects.public()
                .only(*with_versions("title"), "start")
                .order_by("start_start", "pk"),
                to_attr="public_protests",
            ),
        )
    )


def public_occasions_of_protests() -> Prefetch:
    """A protest's public occasions, as ``public_occasions`` (one query for all protests)."""
    return Prefetch(
        "occasions",
        queryset=Occasion.objects.public().order_by("date_start", "name", "pk"),
        to_attr="public_occasions",
    )


def public_protests() -> QuerySet[Protest]:
    """Public protests, with ``parent_is_public`` saying whether the campaign may be shown,
    and their public occasions (``public_occasions``)."""
    return (
        Protest.objects.public()
        .annotate(parent_is_public=_is_public(Protest, "parent_id"))
        .select_related("parent")
        .prefetch_related(public_occasions_of_protests())
    )


def protest_detail_queryset() -> QuerySet[Protest]:
    """A protest with everything its page shows, each list limited to public records."""
    return (
        public_protests()
        .annotate(target_is_public=_is_public(Organization, "target_organization_id"))
        .select_related("target_organization", "location", "location__parent")
        .prefetch_related(
            Prefetch("slogans", queryset=Slogan.objects.public(), to_attr="public_slogans"),
            Prefetch(
                "participations",
                queryset=Participation.objects.public()
                .select_related("person")
                .order_by("role", *BY_PUBLIC_NAME),
                to_attr="public_participations",
            ),
            Prefetch(
                "children",
                queryset=Protest.objects.public().order_by("start_start", "pk"),
                to_attr="public_children",
            ),
            Prefetch(
                "proceedings",
                queryset=public_proceedings()
                .annotate(court_is_public=_is_public(Organization, "court_id"))
                .select_related("person", "court")
                .order_by("opened_start", "pk"),
                to_attr="public_proceedings",
            ),
        )
    )


def protest_facts(protest: Protest) -> list:
    """Every record the protest page cites, for attach_public_citations()."""
    return [
        protest,
        *protest.public_occasions,
        *protest.public_slogans,
        *protest.public_participations,
        *protest.public_children,
        *protest.public_proceedings,
    ]


def public_hearings() -> QuerySet[Hearing]:
    """Public hearings in date order (undated last), with ``court_is_public`` and
    ``from_court_is_public`` saying whether their courts may be shown."""
    return (
        Hearing.objects.public()
        .annotate(
            court_is_public=_is_public(Organization, "court_id"),
            from_court_is_public=_is_public(Organization, "from_court_id"),
        )
        .select_related("court", "from_court")
        .order_by(F("date_start").asc(nulls_last=True), "pk")
    )


def public_court_roles() -> QuerySet[CourtRole]:
    """Public court roles (the rule already requires the person and the client public),
    in the order of the roles' menu (judge, prosecutor, lawyers, …), then as entered.

    Never ordered by name: a protected person sorts by nothing their name would give away.
    """
    in_role_order = Case(
        *(When(role=role, then=Value(n)) for n, role in enumerate(CourtRoleKind.values)),
        output_field=IntegerField(),
    )
    return (
        CourtRole.objects.public()
        .select_related("person", "represents")
        .order_by(in_role_order, "pk")
    )


def proceeding_detail_queryset() -> QuerySet[Proceeding]:
    """A proceeding with everything its page shows, each list limited to public records."""
    return (
        public_proceedings()
        .annotate(court_is_public=_is_public(Organization, "court_id"))
        .select_related("person", "court", "court__location")
        .prefetch_related(
            Prefetch("charges", queryset=Charge.objects.public(), to_attr="public_charges"),
            Prefetch(
                "pretrial_measures",
                queryset=PretrialMeasure.objects.public()
                .select_related("place")
                .prefetch_related(
                    Prefetch(
                        "changes",
                        queryset=MeasureChange.objects.public().order_by("date_start", "pk"),
                        to_attr="public_changes",
                    )
                ),
                to_attr="public_measures",
            ),
            Prefetch(
                "rulings",
                queryset=Ruling.objects.public()
                .annotate(court_is_public=_is_public(Organization, "court_id"))
                .select_related("court")
                .order_by("date_start", "pk"),
                to_attr="public_rulings",
            ),
            Prefetch("hearings", queryset=public_hearings(), to_attr="public_hearings"),
            Prefetch("court_roles", queryset=public_court_roles(), to_attr="public_court_roles"),
            Prefetch(
                "sentences",
                queryset=Sentence.objects.public().order_by("pk"),
                to_attr="public_sentences",
            ),
            Prefetch(
                "protests",
                queryset=Protest.objects.public().order_by("start_start", "pk"),
                to_attr="public_protests",
            ),
        )
    )


def proceeding_facts(proceeding: Proceeding) -> list:
    """Every record the proceeding page cites, for attach_public_citations()."""
    return [
        proceeding,
        *proceeding.public_charges,
        *proceeding.public_measures,
        *(change for measure in proceeding.public_measures for change in measure.public_changes),
        *proceeding.public_rulings,
        *proceeding.public_sentences,
        *proceeding.public_protests,
        *proceeding.public_hearings,
        *proceeding.public_court_roles,
    ]


def occasion_detail_queryset() -> QuerySet[Occasion]:
    """An occasion with its public protests (``public_protests``)."""
    return Occasion.objects.public().prefetch_related(
        Prefetch(
            "protests",
            queryset=Protest.objects.public().order_by("start_start", "title", "pk"),
            to_attr="public_protests",
        )
    )
