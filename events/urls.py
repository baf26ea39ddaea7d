"""Public pages of the chain: cases (sentences), protests, proceedings, people,
organizations, places."""

from django.urls import path

from casetracker.public_pages import public_headers, public_page
from events import browse_views, person_views, place_views, views

app_name = "events"

urlpatterns = [
    path("", public_page(views.CaseListView.as_view()), name="case_list"),
    path("filters/", public_page(views.CaseFiltersView.as_view()), name="case_filters"),
    path("filters/show/", views.case_filters_apply, name="case_filters_apply"),
    path("cases.csv", public_headers(views.case_csv), name="case_csv"),
    path("protests/", public_page(views.ProtestListView.as_view()), name="protest_list"),
    path(
        "protests/<int:pk>/", public_page(views.ProtestDetailView.as_view()), name="protest_detail"
    ),
    path(
        "protests/<int:pk>/chronology/",
        public_page(views.ProtestChronologyView.as_view()),
        name="protest_chronology",
    ),
    path(
        "occasions/<int:pk>/",
        public_page(views.OccasionDetailView.as_view()),
        name="occasion_detail",
    ),
    path(
        "proceedings/<int:pk>/",
        public_page(views.ProceedingDetailView.as_view()),
        name="proceeding_detail",
    ),
    path("people/", public_page(browse_views.PersonListView.as_view()), name="person_list"),
    path(
        "people/<int:pk>/",
        public_page(person_views.PersonDetailView.as_view()),
        name="person_detail",
    ),
    path(
        "organizations/",
        public_page(browse_views.OrganizationListView.as_view()),
        name="organization_list",
    ),
    path("places/", public_page(browse_views.PlaceListView.as_view()), name="place_list"),
    path(
        "places/<int:pk>/", public_page(place_views.PlaceDetailView.as_view()), name="place_detail"
    ),
    path(
        "organizations/<int:pk>/",
        public_page(person_views.OrganizationDetailView.as_view()),
        name="organization_detail",
    ),
]
