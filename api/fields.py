"""Fields the API's serializers share: links, partial dates and references to records.

Every link is absolute: ``url`` to the record in the API, ``html_url`` to its public page.
A reference to another record shows only what its public page would (a protected person
under the pseudonym, ``publishing.rules.public_name``).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casetracker.partial_dates import parse_or_none
from publishing import rules


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The record's address in the API (``api:<view_name>`` with its id)."""

    def __init__(self, view_name: str, **kwargs):
        self.view_name = view_name
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute(self.context["request"], reverse(self.view_name, args=[value.pk]))


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field):
    """The record's public page."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute(self.context["request"], value.get_absolute_url())


class PartialDateSerializer(serializers.Serializer):
    """A date known to the year, month or day (or a range): as written and as a range."""

    value = serializers.CharField(help_text=_('As recorded: "2025", "2025-07", "2025-07-14".'))
    start = serializers.DateField(allow_null=True, help_text=_("The first day it can mean."))
    end = serializers.DateField(allow_null=True, help_text=_("The last day it can mean."))
    precision = serializers.CharField(help_text=_("year, month or day."))


@extend_schema_field(PartialDateSerializer(allow_null=True))
class PartialDateOutField(serializers.Field):
    """A PartialDateField as {value, start, end, precision}, or null when not reported."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        parsed = parse_or_none(value)
        if parsed is None:
            return None
        return {
            "value": str(value),
            "start": parsed.start.isoformat() if parsed.start else None,
            "end": parsed.end.isoformat() if parsed.end else None,
            "precision": parsed.precision,
        }


class RefSerializer(serializers.Serializer):
    """A link to another public record: its id, API address, page and name."""

    id = serializers.IntegerField()
    url = serializers.URLField(allow_null=True, help_text=_("In the API (null: no endpoint)."))
    html_url = serializers.URLField()
    name = serializers.CharField()


def ref(request, record, view_name: str | None, name: str) -> dict:
    return {
        "id": record.pk,
        "url": absolute(request, reverse(view_name, args=[record.pk])) if view_name else None,
        "html_url": absolute(request, record.get_absolute_url()),
        "name": name,
    }


def public_ref(request, record, view_name: str | None, name_of=str) -> dict | None:
    """A reference to ``record`` when the public may see it (else null): for links that
    are not parents, such as a proceeding's court (``publishing.rules.shows_publicly``)."""
    if not rules.shows_publicly(record):
        return None
    return ref(request, record, view_name, name_of(record))


def person_ref(request, person) -> dict | None:
    """A person under the name the public sees (the pseudonym of a protected person)."""
    if person is None:
        return None
    return ref(request, person, "api:person-detail", rules.public_name(person))


@extend_schema_field(RefSerializer(allow_null=True))
class RefField(serializers.Field):
    """A reference built by ``build(request, value)``; null when it returns None."""

    def __init__(self, build, **kwargs):
        self.build = build
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.build(self.context["request"], value)

    def get_attribute(self, instance):
        # A null foreign key gives None, which DRF would skip: build decides.
        try:
            return super().get_attribute(instance)
        except AttributeError:
            return None


@extend_schema_field(RefSerializer(many=True))
class RefListField(RefField):
    def to_representation(self, value):
        request = self.context["request"]
        return [item for item in (self.build(request, v) for v in value) if item is not None]
