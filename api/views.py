"""The read-only JSON API (``/api/v1/``): one viewset per kind of public record.

Every queryset comes from api.selectors (``Model.objects.public()``). The cases endpoint
filters with the case list's own FilterSet (events.filters.CaseFilter) over the case
list's own selector, in the same order, so the page, the CSV and the API never disagree.
Responses carry an ETag and answer If-None-Match with 304 (Django's ConditionalGet).

A page of a list is kept per generation of the public site (publishing.generation), as the
site's pages are: a publish, retract or amendment makes every kept page stale at once. The
rate limit has counted the request before (DRF runs its throttles first), so a kept page
is no way around it.
"""

import django_filters
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import conditional_page
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.response import Response

from api import selectors, serializers
from api.pagination import CaseCursorPagination, IdCursorPagination
from casetracker.middleware import PUBLIC_CSP
from events.filters import CaseFilter
from events.selectors import public_sentences
from publishing import generation
from sources.models import Citation


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = IdCursorPagination

    @classmethod
    def as_view(cls, *args, **kwargs):
        return conditional_page(super().as_view(*args, **kwargs))

    def list(self, request, *args, **kwargs):
        """The page's data, kept per generation under its address (host, path, query) and
        language (see the module)."""
        page = super().list
        key = f"api-list:{get_language()}:{request.build_absolute_uri()}"
        return Response(generation.remember(key, lambda: page(request, *args, **kwargs).data))


class CaseViewSet(PublicViewSet):
    """Cases: one row per public sentence, as in the case list and its CSV, with the same
    filters (``?kind=fine&kzt_min=100000``) and the same ``ordering``."""

    serializer_class = serializers.CaseSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseFilter
    pagination_class = CaseCursorPagination

    def get_queryset(self):
        # CaseFilter orders the rows (by ``ordering``, the page's default otherwise).
        return public_sentences()

    def filter_queryset(self, queryset):
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)


class PersonViewSet(PublicViewSet):
    """People, a protected person under the pseudonym only."""

    serializer_class = serializers.PersonSerializer

    def get_queryset(self):
        return selectors.api_people()


class OrganizationViewSet(PublicViewSet):
    serializer_class = serializers.OrganizationSerializer

    def get_queryset(self):
        return selectors.api_organizations()


class PlaceViewSet(PublicViewSet):
    serializer_class = serializers.PlaceSerializer

    def get_queryset(self):
        return selectors.api_places()


class ProtestViewSet(PublicViewSet):
    serializer_class = serializers.ProtestSerializer

    def get_queryset(self):
        return selectors.api_protests()


class OccasionViewSet(PublicViewSet):
    """Occasions protests were timed to or about: state visits, summits, anniversaries."""

    serializer_class = serializers.OccasionSerializer

    def get_queryset(self):
        return selectors.api_occasions()


class ProceedingViewSet(PublicViewSet):
    """Proceedings with their charges, measures, hearings, court roles, rulings and
    penalties."""

    serializer_class = serializers.ProceedingSerializer

    def get_queryset(self):
        return selectors.api_proceedings()


class SourceViewSet(PublicViewSet):
    serializer_class = serializers.SourceSerializer

    def get_queryset(self):
        return selectors.api_sources()


class CitationFilter(django_filters.FilterSet):
    source = django_filters.NumberFilter(
        field_name="source_id", min_value=1, max_value=2**63 - 1, help_text=_("A source's id.")
    )
    record_kind = django_filters.CharFilter(
        method="filter_record_kind", max_length=100, help_text=_('E.g. "events.sentence".')
    )
    record_id = django_filters.NumberFilter(
        field_name="object_id", min_value=1, max_value=2**63 - 1, help_text=_("The record's id.")
    )

    class Meta:
        model = Citation
        fields = []

    def filter_record_kind(self, queryset, name, value):
        app_label, _dot, model = value.lower().partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)


class CitationViewSet(PublicViewSet):
    """Citations of public records: the source, the quote, its translation, where in the
    source, how directly it states the fact, and the value it reports."""

    serializer_class = serializers.CitationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CitationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema: no query
            return Citation.objects.none()
        if self.action == "retrieve":
            return selectors.api_citation(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        return selectors.api_citations()


# The documentation page runs Swagger UI's scripts, served by the site (the sidecar
# package), and fetches the schema: same-origin scripts and requests only.
DOCS_CSP = PUBLIC_CSP.replace(
    "default-src 'none'", "default-src 'none'; script-src 'self'; connect-src 'self'"
)


@extend_schema(exclude=True)
class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response
