"""gunicorn settings for `make serve`: production settings, sized for a 2-core machine."""

import multiprocessing
import os

bind = os.environ.get("CASETRACKER_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 120
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", None)
errorlog = "-"
wsgi_app = "casetracker.wsgi:application"
# The application is loaded once, in the master, before the workers are forked: each worker
# starts with it loaded (its URLs and views too: casetracker.wsgi) instead of loading it
# on its first request, and shares its memory until it writes to it.
preload_app = True
