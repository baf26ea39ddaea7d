"""What the API shows of each public record: an explicit list of fields per kind.

Fields are listed, never ``__all__``: internal notes, the editorial status, the stored
``is_public`` flag and the timestamps are never serialized. Whatever a protected person's
records may not show is decided in publishing.rules: people pass through
``rules.redact_person`` (and lose every one of ``PROTECTED_PERSON_FIELDS`` from the
output), measures through ``rules.redact_record``, and a citation's quote is withheld
exactly when ``rules.withheld_quote`` says (sources.selectors annotates it).
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import (
    ApiUrlField,
    HtmlUrlField,
    PartialDateOutField,
    RefField,
    RefListField,
    person_ref,
    public_ref,
    ref,
)
from events.models import (
    Charge,
    CourtRole,
    Hearing,
    MeasureChange,
    Occasion,
    PretrialMeasure,
    Proceeding,
    Protest,
    Ruling,
    Sentence,
    Slogan,
)
from people.models import (
    Affiliation,
    Organization,
    OrganizationRelation,
    Person,
    Relationship,
    ReportedAge,
)
from places.models import Place
from publishing import rules
from sources.models import Citation, Source


def organization_ref(request, organization):
    return public_ref(request, organization, "api:organization-detail", lambda org: org.name)


def place_ref(request, place):
    return public_ref(request, place, "api:place-detail", lambda p: p.name)


def protest_ref(request, protest):
    return public_ref(request, protest, "api:protest-detail", lambda p: p.title)


def listed_protest_ref(request, protest):
    """A protest from a list already limited to public ones (``public_protests``)."""
    return ref(request, protest, "api:protest-detail", protest.title)


def listed_organization_ref(request, organization):
    """An organization from a record whose rule requires it public (a parent)."""
    return ref(request, organization, "api:organization-detail", organization.name)


def listed_occasion_ref(request, occasion):
    """An occasion from a list already limited to public ones (``public_occasions``)."""
    return ref(request, occasion, "api:occasion-detail", occasion.name)


def proceeding_ref(request, proceeding):
    return ref(request, proceeding, "api:proceeding-detail", proceeding.case_words)


def source_ref(request, source):
    return ref(request, source, "api:source-detail", str(source))


def names_of(records):
    return [{"name": n.name, "script": n.script} for n in records]


class NameSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("A name or spelling, exactly as written."))
    script = serializers.CharField(help_text=_("The script it is written in."))


# People, organizations, places ----------------------------------------------------------


class ReportedAgeSerializer(serializers.ModelSerializer):
    as_of = PartialDateOutField(help_text=_("The date the age refers to."))
    birth_years = serializers.SerializerMethodField(
        help_text=_("The first and last year of birth the age implies (null: open date).")
    )

    class Meta:
        model = ReportedAge
        fields = ["id", "age", "as_of", "as_reported", "birth_years"]

    def get_birth_years(self, age) -> list[int] | None:
        years = age.birth_years
        return list(years) if years else None


class AffiliationSerializer(serializers.ModelSerializer):
    organization = RefField(listed_organization_ref)
    start = PartialDateOutField()
    end = PartialDateOutField()

    class Meta:
        model = Affiliation
        fields = ["id", "organization", "role", "start", "end"]


class RelationshipSerializer(serializers.ModelSerializer):
    """“person is the <kind> of related_person”."""

    person = RefField(person_ref)
    related_person = RefField(person_ref)

    class Meta:
        model = Relationship
        fields = ["id", "person", "kind", "related_person", "description"]


class OrganizationRelationSerializer(serializers.ModelSerializer):
    """“organization is <kind> other”: successor of, same as, branch of, part of."""

    organization = RefField(listed_organization_ref)
    other = RefField(listed_organization_ref)
    start = PartialDateOutField()

    class Meta:
        model = OrganizationRelation
        fields = ["id", "organization", "kind", "other", "start", "description"]


def both_ways(record, outgoing: str, incoming: str) -> list:
    """A record's relations read from it and to it, in one list (by kind, then id)."""
    relations = [*getattr(record, outgoing, ()), *getattr(record, incoming, ())]
    return sorted(relations, key=lambda relation: (relation.kind, relation.pk))


class PersonSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:person-detail")
    html_url = HtmlUrlField()
    name = serializers.SerializerMethodField(
        help_text=_("The name the public sees: the pseudonym of a protected person.")
    )
    identity_withheld = serializers.BooleanField(
        source="is_protected",
        help_text=_("A person at risk: shown under a pseudonym, without any identifying field."),
    )
    # Not read-only, so that the schema does not require them: a protected person has none.
    birth_date = PartialDateOutField(
        read_only=False, required=False, help_text=_("Birth date, usually the year.")
    )
    residence = RefField(
        place_ref, read_only=False, required=False, help_text=_("Where the person lives.")
    )
    names = serializers.SerializerMethodField()
    reported_ages = ReportedAgeSerializer(source="public_ages", many=True)
    affiliations = AffiliationSerializer(source="public_affiliations", many=True)
    relationships = serializers.SerializerMethodField(
        help_text=_("Relations to other people, read from this person and to this person.")
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "url",
            "html_url",
            "name",
            "identity_withheld",
            "citizenship",
            "ethnicity",
            "birth_date",
            "locality",
            "residence",
            "description",
            "names",
            "reported_ages",
            "affiliations",
            "relationships",
        ]
        extra_kwargs = {name: {"required": False} for name in rules.PROTECTED_PERSON_FIELDS}

    def get_name(self, person) -> str:
        return rules.public_name(person)

    @extend_schema_field(NameSerializer(many=True))
    def get_names(self, person):
        # The rule (IDENTIFIES) already hides every name of a protected person.
        return names_of(getattr(person, "public_names", ()))

    @extend_schema_field(RelationshipSerializer(many=True))
    def get_relationships(self, person):
        # The rule (IDENTIFIES) hides every relationship in which either is protected.
        relations = both_ways(person, "public_relationships", "public_inverse_relationships")
        return RelationshipSerializer(relations, many=True, context=self.context).data

    def to_representation(self, person):
        protected = person.is_protected
        data = super().to_representation(rules.redact_person(person))
        if protected:
            for name in rules.PROTECTED_PERSON_FIELDS:
                data.pop(name, None)
        return data


class OrganizationSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:organization-detail")
    html_url = HtmlUrlField()
    location = RefField(place_ref, help_text=_("Its place record, if public."))
    names = serializers.SerializerMethodField()
    relations = serializers.SerializerMethodField(
        help_text=_("Relations to other organizations, read from this one and to this one.")
    )

    class Meta:
        model = Organization
        fields = [
            "id",
            "url",
            "html_url",
            "name",
            "kind",
            "country",
            "locality",
            "location",
            "description",
            "is_unnamed",
            "names",
            "relations",
        ]

    @extend_schema_field(NameSerializer(many=True))
    def get_names(self, organization):
        return names_of(getattr(organization, "public_names", ()))

    @extend_schema_field(OrganizationRelationSerializer(many=True))
    def get_relations(self, organization):
        relations = both_ways(organization, "public_relations", "public_inverse_relations")
        return OrganizationRelationSerializer(relations, many=True, context=self.context).data


class PlaceSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:place-detail")
    html_url = HtmlUrlField()
    parent = RefField(place_ref, help_text=_("The place it lies in (a region, a country)."))
    names = serializers.SerializerMethodField()

    class Meta:
        model = Place
        fields = [
            "id",
            "url",
            "html_url",
            "name",
            "kind",
            "parent",
            "latitude",
            "longitude",
            "coordinate_precision",
            "names",
        ]

    @extend_schema_field(NameSerializer(many=True))
    def get_names(self, place):
        return names_of(getattr(place, "public_names", ()))


# Protests -------------------------------------------------------------------------------


class SloganSerializer(serializers.ModelSerializer):
    class Meta:
        model = Slogan
        fields = ["id", "kind", "text", "translation"]


class ParticipationSerializer(serializers.Serializer):
    person = RefField(person_ref)
    role = serializers.CharField()


class ProtestSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:protest-detail")
    html_url = HtmlUrlField()
    start = PartialDateOutField()
    end = PartialDateOutField()
    location = RefField(place_ref)
    target_organization = RefField(organization_ref)
    parent = RefField(protest_ref, help_text=_("The campaign it was part of, if public."))
    occasions = RefListField(
        listed_occasion_ref,
        source="public_occasions",
        help_text=_("What it was timed to or about: a state visit, a summit, an anniversary."),
    )
    slogans = SloganSerializer(source="public_slogans", many=True)
    participants = ParticipationSerializer(source="public_participations", many=True)

    class Meta:
        model = Protest
        fields = [
            "id",
            "url",
            "html_url",
            "title",
            "kind",
            "status",
            "start",
            "end",
            "place",
            "locality",
            "region",
            "country",
            "location",
            "latitude",
            "longitude",
            "coordinate_precision",
            "target",
            "target_organization",
            "demands",
            "crowd_low",
            "crowd_high",
            "crowd_as_reported",
            "detained_count",
            "description",
            "parent",
            "occasions",
            "slogans",
            "participants",
        ]


class OccasionSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:occasion-detail")
    html_url = HtmlUrlField()
    date = PartialDateOutField()
    protests = RefListField(
        listed_protest_ref, source="public_protests", help_text=_("The protests timed to it.")
    )

    class Meta:
        model = Occasion
        fields = ["id", "url", "html_url", "name", "kind", "date", "description", "protests"]


# Proceedings ----------------------------------------------------------------------------


class ChargeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Charge
        fields = ["id", "code", "article", "as_reported"]


class MeasureChangeSerializer(serializers.ModelSerializer):
    date = PartialDateOutField()
    new_end = PartialDateOutField()

    class Meta:
        model = MeasureChange
        fields = ["id", "kind", "date", "new_end", "new_kind", "place_as_reported", "note"]


class MeasureSerializer(serializers.ModelSerializer):
    start = PartialDateOutField()
    end = PartialDateOutField()
    place = RefField(place_ref)
    changes = MeasureChangeSerializer(source="public_changes", many=True)

    class Meta:
        model = PretrialMeasure
        fields = [
            "id",
            "kind",
            "start",
            "end",
            "as_reported",
            "circumstance",
            "place_as_reported",
            "place",
            "unnamed_count",
            "changes",
        ]


class HearingSerializer(serializers.ModelSerializer):
    date = PartialDateOutField()
    court = RefField(organization_ref)
    from_court = RefField(organization_ref)

    class Meta:
        model = Hearing
        fields = [
            "id",
            "kind",
            "date",
            "court",
            "court_as_reported",
            "from_court",
            "from_court_as_reported",
            "closed_to_public",
            "note",
        ]


class CourtRoleSerializer(serializers.ModelSerializer):
    person = RefField(person_ref)
    represents = RefField(person_ref)

    class Meta:
        model = CourtRole
        fields = ["id", "role", "person", "represents", "note"]


PENALTY_FIELDS = [
    "kind",
    "status",
    "amount_as_reported",
    "term_quantity",
    "term_unit",
    "term_days",
    "probation_quantity",
    "probation_unit",
    "probation_days",
    "probation_not_reported",
    "custody_credit_days",
    "custody_credit_ratio",
    "custody_credit_as_reported",
    "fine_amount",
    "fine_currency",
    "fine_kzt",
    "fine_usd_as_reported",
    "fine_amount_max",
    "fine_kzt_max",
    "fine_group_total",
    "unnamed_count",
]


class PenaltySerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:case-detail")
    ruling = serializers.IntegerField(source="ruling_id", allow_null=True)

    class Meta:
        model = Sentence
        fields = ["id", "url", "ruling", *PENALTY_FIELDS]


class RulingSerializer(serializers.ModelSerializer):
    date = PartialDateOutField()
    court = RefField(organization_ref)

    class Meta:
        model = Ruling
        fields = [
            "id",
            "date",
            "court_instance",
            "plea",
            "outcome",
            "summary",
            "court",
            "court_as_reported",
        ]


class ProceedingSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:proceeding-detail")
    html_url = HtmlUrlField()
    person = RefField(person_ref, help_text=_("The defendant; null for unnamed defendants."))
    court = RefField(organization_ref)
    opened = PartialDateOutField()
    protests = RefListField(listed_protest_ref, source="public_protests")
    charges = ChargeSerializer(source="public_charges", many=True)
    measures = MeasureSerializer(source="public_measures", many=True)
    hearings = HearingSerializer(source="public_hearings", many=True)
    court_roles = CourtRoleSerializer(source="public_court_roles", many=True)
    rulings = RulingSerializer(source="public_rulings", many=True)
    penalties = PenaltySerializer(source="public_sentences", many=True)

    class Meta:
        model = Proceeding
        fields = [
            "id",
            "url",
            "html_url",
            "person",
            "unnamed_defendants",
            "unnamed_defendants_precision",
            "kind",
            "country",
            "court",
            "court_as_reported",
            "case_number",
            "opened",
            "summary",
            "protests",
            "charges",
            "measures",
            "hearings",
            "court_roles",
            "rulings",
            "penalties",
        ]

    def to_representation(self, proceeding):
        protected = proceeding.person is not None and proceeding.person.is_protected
        for measure in getattr(proceeding, "public_measures", ()):
            for record in (measure, *measure.public_changes):
                rules.redact_record(record, protected)
        return super().to_representation(proceeding)


# Cases: the rows of the case list ---------------------------------------------------------


class CaseRulingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = PartialDateOutField()
    outcome = serializers.CharField()
    court = RefField(organization_ref)


class CaseChargeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Charge
        fields = ["id", "article", "as_reported"]


class CaseSerializer(serializers.ModelSerializer):
    """One row of the case list: a public sentence with its case, defendant and ruling."""

    url = ApiUrlField("api:case-detail")
    html_url = HtmlUrlField()
    defendant = RefField(
        person_ref, source="proceeding.person", help_text=_("Null for unnamed defendants.")
    )
    proceeding = RefField(proceeding_ref)
    case_kind = serializers.CharField(source="proceeding.kind")
    country = serializers.CharField(source="proceeding.country")
    court = RefField(organization_ref, source="proceeding.court")
    court_as_reported = serializers.CharField(source="proceeding.court_as_reported")
    ruling = CaseRulingSerializer(allow_null=True)
    charges = CaseChargeSerializer(source="proceeding.public_charges", many=True)
    protests = RefListField(listed_protest_ref, source="proceeding.public_protests")

    class Meta:
        model = Sentence
        fields = [
            "id",
            "url",
            "html_url",
            "defendant",
            "proceeding",
            "case_kind",
            "country",
            "court",
            "court_as_reported",
            "case_date_start",
            "case_date_end",
            "ruling",
            *PENALTY_FIELDS,
            "charges",
            "protests",
        ]


# Sources and citations --------------------------------------------------------------------


class SourceSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:source-detail")
    html_url = HtmlUrlField()
    article_url = serializers.URLField(source="url", help_text=_("The article as read."))
    published = PartialDateOutField()
    outlet_organization = RefField(organization_ref)
    citations_url = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "html_url",
            "outlet",
            "outlet_organization",
            "headline",
            "article_url",
            "archive_url",
            "published",
            "language",
            "author",
            "citations_url",
        ]

    def get_citations_url(self, source) -> str:
        path = reverse("api:citation-list") + f"?source={source.pk}"
        return self.context["request"].build_absolute_uri(path)


class CitedRecordSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_('The kind of record: "events.sentence", …'))
    id = serializers.IntegerField()
    field = serializers.CharField(help_text=_("The field cited; blank for the whole record."))


class CitationSerializer(serializers.ModelSerializer):
    """A public citation of a public record. Of a record that belongs to a protected
    person (``rules.withheld_quote``), the quote and everything quoted from it are null."""

    url = ApiUrlField("api:citation-detail")
    source = RefField(source_ref)
    record = serializers.SerializerMethodField()
    withheld = serializers.BooleanField(help_text=_("The quote is withheld to protect a person."))
    quote = serializers.CharField(allow_null=True)
    translation = serializers.CharField(allow_null=True)
    reported_value = serializers.CharField(allow_null=True)
    locator = serializers.CharField(allow_null=True)

    class Meta:
        model = Citation
        fields = [
            "id",
            "url",
            "source",
            "record",
            "quote",
            "translation",
            "locator",
            "reported_value",
            "confidence",
            "withheld",
        ]

    @extend_schema_field(CitedRecordSerializer)
    def get_record(self, citation):
        content_type = ContentType.objects.get_for_id(citation.content_type_id)  # cached
        return {
            "kind": f"{content_type.app_label}.{content_type.model}",
            "id": citation.object_id,
            "field": citation.field,
        }

    def to_representation(self, citation):
        data = super().to_representation(citation)
        if citation.withheld:
            for name in ("quote", "translation", "locator", "reported_value"):
                data[name] = None
        return data
