"""Browse lists: every public person A–Z (by role), every public organization by kind, and
every public place within the place it lies in.

Only public records, read through ``Model.objects.public()``; a protected person is listed
under the pseudonym alone, sorted and indexed by it, and never as anyone's relative (their
relationships are not public: publishing.rules.IDENTIFIES). Organizations the sources do
not name ("a court in Almaty", ``is_unnamed``) are listed apart, after the named ones of
their kind. Each page runs the same few queries however many rows there are: the count,
the page, and the index (letters or kinds).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.db import connection, connections
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower, Substr
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import ListView, TemplateView

from casetracker.keyset import KeysetList, Term
from events.models import DEFENCE_ROLES, CourtRole, CourtRoleKind, Proceeding
from events.views import LenientPaginationMixin
from people.models import Organization, OrganizationKind, Person, Relationship, RelationshipKind
from places.models import PlaceKind
from places.selectors import public_place_tree
from publishing import generation, rules
from publishing.texts import with_versions

FAMILY = (
    RelationshipKind.SPOUSE,
    RelationshipKind.PARENT,
    RelationshipKind.CHILD,
    RelationshipKind.SIBLING,
    RelationshipKind.UNCLE_AUNT,
    RelationshipKind.NEPHEW_NIECE,
    RelationshipKind.RELATIVE,
)


def _is_defendant():
    return Exists(Proceeding.objects.public().filter(person=OuterRef("pk")))


def _in_family():
    family = Relationship.objects.public().filter(kind__in=FAMILY)
    return Exists(family.filter(person=OuterRef("pk"))) | Exists(
        family.filter(related_person=OuterRef("pk"))
    )


def _is_lawyer():
    # "<person> is the lawyer of <related person>", or a defence role in a public case.
    lawyers = Relationship.objects.public().filter(kind=RelationshipKind.LAWYER)
    in_court = CourtRole.objects.public().filter(role__in=DEFENCE_ROLES)
    return Exists(lawyers.filter(person=OuterRef("pk"))) | Exists(
        in_court.filter(person=OuterRef("pk"))
    )


def _is_judge():
    judges = CourtRole.objects.public().filter(role=CourtRoleKind.JUDGE)
    return Exists(judges.filter(person=OuterRef("pk")))


@dataclass(frozen=True)
class Role:
    """A way a person appears in the records: an entry of the people list's role menu and
    a tag on each row. ``condition`` builds a boolean expression over the outer Person."""

    slug: str
    label: Promise  # translatable, as the words below
    tag: Promise
    condition: Callable

    @property
    def annotation(self) -> str:
        return f"is_{self.slug}"


# To add a role, add a Role here: the menu, the filter and the row tags follow. A person
# with a public proceeding is a defendant; one in a public family relationship is a
# relative; a lawyer or judge has that part in a public case (or a public "lawyer of"
# relationship). Roles overlap: relatives held in China have proceedings of their own, and
# a defendant may be the wife of another.
ROLES = (
    Role("defendants", _("Defendants"), pgettext_lazy("person tag", "defendant"), _is_defendant),
    Role("relatives", _("Relatives"), pgettext_lazy("person tag", "relative"), _in_family),
    Role("lawyers", _("Lawyers"), pgettext_lazy("person tag", "lawyer"), _is_lawyer),
    Role("judges", _("Judges"), pgettext_lazy("person tag", "judge"), _is_judge),
)
ROLES_BY_SLUG = {role.slug: role for role in ROLES}


# The people list's order: the name shown, in lower case, then the id (person_public_name_idx
# serves it, and each page is read from it by cursor).
PEOPLE_ORDER = KeysetList(Term("sort_name", Lower(rules.public_name_expression())), Term("pk"))


class PersonListView(ListView):
    """``/people/``: public people A–Z by the name shown, ``?role=`` and ``?letter=``, a
    page at a time by cursor (``?cursor=``; casetracker.keyset): the last page is read as
    fast as the first."""

    template_name = "events/person_list.html"
    context_object_name = "people"
    page_size = 100

    def get(self, request, *args, **kwargs):
        self.role = ROLES_BY_SLUG.get(request.GET.get("role", ""))
        letter = request.GET.get("letter", "")
        self.letter = letter.upper() if len(letter) == 1 and letter.isalpha() else ""
        return super().get(request, *args, **kwargs)

    def _people(self):
        people = (
            Person.objects.public()
            .annotate(shown_name=rules.public_name_expression())
            .annotate(initial=Substr("shown_name", 1, 1), sort_name=Lower("shown_name"))
        )
        if self.role:
            people = people.filter(self.role.condition())
        return people

    def get_queryset(self):
        people = self._people()
        if self.letter and _sorts_by_code_point():
            people = people.filter(_names_from(self.letter))
        elif self.letter:
            people = people.filter(initial__in={self.letter, self.letter.lower()})
        return people.only(
            "preferred_name", "pseudonym", "is_protected", *with_versions("description")
        ).order_by("sort_name", "pk")

    def _letters(self) -> list[str]:
        # A role's people (the judges) are few among all: the DISTINCT reaches them through
        # the role's own rows, where the skip scan would test name after name for the role
        # (judges 10 ms against 33, relatives 59 against 91, at the benchmark's size).
        initials = (
            first_letters(self._people())
            if not self.role and _sorts_by_code_point()
            else self._people().order_by().values_list("initial", flat=True).distinct()
        )
        return sorted({initial.upper() for initial in initials if initial})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = PEOPLE_ORDER.page(
            self.object_list,
            self.request.GET.get("cursor"),
            self.page_size,
            count_key=f"people:{self.role.slug if self.role else ''}:{self.letter}",
        )
        people = [rules.redact_person(person) for person in page.rows]
        # The roles of the page's people only, by their ids: asked of every person (in the
        # page's query), PostgreSQL hashed every public case and court role first (110 ms
        # of a 160 ms page at the benchmark's size) to tag a hundred rows.
        tags = {
            pk: [role.tag for role, has_role in zip(ROLES, roles, strict=True) if has_role]
            for pk, *roles in Person.objects.filter(pk__in=[person.pk for person in people])
            .annotate(**{role.annotation: role.condition() for role in ROLES})
            .values_list("pk", *(role.annotation for role in ROLES))
        }
        for person in people:
            person.role_tags = tags.get(person.pk, [])
        context.update(
            people=people,
            page=page,
            # Every public person's first letter: read whole (a sequential scan, 74 ms at the
            # benchmark's size), so kept once per generation, as the case list's menus are.
            letters=generation.remember(
                f"people-letters:{self.role.slug if self.role else ''}", self._letters
            ),
            letter=self.letter,
            roles=ROLES,
            role=self.role,
        )
        return context


def _after(code_point: str) -> str:
    """SQL: the character after the one whose code point ``code_point`` (SQL) gives, past
    the surrogates (no character of their own: PostgreSQL's chr() refuses them)."""
    following = f"{code_point} + 1"
    character = {"postgresql": "chr"}.get(connection.vendor, "char")
    return (
        f"{character}(CASE WHEN {following} BETWEEN 55296 AND 57343 THEN 57344 "
        f"ELSE {following} END)"
    )


def _code_point(text: str) -> str:
    """SQL: the code point of the first character of ``text`` (SQL)."""
    return f"{ {'postgresql': 'ascii'}.get(connection.vendor, 'unicode') }({text})"


def _names_from(letter: str) -> Q:
    """Condition on people annotated with ``sort_name``: the name, in lower case as the
    database writes it, lies between ``letter`` (either case) in lower case and the next
    character. Where names sort by code point those are exactly the names whose lower case
    begins with it, as the letter index groups them (``first_letters``): one range of the
    people list's index (``person_public_name_idx``), read in order for the page. For a
    letter that sorts late (Ә, after every Latin name) a filter on the initial read that
    index from "a" (38 ms for the page, 30 for its count, at the benchmark's size); kept
    beside the range, it made the planner expect a few rows and sort them all (11 ms for
    "A")."""
    condition = Q()
    after = _after(_code_point("lower(%s)"))
    for case in sorted({letter, letter.lower()}):
        condition |= Q(
            sort_name__gte=RawSQL("lower(%s)", (case,)),
            sort_name__lt=RawSQL(after, (case,) * after.count("%s")),
        )
    return condition


def first_letters(people: QuerySet) -> list[str]:
    """The first letter of each group of ``people`` (annotated with ``shown_name`` and its
    lower case, ``sort_name``, as ``PersonListView._people`` does) whose names in lower case
    begin alike.

    A skip scan over the people list's index (``person_public_name_idx``): the first name,
    then the first name at or after the character following the last one's initial, and so
    on, one row read per letter however many people. A DISTINCT over the initials read every
    public person (23.5 of the people list's 34 ms at the benchmark's size, ten times that at
    ten times the people). Only where names sort by code point (``_sorts_by_code_point``):
    under another collation names beginning alike need not be adjacent (é among e,
    punctuation ignored), and the DISTINCT is read instead. Each step also moves past the
    name before it, so the scan ends whatever the order.
    """
    people = people.order_by("sort_name")
    after = _after(f"coalesce({_code_point('initials.lower_initial')}, 0)")
    step = people.filter(sort_name__gte=RawSQL(after, ())).filter(
        sort_name__gt=RawSQL("initials.sort_name", ())
    )
    parts = [people.values_list(Substr("shown_name", 1, 1), Substr("sort_name", 1, 1), "sort_name")]
    parts += [step.values_list(column) for column in (Substr("shown_name", 1, 1),
              Substr("sort_name", 1, 1), "sort_name")]  # fmt: skip
    (first_sql, first_params), *steps = [part[:1].query.sql_with_params() for part in parts]
    sql = (
        "WITH RECURSIVE initials(initial, lower_initial, sort_name) AS ("
        f"SELECT * FROM ({first_sql}) AS first_person UNION ALL "
        f"SELECT {', '.join(f'({step_sql})' for step_sql, _params in steps)} FROM initials "
        "WHERE initials.sort_name IS NOT NULL "
        f"AND coalesce({_code_point('initials.lower_initial')}, 0) < 1114111) "
        "SELECT initial FROM initials"
    )
    params = [*first_params, *(param for _sql, step_params in steps for param in step_params)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [initial for (initial,) in cursor.fetchall()]


def _sorts_by_code_point() -> bool:
    """Whether this database sorts text by code point: SQLite's default collation does; a
    PostgreSQL database does under the C collation (C.UTF-8 too)."""
    if connection.vendor == "sqlite":
        return True
    if connection.vendor != "postgresql":
        return False
    return _postgresql_collation(connection.alias, connection.settings_dict["NAME"]) in (
        CODE_POINT_COLLATIONS
    )


CODE_POINT_COLLATIONS = {"C", "POSIX", "C.UTF-8", "C.utf8"}


@cache
def _postgresql_collation(alias: str, name: str) -> str:
    """The collation of the database ``name`` (that ``alias`` connects to), read once per
    process: it is fixed when the database is made."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


# Headings of the organizations page, one per kind, in this order; a kind added to
# OrganizationKind and not here is listed under its own label, last.
KIND_HEADINGS = {
    OrganizationKind.COURT: _("Courts"),
    OrganizationKind.MOVEMENT: _("Movements and activist groups"),
    OrganizationKind.NGO: _("NGOs"),
    OrganizationKind.FOREIGN_MISSION: _("Foreign missions"),
    OrganizationKind.GOVERNMENT: _("Government bodies"),
    OrganizationKind.LAW_ENFORCEMENT: _("Police and security services"),
    OrganizationKind.DETENTION_FACILITY: _("Detention facilities"),
    OrganizationKind.POLITICAL_PARTY: _("Political parties"),
    OrganizationKind.INTERGOVERNMENTAL: _("Intergovernmental bodies"),
    OrganizationKind.MEDIA: _("Media outlets"),
    OrganizationKind.OTHER: pgettext_lazy("a heading over organizations of other kinds", "Other"),
}


def _kind_heading(kind: str) -> str:
    return KIND_HEADINGS.get(kind) or OrganizationKind(kind).label


def _kind_order():
    return Case(
        *(When(kind=kind, then=Value(n)) for n, kind in enumerate(KIND_HEADINGS)),
        default=Value(len(KIND_HEADINGS)),
        output_field=IntegerField(),
    )


class OrganizationListView(LenientPaginationMixin, ListView):
    """``/organizations/``: public organizations grouped by kind (``?kind=`` for one),
    the named ones A–Z, then those the sources do not name."""

    template_name = "events/organization_list.html"
    context_object_name = "organizations"
    paginate_by = 100

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("kind", "")
        self.kind = kind if kind in OrganizationKind.values else ""
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        organizations = Organization.objects.public()
        if self.kind:
            organizations = organizations.filter(kind=self.kind)
        return (
            organizations.annotate(kind_order=_kind_order())
            .only("name", "kind", "country", "locality", "is_unnamed")
            .order_by("kind_order", "kind", "is_unnamed", Lower("name"), "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = []
        for organization in context["organizations"]:
            if not groups or groups[-1]["kind"] != organization.kind:
                groups.append(
                    {
                        "kind": organization.kind,
                        "heading": _kind_heading(organization.kind),
                        "named": [],
                        "unnamed": [],
                    }
                )
            groups[-1]["unnamed" if organization.is_unnamed else "named"].append(organization)
        counts = dict(
            Organization.objects.public()
            .order_by()
            .values_list("kind")
            .annotate(count=Count("pk"))
            .values_list("kind", "count")
        )
        order = list(KIND_HEADINGS)
        kinds = sorted(counts, key=lambda kind: order.index(kind) if kind in order else len(order))
        context.update(
            groups=groups,
            kinds=[
                {"value": kind, "heading": _kind_heading(kind), "count": counts[kind]}
                for kind in kinds
            ],
            kind=self.kind,
            kind_heading=_kind_heading(self.kind) if self.kind else "",
        )
        return context


@dataclass
class PlaceNode:
    """A place of the places page, with the places inside it."""

    pk: int
    name: str
    kind: str
    children: list


class PlaceListView(TemplateView):
    """``/places/``: every public place, each under the place it lies in, A–Z at each
    level (one query: places.selectors.public_place_tree)."""

    template_name = "events/place_list.html"

    def get_context_data(self, **kwargs):
        tree = public_place_tree()
        nodes = {
            pk: PlaceNode(pk, name, PlaceKind(kind).label, [])
            for pk, (name, _, kind) in tree.places.items()
        }
        roots = []
        for pk, (_name, parent, _kind) in tree.places.items():
            (nodes[parent].children if parent in nodes else roots).append(nodes[pk])
        for node in nodes.values():
            node.children.sort(key=lambda child: child.name.lower())
        roots.sort(key=lambda node: node.name.lower())
        kwargs.update(places=roots, count=len(nodes))
        return super().get_context_data(**kwargs)
