"""Public source pages (being built)."""

from django.http import Http404
from django.views import View


class _NotYet(View):
    def get(self, request, *args, **kwargs):
        raise Http404("Not built yet.")


SourceListView = SourceDetailView = _NotYet
