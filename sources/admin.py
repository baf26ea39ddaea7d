"""Admin for sources and citations.

A source is entered once (its URL is unique) and then picked by autocomplete in the
citations inline of every fact. A cited source cannot be deleted: the database protects
it, and the delete pages say why and list the citations that hold it.
"""

from django.contrib import admin
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from casetracker.admin_pickers import date_words, joined
from casetracker.expressions import count_of
from publishing.admin import RecordAdmin, RecordInline

from .models import Citation, Source


class CitedByInline(RecordInline):
    """What cites this source: read-only, so a researcher sees what depends on it."""

    model = Citation
    fields = ["content_type", "object_id", "supports", "quote"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("cited by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("content_type", "source")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("supports"))
    def supports(self, citation):
        # The field in words, in the researcher's language: "fine_amount" read as code.
        return citation.field_words() or gettext("the whole record")


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    # Explicit, because Meta.ordering is ignored once the count adds a GROUP BY.
    ordering = Source._meta.ordering
    list_display = [
        "headline",
        "outlet",
        "published",
        "language",
        "citation_count",
        "publication_status",
    ]
    list_filter = ["publication_status", "language", "published_precision", "outlet"]
    # By date too ("2019-09"), as the case screen's sources panel promises.
    search_fields = ["headline", "outlet", "url", "author", "copy_read", "published"]
    date_hierarchy = "published_start"
    autocomplete_fields = ["outlet_organization"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["outlet", "outlet_organization", "headline", "url", "author"]}),
        (_("Date"), {"fields": ["published", "date_note"]}),
        (_("Copy read"), {"fields": ["language", "copy_read", "archive_url", "accessed_on"]}),
        (_("Editorial"), {"fields": ["publication_status", "internal_notes"]}),
    ]
    inlines = [CitedByInline]

    def picker_label(self, source):
        return joined(
            source.outlet, date_words(source.published, gettext("no date")), source.headline
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(citation_count=count_of(Citation.objects, "source"))
        )

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, source):
        return source.citation_count

    def protected_message(self, protected) -> str:
        return ngettext(
            "A cited source cannot be deleted: %(count)d citation relies on it as the evidence "
            "for a fact. Delete those citations or point them at another source first; they "
            "are listed below.",
            "A cited source cannot be deleted: %(count)d citations rely on it as the evidence "
            "for a fact. Delete those citations or point them at another source first; they "
            "are listed below.",
            len(protected),
        ) % {"count": len(protected)}


@admin.register(Citation)
class CitationAdmin(RecordAdmin):
    list_display = [
        "excerpt",
        "source",
        "cited_record",
        "field",
        "reported_value",
        "confidence",
        "publication_status",
    ]
    list_filter = [
        "confidence",
        "publication_status",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "source__outlet",
    ]
    list_select_related = ["source", "content_type"]
    search_fields = [
        "quote",
        "translation",
        "reported_value",
        "source__headline",
        "source__outlet",
    ]
    autocomplete_fields = ["source"]
    fieldsets = [
        (None, {"fields": ["source", "quote", "translation", "locator", "confidence"]}),
        (
            _("What it supports"),
            {
                "fields": ["content_type", "object_id", "field", "reported_value"],
                "description": _("Usually set from the record's own page, in its citations."),
            },
        ),
        (_("Editorial"), {"fields": ["publication_status", "internal_notes"]}),
    ]

    @admin.display(description=_("quote"), ordering="quote")
    def excerpt(self, citation):
        return Truncator(citation.quote).chars(80)

    @admin.display(description=_("record"), ordering="content_type")
    def cited_record(self, citation):
        # A link built from the content type alone: loading every cited record would cost
        # one query per row.
        ct = citation.content_type
        label = f"{ct.name} #{citation.object_id}"
        try:
            url = reverse(f"admin:{ct.app_label}_{ct.model}_change", args=[citation.object_id])
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)
