"""Admin for people and organizations: where researchers enter who was prosecuted.

A person is entered on one page: every spelling of the name, relatives, affiliations and
the citations behind the record. Names, relationships and affiliations also have their own
pages, where their own citations are entered (Django admin cannot nest inlines).
"""

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casetracker.admin_pickers import date_words, joined

# Shared with places (and events): still importable from here.
from casetracker.admin_search import SearchKeyMixin
from casetracker.expressions import count_of
from publishing.admin import CasePublishingMixin, RecordAdmin, RecordInline, versions_fieldset
from sources.admin_inlines import CitationInline, count_of_citations

from .models import (
    Affiliation,
    Organization,
    OrganizationName,
    OrganizationRelation,
    Person,
    PersonName,
    Relationship,
    ReportedAge,
)

EDITORIAL = (_("Editorial"), {"fields": ["publication_status", "internal_notes"]})


class PersonNameInline(RecordInline):
    model = PersonName
    fields = ["name", "script", "origin", "note", "publication_status"]
    extra = 1
    show_change_link = True


class RelationshipInline(RecordInline):
    model = Relationship
    fk_name = "person"
    fields = ["kind", "related_person", "description", "publication_status"]
    autocomplete_fields = ["related_person"]
    extra = 0
    show_change_link = True


class AffiliationInline(RecordInline):
    model = Affiliation
    fields = ["organization", "role", "start", "end", "publication_status"]
    autocomplete_fields = ["organization"]
    extra = 0
    show_change_link = True


class ReportedAgeInline(RecordInline):
    model = ReportedAge
    fields = ["age", "as_of", "as_reported", "publication_status"]
    extra = 0
    show_change_link = True


class OrganizationNameInline(RecordInline):
    model = OrganizationName
    fields = ["name", "script", "origin", "publication_status"]
    extra = 1
    show_change_link = True


class OrganizationRelationInline(RecordInline):
    model = OrganizationRelation
    fk_name = "organization"
    fields = ["kind", "other", "start", "description", "publication_status"]
    autocomplete_fields = ["other"]
    extra = 0
    show_change_link = True


@admin.register(Person)
class PersonAdmin(CasePublishingMixin, SearchKeyMixin, RecordAdmin):
    # Explicit, because Meta.ordering is ignored once the counts add a GROUP BY.
    ordering = Person._meta.ordering
    list_display = [
        "preferred_name",
        "pseudonym",
        "citizenship",
        "locality",
        "is_protected",
        "name_count",
        "citation_count",
        "publication_status",
    ]
    list_filter = ["publication_status", "is_protected", "citizenship", "ethnicity"]
    search_fields = ["preferred_name", "pseudonym", "names__name", "locality"]
    search_key_fields = ("names__search_key",)
    fieldsets = [
        (None, {"fields": ["preferred_name", "description"]}),
        (
            _("Identity"),
            {"fields": ["citizenship", "ethnicity", "birth_date", "locality", "residence"]},
        ),
        (
            _("Protection"),
            {
                "fields": ["is_protected", "pseudonym", "protection_reason"],
                "description": _("For people at risk: the public site shows only the pseudonym."),
            },
        ),
        versions_fieldset("description"),
        EDITORIAL,
    ]
    autocomplete_fields = ["residence"]
    inlines = [
        PersonNameInline,
        ReportedAgeInline,
        RelationshipInline,
        AffiliationInline,
        CitationInline,
    ]

    picker_related = ("residence",)
    # With links to the person's cases on the case screen (events.case_screen).
    change_form_template = "admin/people/person/change_form.html"

    def picker_queryset(self, queryset):
        # Another spelling, in the same query: the first one entered that differs.
        other = (
            PersonName.objects.filter(person=OuterRef("pk"))
            .exclude(name=OuterRef("preferred_name"))
            .order_by("pk")
            .values("name")[:1]
        )
        return super().picker_queryset(queryset).annotate(picker_other_name=Subquery(other))

    def picker_label(self, person):
        other = getattr(person, "picker_other_name", None)
        born = date_words(person.birth_date)
        return joined(
            (
                gettext("%(name)s (also %(other)s)")
                % {"name": person.preferred_name, "other": other}
                if other
                else person.preferred_name
            ),
            gettext("born %(date)s") % {"date": born} if born else "",
            person.residence or person.locality,
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                name_count=count_of(PersonName.objects, "person"),
                citation_count=count_of_citations(Person),
            )
        )

    @admin.display(description=_("names"), ordering="name_count")
    def name_count(self, person):
        return person.name_count

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, person):
        return person.citation_count


@admin.register(PersonName)
class PersonNameAdmin(SearchKeyMixin, RecordAdmin):
    list_display = ["name", "person", "script", "origin", "search_key", "publication_status"]
    list_filter = ["script", "origin", "publication_status"]
    list_select_related = ["person"]
    search_fields = ["name", "search_key", "person__preferred_name", "note"]
    search_key_fields = ("search_key",)
    autocomplete_fields = ["person"]
    fields = ["person", "name", "script", "origin", "note", "publication_status", "internal_notes"]
    inlines = [CitationInline]


@admin.register(Organization)
class OrganizationAdmin(SearchKeyMixin, RecordAdmin):
    ordering = Organization._meta.ordering
    list_display = [
        "name",
        "kind",
        "country",
        "locality",
        "is_unnamed",
        "citation_count",
        "publication_status",
    ]
    list_filter = ["kind", "publication_status", "is_unnamed", "country"]
    search_fields = ["name", "names__name", "locality"]
    search_key_fields = ("search_key", "names__search_key")
    fieldsets = [
        (None, {"fields": ["name", "kind", "is_unnamed", "description"]}),
        (_("Place"), {"fields": ["location", "country", "locality"]}),
        versions_fieldset("description"),
        EDITORIAL,
    ]
    autocomplete_fields = ["location"]
    inlines = [OrganizationNameInline, OrganizationRelationInline, CitationInline]
    picker_related = ("location",)

    def picker_label(self, organization):
        return joined(
            organization.name,
            organization.get_kind_display(),
            organization.location or organization.locality or organization.country,
        )

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(citation_count=count_of_citations(Organization))
        )

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, organization):
        return organization.citation_count


@admin.register(OrganizationName)
class OrganizationNameAdmin(SearchKeyMixin, RecordAdmin):
    list_display = ["name", "organization", "script", "origin", "publication_status"]
    list_filter = ["script", "origin", "publication_status"]
    list_select_related = ["organization"]
    search_fields = ["name", "search_key", "organization__name"]
    search_key_fields = ("search_key",)
    autocomplete_fields = ["organization"]
    fields = ["organization", "name", "script", "origin", "publication_status", "internal_notes"]
    inlines = [CitationInline]


@admin.register(OrganizationRelation)
class OrganizationRelationAdmin(RecordAdmin):
    list_display = ["organization", "kind", "other", "start", "publication_status"]
    list_filter = ["kind", "publication_status"]
    list_select_related = ["organization", "other"]
    search_fields = ["organization__name", "other__name", "description"]
    autocomplete_fields = ["organization", "other"]
    fields = [
        "organization",
        "kind",
        "other",
        "start",
        "description",
        "publication_status",
        "internal_notes",
    ]
    inlines = [CitationInline]


@admin.register(ReportedAge)
class ReportedAgeAdmin(RecordAdmin):
    list_display = ["person", "age", "as_of", "as_reported", "publication_status"]
    list_filter = ["publication_status"]
    list_select_related = ["person"]
    search_fields = ["person__preferred_name", "person__names__name", "as_reported"]
    autocomplete_fields = ["person"]
    fields = ["person", "age", "as_of", "as_reported", "publication_status", "internal_notes"]
    readonly_fields = ["birth_years"]
    inlines = [CitationInline]

    @admin.display(description=_("born"))
    def birth_years(self, age):
        return age.birth_years_display() or "—"


@admin.register(Relationship)
class RelationshipAdmin(RecordAdmin):
    list_display = ["person", "kind", "related_person", "description", "publication_status"]
    list_filter = ["kind", "publication_status"]
    list_select_related = ["person", "related_person"]
    search_fields = [
        "person__preferred_name",
        "person__names__name",
        "related_person__preferred_name",
        "related_person__names__name",
        "description",
    ]
    autocomplete_fields = ["person", "related_person"]
    fields = [
        "person",
        "kind",
        "related_person",
        "description",
        "publication_status",
        "internal_notes",
    ]
    inlines = [CitationInline]


@admin.register(Affiliation)
class AffiliationAdmin(RecordAdmin):
    list_display = ["person", "organization", "role", "start", "end", "publication_status"]
    list_filter = ["organization__kind", "publication_status"]
    list_select_related = ["person", "organization"]
    search_fields = [
        "person__preferred_name",
        "person__names__name",
        "organization__name",
        "organization__names__name",
        "role",
    ]
    autocomplete_fields = ["person", "organization"]
    fields = [
        "person",
        "organization",
        "role",
        "start",
        "end",
        "publication_status",
        "internal_notes",
    ]
    inlines = [CitationInline]
