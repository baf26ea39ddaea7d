"""How a source's page shows the people's records it is cited for (sources.fact_kinds)."""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from people import models as people
from sources.fact_kinds import FactKind, names_kind
from sources.templatetags.casetracker import partial_date

KINDS = [
    FactKind(
        people.Person,
        _("People"),
        label=lambda person: person.public_name,
    ),
    names_kind(
        people.PersonName, _("Names and spellings"), "person", shown=attrgetter("public_name")
    ),
    FactKind(
        people.ReportedAge,
        _("Ages"),
        select_related=("person",),
        label=lambda age: (
            _("%(person)s: aged %(age)s in %(date)s")
            % {"person": age.person.public_name, "age": age.age, "date": partial_date(age.as_of)}
        ),
        url=lambda age: age.person.get_absolute_url(),
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
    names_kind(people.OrganizationName, _("Organization names"), "organization"),
    FactKind(
        people.OrganizationRelation,
        _("Relations between organizations"),
        select_related=("organization", "other"),
        # "Nagyz Atajurt: successor of Atajurt", as the organization's own page reads it.
        label=lambda relation: (
            _("%(organization)s: %(kind)s %(other)s")
            % {
                "organization": relation.organization.name,
                "kind": relation.get_kind_display().lower(),
                "other": relation.other.name,
            }
        ),
        url=lambda relation: relation.organization.get_absolute_url(),
    ),
]
