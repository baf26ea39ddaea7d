"""Root URLs: the public site and the researchers' admin.

The pages people read (and the admin) are in each interface language: English at the
addresses of before, Russian under /ru/, Kazakh under /kk/ (casetracker/language.py). What
machines read (the API, feeds, the data releases' files, /health/) has one address, in
English; the page that lists the releases is read by people (/ru/data/).
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from casetracker import health, language, views
from casetracker.public_pages import public_page
from releases.views import data_page

urlpatterns = [
    path("", include("feeds.urls")),
    path("data/", include("releases.urls")),
    path("health/", health.health, name="health"),
    path("api/", include("api.urls")),
    path("language/<str:code>/", language.switch_language, name="switch_language"),
    *i18n_patterns(
        path("", include("events.urls")),
        path("sources/", include("sources.urls")),
        path("search/", public_page(views.search), name="search"),
        path("about/", views.about, name="about"),
        path("data/", data_page, name="data"),
        path("admin/", admin.site.urls),
        prefix_default_language=False,
    ),
]
