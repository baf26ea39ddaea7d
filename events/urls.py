"""Public pages of the chain: cases (sentences), protests, proceedings, people,
organizations, places."""

from django.urls import path

from events import browse_views, person_views, place_views, views

app_name = "events"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case_list"),
    path("cases.csv", views.case_csv, name="case_csv"),
    path("protests/", views.ProtestListView.as_view(), name="protest_list"),
    path("protests/<int:pk>/", views.ProtestDetailView.as_view(), name="protest_detail"),
    path(
        "protests/<int:pk>/chronology/",
        views.ProtestChronologyView.as_view(),
        name="protest_chronology",
    ),
    path("occasions/<int:pk>/", views.OccasionDetailView.as_view(), name="occasion_detail"),
    path("proceedings/<int:pk>/", views.ProceedingDetailView.as_view(), name="proceeding_detail"),
    path("people/", browse_views.PersonListView.as_view(), name="person_list"),
    path("people/<int:pk>/", person_views.PersonDetailView.as_view(), name="person_detail"),
    path("organizations/", browse_views.OrganizationListView.as_view(), name="organization_list"),
    path("places/", browse_views.PlaceListView.as_view(), name="place_list"),
    path("places/<int:pk>/", place_views.PlaceDetailView.as_view(), name="place_detail"),
    path(
        "organizations/<int:pk>/",
        person_views.OrganizationDetailView.as_view(),
        name="organization_detail",
    ),
]
