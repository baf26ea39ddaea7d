"""The public page of a place: its names, the places it lies in and those inside it, the
protests held there and the cases heard in its courts.

The view lives with the chain it lists (a place knows nothing of protests: places is the
lower app). A place's page includes everything inside it: a region's page lists the
protests in its towns. It runs a constant number of queries however many rows it lists.
"""

from django.views.generic import DetailView

from casetracker.choices import NameOrigin
from casetracker.expressions import one_of
from casetracker.views import RetractedNoticeMixin
from events.models import (
    CASES_NEWEST_FIRST_KEY,
    PROTESTS_NEWEST_FIRST_KEY,
    Proceeding,
    Protest,
)
from places.models import Place, PlaceName
from places.selectors import public_place_tree
from publishing.rules import public_q
from publishing.texts import with_versions
from sources.selectors import attach_public_citations

# The newest protests and cases shown; the case list, filtered by the place, has them all.
PLACE_LIST_LIMIT = 100
# Newest first, as the indexes of public protests and cases hold them (undated last): a
# country's page reads its newest from there. Ordered by the dates' own columns, PostgreSQL
# joined and sorted every case heard in the country (100,000 at the benchmark's size,
# spilled to disk: 96 ms of SQL, growing with the data) to show a hundred.
NEWEST_PROTESTS = (PROTESTS_NEWEST_FIRST_KEY.desc(), "title", "pk")
NEWEST_CASES = (CASES_NEWEST_FIRST_KEY.desc(), "pk")


class PlaceDetailView(RetractedNoticeMixin, DetailView):
    template_name = "events/place_detail.html"
    context_object_name = "place"

    def get_queryset(self):
        return Place.objects.public().without_bookkeeping()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place = self.object
        tree = public_place_tree()
        within = tree.within(place.pk)
        names = list(
            PlaceName.objects.public().without_bookkeeping().filter(place=place).order_by("name")
        )
        protests = list(
            Protest.objects.public()
            .filter(one_of("location", within))
            .select_related("location")
            .only(*with_versions("title"), "start", "location__name")
            .order_by(*NEWEST_PROTESTS)[: PLACE_LIST_LIMIT + 1]
        )
        proceedings = list(
            Proceeding.objects.public()
            .filter(public_q("court__"), one_of("court__location", within))
            .select_related("person", "court", "court__location")
            .only(
                "kind",
                "opened",
                "unnamed_defendants",
                "unnamed_defendants_precision",
                "person__preferred_name",
                "person__pseudonym",
                "person__is_protected",
                "court__name",
                "court__location__name",
            )
            .order_by(*NEWEST_CASES)[: PLACE_LIST_LIMIT + 1]
        )
        attach_public_citations([place, *names])
        context.update(
            ancestors=[(pk, tree.name(pk)) for pk in tree.ancestors(place.pk)],
            inside=sorted(
                ((pk, tree.name(pk)) for pk in tree.children.get(place.pk, ())),
                key=lambda row: row[1],
            ),
            attested_names=[n for n in names if n.origin == NameOrigin.ATTESTED],
            researcher_names=[n for n in names if n.origin == NameOrigin.RESEARCHER],
            protests=protests[:PLACE_LIST_LIMIT],
            more_protests=len(protests) > PLACE_LIST_LIMIT,
            proceedings=proceedings[:PLACE_LIST_LIMIT],
            more_proceedings=len(proceedings) > PLACE_LIST_LIMIT,
            limit=PLACE_LIST_LIMIT,
        )
        return context
