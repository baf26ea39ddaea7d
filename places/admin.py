"""Admin for places: a place is entered on one page with every spelling of its name.

Protests, organizations (a court's city) and people (home town) pick a place by
autocomplete, which finds it by any spelling in any script (casetracker.admin_search).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from casetracker.admin_pickers import joined
from casetracker.admin_search import SearchKeyMixin
from publishing.admin import RecordAdmin, RecordInline
from sources.admin_inlines import CitationInline

from .models import Place, PlaceName

EDITORIAL = (_("Editorial"), {"fields": ["publication_status", "internal_notes"]})


class PlaceNameInline(RecordInline):
    model = PlaceName
    fields = ["name", "script", "origin", "note", "publication_status"]
    extra = 3
    show_change_link = True


@admin.register(Place)
class PlaceAdmin(SearchKeyMixin, RecordAdmin):
    list_display = ["name", "kind", "parent", "publication_status"]
    list_filter = ["kind", "publication_status"]
    list_select_related = ["parent"]
    search_fields = ["name", "names__name", "search_key", "names__search_key"]
    search_key_fields = ("search_key", "names__search_key")
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "parent"]}),
        (_("Coordinates"), {"fields": [("latitude", "longitude", "coordinate_precision")]}),
        EDITORIAL,
    ]
    inlines = [PlaceNameInline, CitationInline]
    picker_related = ("parent",)

    def picker_label(self, place):
        return joined(place.name, place.get_kind_display(), place.parent)


@admin.register(PlaceName)
class PlaceNameAdmin(SearchKeyMixin, RecordAdmin):
    list_display = ["name", "place", "script", "origin", "search_key", "publication_status"]
    list_filter = ["script", "origin", "publication_status"]
    list_select_related = ["place"]
    search_fields = ["name", "search_key", "place__name", "note"]
    search_key_fields = ("search_key",)
    autocomplete_fields = ["place"]
    fields = ["place", "name", "script", "origin", "note", "publication_status", "internal_notes"]
    inlines = [CitationInline]
