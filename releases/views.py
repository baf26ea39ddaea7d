"""The data page: the releases of the whole public data set, the latest first."""

import re

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render

from releases.build import RELEASE_PREFIX, releases

RELEASE_NAME = re.compile(rf"^{re.escape(RELEASE_PREFIX)}\d{{4}}-\d{{2}}-\d{{2}}\.zip$")


def data_page(request):
    found = [
        {"name": path.name, "size": path.stat().st_size, "date": path.stem[len(RELEASE_PREFIX) :]}
        for path in releases()
    ]
    return render(
        request,
        "releases/data.html",
        {"releases": found, "latest": found[0] if found else None},
    )


def download(request, name):
    """A release zip, by its exact name only (nothing else in the directory is served)."""
    if not RELEASE_NAME.match(name):
        raise Http404("No such release.")
    path = settings.CASETRACKER_RELEASES_DIR / name
    if not path.is_file():
        raise Http404("No such release.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)
