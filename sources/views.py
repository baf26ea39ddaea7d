"""Public source pages: the list of articles, and everything one article supports.

A source page lists every public fact the source is cited for, grouped by kind of record,
with the field each citation supports, the value it reports and its quote. It runs a
constant number of queries however many citations: the source, its public citations, then
one query per kind of record cited (bounded by the fixed number of citable models).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from casetracker.views import RetractedNoticeMixin
from events import models as events
from people import models as people
from publishing import rules
from sources.models import NEWEST_FIRST_KEY, Source, is_citable
from sources.selectors import public_citation_queryset
from sources.templatetags.casetracker import display_value


def _proceeding_label(proceeding) -> str:
    who = (
        proceeding.person.public_name
        if proceeding.person_id
        else _("%(number)s unnamed defendants") % {"number": proceeding.unnamed_number}
    )
    return _("%(who)s: %(case)s") % {"who": who, "case": proceeding.case_words.lower()}


@dataclass(frozen=True)
class FactKind:
    """How the source page fetches, labels and links one kind of cited record."""

    model: type[models.Model]
    heading: str
    select_related: tuple[str, ...] = ()
    label: Any = str
    url: Any = None

    def queryset(self, ids):
        # public() is the whole rule: a child of a hidden parent, or a name, relative or
        # affiliation of a protected person, is not public.
        return self.model.objects.public().filter(pk__in=ids).select_related(*self.select_related)

    def href(self, obj) -> str:
        return self.url(obj) if self.url else obj.get_absolute_url()


FACT_KINDS = [
    FactKind(
        people.Person,
        _("People"),
        label=lambda person: person.public_name,
    ),
    FactKind(
        people.PersonName,
        _("Names and spellings"),
        select_related=("person",),
        label=lambda name: (
            _("%(name)s (a name of %(owner)s)")
            % {"name": name.name, "owner": name.person.public_name}
        ),
        url=lambda name: name.person.get_absolute_url(),
    ),
    FactKind(
        people.Relationship,
        _("Relatives"),
        select_related=("person", "related_person"),
        label=lambda rel: (
            _("%(person)s: %(kind)s of %(other)s")
            % {
                "person": rel.person.public_name,
                "kind": rel.get_kind_display().lower(),
                "other": rel.related_person.public_name,
            }
        ),
        url=lambda rel: rel.person.get_absolute_url(),
    ),
    FactKind(
        people.Affiliation,
        _("Affiliations"),
        select_related=("person", "organization"),
        label=lambda aff: (
            f"{aff.person.public_name}: {aff.organization.name}"
            + (f" ({aff.role})" if aff.role else "")
        ),
        url=lambda aff: aff.person.get_absolute_url(),
    ),
    FactKind(people.Organization, _("Organizations"), label=lambda org: org.name),
    FactKind(
        people.OrganizationName,
        _("Organization names"),
        select_related=("organization",),
        label=lambda name: (
            _("%(name)s (a name of %(owner)s)")
            % {"name": name.name, "owner": name.organization.name}
        ),
        url=lambda name: name.organization.get_absolute_url(),
    ),
    FactKind(events.Occasion, _("Occasions"), label=lambda occasion: occasion.name),
    FactKind(events.Protest, _("Protests"), label=lambda protest: protest.title),
    FactKind(
        events.Slogan,
        _("Slogans and placards"),
        select_related=("protest",),
        label=lambda slogan: (
            _("“%(slogan)s” at %(protest)s")
            % {"slogan": slogan.text, "protest": slogan.protest.title}
        ),
        url=lambda slogan: slogan.protest.get_absolute_url(),
    ),
    FactKind(
        events.Participation,
        _("Participants"),
        select_related=("protest", "person"),
        label=lambda part: (
            f"{part.person.public_name}: {part.get_role_display().lower()}, {part.protest.title}"
        ),
        url=lambda part: part.protest.get_absolute_url(),
    ),
    FactKind(
        events.Proceeding,
        _("Proceedings"),
        select_related=("person",),
        label=_proceeding_label,
    ),
    FactKind(
        events.Charge,
        _("Charges"),
        select_related=("proceeding__person",),
        label=lambda charge: f"{charge} ({_proceeding_label(charge.proceeding)})",
        url=lambda charge: charge.proceeding.get_absolute_url(),
    ),
    FactKind(
        events.PretrialMeasure,
        _("Detention and other measures before trial"),
        select_related=("proceeding__person",),
        label=lambda measure: (
            f"{measure.get_kind_display()} ({_proceeding_label(measure.proceeding)})"
        ),
        url=lambda measure: measure.proceeding.get_absolute_url(),
    ),
    FactKind(
        events.MeasureChange,
        _("Measures extended, moved, changed or lifted"),
        select_related=("measure__proceeding__person",),
        label=lambda change: (
            f"{rules.redact_record(change).describe(change.measure.get_kind_display())} "
            f"({_proceeding_label(change.measure.proceeding)})"
        ),
        url=lambda change: change.measure.proceeding.get_absolute_url(),
    ),
    FactKind(
        events.Ruling,
        _("Rulings"),
        select_related=("proceeding__person",),
        label=lambda ruling: (
            f"{ruling.get_outcome_display()}, {ruling.get_court_instance_display().lower()} "
            f"({_proceeding_label(ruling.proceeding)})"
        ),
    ),
    FactKind(
        events.Sentence,
        _("Sentences"),
        select_related=("proceeding__person",),
        label=lambda sentence: f"{sentence} ({_proceeding_label(sentence.proceeding)})",
    ),
    FactKind(
        events.Hearing,
        _("Hearings"),
        select_related=("proceeding__person",),
        label=lambda hearing: (
            f"{hearing.get_kind_display()} ({_proceeding_label(hearing.proceeding)})"
        ),
        url=lambda hearing: hearing.proceeding.get_absolute_url(),
    ),
    FactKind(
        events.CourtRole,
        _("Judges, prosecutors and lawyers"),
        select_related=("person", "proceeding__person"),
        label=lambda role: (
            f"{role.person.public_name}: {role.get_role_display().lower()} "
            f"({_proceeding_label(role.proceeding)})"
        ),
        url=lambda role: role.proceeding.get_absolute_url(),
    ),
]
KIND_BY_MODEL = {kind.model: kind for kind in FACT_KINDS}


@dataclass
class SupportedFact:
    """One public fact and the citations by which this source supports it."""

    obj: models.Model
    label: str
    url: str
    citations: list = field(default_factory=list)


def _field_label(model, name: str) -> str:
    if not name:
        return ""
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name.replace("_", " ")


def supported_facts(source: Source) -> list[dict]:
    """Every public fact ``source`` supports, grouped by kind of record in chain order.

    Two queries plus one per kind of record cited: the citations, then each kind's public
    records in a single query.
    """
    citations = (
        public_citation_queryset()
        .filter(source=source)
        .select_related("content_type")
        .order_by("content_type_id", "object_id", "field", "pk")
    )
    by_model = defaultdict(lambda: defaultdict(list))
    for citation in citations:
        model = citation.content_type.model_class()
        if model is not None:
            by_model[model][citation.object_id].append(citation)

    groups = []
    for kind in FACT_KINDS:
        if kind.model not in by_model:
            continue
        citations_by_id = by_model[kind.model]
        facts = []
        for obj in kind.queryset(citations_by_id):
            fact = SupportedFact(obj=obj, label=kind.label(obj), url=kind.href(obj))
            for citation in citations_by_id[obj.pk]:
                if rules.field_withheld(obj, citation.field):
                    continue
                if citation.field and not is_citable(kind.model, citation.field):
                    continue  # Internal notes and bookkeeping, however it came to be cited.
                citation.field_label = _field_label(kind.model, citation.field)
                citation.record_value = display_value(obj, citation.field)
                fact.citations.append(citation)
            if fact.citations:
                facts.append(fact)
        if facts:
            facts.sort(key=lambda fact: fact.label.casefold())
            groups.append({"heading": kind.heading, "facts": facts})
    return groups


class SourceListView(ListView):
    template_name = "sources/source_list.html"
    context_object_name = "sources"
    paginate_by = 50

    def get_queryset(self):
        return Source.objects.public().order_by(NEWEST_FIRST_KEY.desc(), "outlet", "pk")


class SourceDetailView(RetractedNoticeMixin, DetailView):
    template_name = "sources/source_detail.html"
    context_object_name = "source"

    def get_queryset(self):
        return Source.objects.public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fact_groups"] = supported_facts(self.object)
        return context
