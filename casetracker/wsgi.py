"""WSGI entry point; production servers set DJANGO_SETTINGS_MODULE=casetracker.settings.prod."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings.prod")

application = get_wsgi_application()

# What a server process would otherwise load on its first request, loaded now: every
# app's URLs and views and the index ``reverse`` reads (0.34 s of a worker's first
# request). gunicorn loads this module once in its master (``preload_app``), so its
# workers start with them. Nothing here opens a connection to the database or the cache.
reverse("health")
