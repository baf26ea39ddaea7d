"""Public views of cases, protests and proceedings (being built)."""

from django.http import Http404
from django.views import View


class _NotYet(View):
    def get(self, request, *args, **kwargs):
        raise Http404("Not built yet.")


CaseListView = ProtestListView = ProtestDetailView = ProceedingDetailView = _NotYet


def case_csv(request):
    raise Http404("Not built yet.")
