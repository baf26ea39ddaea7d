"""Public person and organization pages.

A person page shows the person's names (attested by sources, or added by researchers for
search), affiliations, relatives, their cases as a judge, prosecutor or lawyer, and one
timeline of the whole chain (events.timeline).
A protected person is shown only under the pseudonym, with nothing else about them.
An organization page shows its names, the people affiliated with it and, for a court,
every public ruling given there.

Both pages run a constant number of queries however many rows they show: one per kind of
record, then one for the citations of every fact on the page.
"""

from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import DetailView

from casetracker.views import RetractedNoticeMixin
from events.models import Charge, Ruling, Sentence
from events.selectors import BY_PUBLIC_NAME
from events.standing import standing
from events.timeline import (
    FAMILY,
    Relative,
    court_roles_of,
    own_proceedings,
    person_chain,
    person_timeline,
    timeline_records,
)
from people.models import (
    Affiliation,
    NameOrigin,
    Organization,
    OrganizationKind,
    OrganizationName,
    OrganizationRelation,
    OrganizationRelationKind,
    Person,
    PersonName,
    Relationship,
    RelationshipKind,
    ReportedAge,
)
from publishing import rules
from publishing.rules import public_q
from sources.footnotes import Footnotes
from sources.selectors import attach_public_citations

# "<subject> is <phrase> <object>" (the sentence is the template's): one translatable
# phrase per kind, since the article, and in other languages the case, depends on it.
RELATION_PHRASES = {
    RelationshipKind.SPOUSE: pgettext_lazy("<subject> is … <object>", "the spouse of"),
    RelationshipKind.PARENT: pgettext_lazy("<subject> is … <object>", "the parent of"),
    RelationshipKind.CHILD: pgettext_lazy("<subject> is … <object>", "the child of"),
    RelationshipKind.SIBLING: pgettext_lazy("<subject> is … <object>", "the sibling of"),
    RelationshipKind.UNCLE_AUNT: pgettext_lazy("<subject> is … <object>", "the uncle or aunt of"),
    RelationshipKind.NEPHEW_NIECE: pgettext_lazy(
        "<subject> is … <object>", "the nephew or niece of"
    ),
    RelationshipKind.RELATIVE: pgettext_lazy("<subject> is … <object>", "a relative of"),
    RelationshipKind.FRIEND: pgettext_lazy("<subject> is … <object>", "a friend of"),
    RelationshipKind.LAWYER: pgettext_lazy("<subject> is … <object>", "the lawyer of"),
    RelationshipKind.COLLEAGUE: pgettext_lazy("<subject> is … <object>", "a fellow activist of"),
}
# A relative's relation to the page's person, as a timeline entry of theirs names it
# ("Event of X (spouse)").
RELATIVE_WORDS = {
    RelationshipKind.SPOUSE: pgettext_lazy("a relative's relation", "spouse"),
    RelationshipKind.PARENT: pgettext_lazy("a relative's relation", "parent"),
    RelationshipKind.CHILD: pgettext_lazy("a relative's relation", "child"),
    RelationshipKind.SIBLING: pgettext_lazy("a relative's relation", "sibling"),
    RelationshipKind.UNCLE_AUNT: pgettext_lazy("a relative's relation", "uncle or aunt"),
    RelationshipKind.NEPHEW_NIECE: pgettext_lazy("a relative's relation", "nephew or niece"),
    RelationshipKind.RELATIVE: pgettext_lazy("a relative's relation", "other relative"),
}


# "<subject> is <kind> of <object>" read from the object's side: the subject's kind.
_INVERSE_KINDS = {
    RelationshipKind.PARENT: RelationshipKind.CHILD,
    RelationshipKind.CHILD: RelationshipKind.PARENT,
    RelationshipKind.UNCLE_AUNT: RelationshipKind.NEPHEW_NIECE,
    RelationshipKind.NEPHEW_NIECE: RelationshipKind.UNCLE_AUNT,
}


def family_of(person, relationships) -> dict[int, Relative]:
    """The person's relatives by public family relations, by id, each named as the public
    may see them (publishing.rules.public_name) with their relation to the person."""
    family = {}
    for relationship in relationships:
        if relationship.kind not in FAMILY:
            continue
        if relationship.person_id == person.pk:
            other, kind = relationship.related_person, relationship.kind
            kind = _INVERSE_KINDS.get(kind, kind)
        else:
            other, kind = relationship.person, relationship.kind
        family[other.pk] = Relative(
            person=other,
            name=rules.public_name(other),
            relation=RELATIVE_WORDS[kind],
        )
    return family


# Court roles on a person's page at a time: the busiest judge of the benchmark's data has
# 269, whose page took 100 ms to draw in full.
COURT_ROLES_PER_PAGE = 50


class PersonDetailView(RetractedNoticeMixin, DetailView):
    template_name = "events/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.public().select_related("residence").without_bookkeeping("residence")

    def get_object(self, queryset=None):
        return rules.redact_person(super().get_object(queryset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        if person.is_protected:
            # Nothing but the pseudonym: names, birth data, locality, relatives and the
            # events of the chain could each point to who the person is.
            return context
        names = list(
            PersonName.objects.public()
            .without_bookkeeping()
            .filter(person=person)
            .order_by("name", "pk")
        )
        ages = list(
            ReportedAge.objects.public()
            .without_bookkeeping()
            .filter(person=person)
            .order_by(F("as_of_start").asc(nulls_first=True), "pk")
        )
        affiliations = list(
            Affiliation.objects.public()
            .filter(person=person)
            .select_related("organization")
            .without_bookkeeping("organization")
            .order_by(F("start_start").asc(nulls_last=True), "organization__name", "pk")
        )
        # Read from either side ("<person> is the spouse of …", "… is the lawyer of <person>").
        relationships = list(
            Relationship.objects.public()
            .filter(Q(person=person) | Q(related_person=person))
            .select_related("person", "related_person")
            .without_bookkeeping("person", "related_person")
            .order_by("kind", "pk")
        )
        family = family_of(person, relationships)
        chain = person_chain(person.pk, family)
        timeline = person_timeline(person, cite=False, chain=chain, family=family)
        # A judge's, prosecutor's or lawyer's cases ("Defence lawyer in: …"): a judge has
        # hundreds, so a page at a time (``?page=2``), like a court's rulings.
        roles_page = Paginator(court_roles_of(person.pk, chain), COURT_ROLES_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        court_roles = list(roles_page.object_list)
        attach_public_citations(
            [
                person,
                *names,
                *ages,
                *affiliations,
                *relationships,
                *court_roles,
                *timeline_records(timeline),
            ]
        )
        context.update(
            attested_names=[n for n in names if n.origin == NameOrigin.ATTESTED],
            # The summary's "also written": a few other spellings the sources use.
            other_names=[
                n
                for n in names
                if n.origin == NameOrigin.ATTESTED and n.name != person.preferred_name
            ][:4],
            researcher_names=[n for n in names if n.origin == NameOrigin.RESEARCHER],
            ages=ages,
            affiliations=affiliations,
            relatives=[self._relative(person, rel) for rel in relationships],
            court_roles=court_roles,
            page_obj=roles_page,
            timeline=timeline,
            standing=standing(own_proceedings(person, chain)),
            # The page's sources, numbered as the template first cites them.
            footnotes=Footnotes(),
        )
        return context

    @staticmethod
    def _relative(person, relationship):
        """The other person, and whether the relation reads from them ("<other> is …")."""
        other_is_subject = relationship.person_id != person.pk
        return {
            "person": relationship.person if other_is_subject else relationship.related_person,
            "other_is_subject": other_is_subject,
            "phrase": RELATION_PHRASES[relationship.kind],
            "relationship": relationship,
        }


class OrganizationDetailView(RetractedNoticeMixin, DetailView):
    template_name = "events/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return (
            Organization.objects.public().select_related("location").without_bookkeeping("location")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        names = list(
            OrganizationName.objects.public()
            .without_bookkeeping()
            .filter(organization=organization)
        )
        relations = list(
            OrganizationRelation.objects.public()
            .filter(Q(organization=organization) | Q(other=organization))
            .select_related("organization", "other")
            .without_bookkeeping("organization", "other")
            .order_by("kind", "pk")
        )
        # A movement has thousands of members: a page at a time, as a court's rulings.
        members_page = Paginator(
            Affiliation.objects.public()
            .filter(organization=organization)
            .select_related("person")
            .without_bookkeeping("person")
            .order_by(*BY_PUBLIC_NAME),
            MEMBERS_PER_PAGE,
        ).get_page(self.request.GET.get(MEMBERS_PAGE))
        affiliations = list(members_page.object_list)
        rulings = []
        facts = [organization, *names, *relations, *affiliations]
        if organization.kind == OrganizationKind.COURT:
            # Busy courts have thousands of rulings: a page at a time, like the case list.
            paginator = Paginator(court_rulings(organization), COURT_RULINGS_PER_PAGE)
            page = paginator.get_page(self.request.GET.get("page"))
            rulings = list(page.object_list)
            attach_ruling_details(rulings)
            context["page_obj"] = page
            for ruling in rulings:
                facts.extend([ruling, ruling.proceeding, *ruling.public_sentences])
                facts.extend(ruling.public_charges)
        attach_public_citations(facts)
        context.update(
            attested_names=[n for n in names if n.origin == NameOrigin.ATTESTED],
            researcher_names=[n for n in names if n.origin == NameOrigin.RESEARCHER],
            relations=[self._relation(organization, relation) for relation in relations],
            affiliations=affiliations,
            members_page=members_page,
            members_page_parameter=MEMBERS_PAGE,
            is_court=organization.kind == OrganizationKind.COURT,
            rulings=rulings,
            footnotes=Footnotes(),
        )
        return context

    @staticmethod
    def _relation(organization, relation):
        """The other organization, and the relation read from this page's organization:
        "successor of X" on one side is "succeeded by X" on the other."""
        if relation.organization_id == organization.pk:
            return {
                "phrase": relation.get_kind_display().lower(),
                "other": relation.other,
                "relation": relation,
            }
        return {
            "phrase": _INVERSE_RELATION_PHRASES[relation.kind],
            "other": relation.organization,
            "relation": relation,
        }


_INVERSE_RELATION_PHRASES = {
    OrganizationRelationKind.SUCCESSOR_OF: _("succeeded by"),
    OrganizationRelationKind.SAME_AS: _("same organization as"),
    OrganizationRelationKind.BRANCH_OF: _("has a branch:"),
    OrganizationRelationKind.PART_OF: _("includes"),
}

COURT_RULINGS_PER_PAGE = 50
# An organization's people, a page at a time, by a parameter of their own: a court's page
# pages its rulings by "page".
MEMBERS_PER_PAGE = 100
MEMBERS_PAGE = "members"


def court_rulings(court: Organization):
    """Every public ruling given in ``court``, newest first (a queryset to paginate).

    A ruling belongs to the court it names (an appeal court), or else to its proceeding's;
    the defendant, when named, is public. ``attach_ruling_details`` adds sentences and
    charges to a page of them.
    """
    # The union of two sets of ids, each read by an index: one OR across the two joined
    # tables could use neither (PostgreSQL joined every ruling to its proceeding to test it:
    # 100 ms to count the busiest court's 331 at 250,000 sentences, and as long for a page).
    named = Ruling.objects.filter(court=court).order_by().values("pk")
    of_case = (
        Ruling.objects.filter(court__isnull=True, court_as_reported="", proceeding__court=court)
        .order_by()
        .values("pk")
    )
    return (
        Ruling.objects.public()
        .filter(pk__in=named.union(of_case))
        .filter(public_q("proceeding__"))
        .select_related("proceeding", "proceeding__person")
        # What the court page shows: its table reads these columns only.
        .only(
            "date",
            "outcome",
            "court_instance",
            "proceeding__kind",
            "proceeding__case_number",
            "proceeding__unnamed_defendants",
            "proceeding__unnamed_defendants_precision",
            "proceeding__person__is_protected",
            "proceeding__person__pseudonym",
            "proceeding__person__preferred_name",
        )
        .order_by(F("date_start").desc(nulls_last=True), "pk")
    )


def attach_ruling_details(rulings: list[Ruling]) -> None:
    """Set ``public_sentences`` and ``public_charges`` (those of its proceeding) on each
    ruling: two queries in all."""
    prefetch_related_objects(
        rulings,
        Prefetch(
            "sentences",
            queryset=Sentence.objects.public()
            .only("ruling", "kind", "status", *Sentence.AMOUNT_FIELDS)
            .order_by("pk"),
            to_attr="public_sentences",
        ),
        Prefetch(
            "proceeding__charges",
            queryset=Charge.objects.public().only("proceeding", "article", "as_reported"),
            to_attr="public_charges",
        ),
    )
    for ruling in rulings:
        ruling.public_charges = ruling.proceeding.public_charges
