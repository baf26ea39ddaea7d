"""Root URLs: the public site and the researchers' admin."""

from django.contrib import admin
from django.urls import include, path

from casetracker import health, views
from casetracker.public_pages import public_page

urlpatterns = [
    path("", include("events.urls")),
    path("", include("feeds.urls")),
    path("sources/", include("sources.urls")),
    path("data/", include("releases.urls")),
    path("search/", public_page(views.search), name="search"),
    path("about/", views.about, name="about"),
    path("health/", health.health, name="health"),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
