"""Site-wide pages: the about page and the header search."""

from django.http import HttpResponse
from django.views.generic import TemplateView

about = TemplateView.as_view(template_name="about.html")


def search(request):
    return HttpResponse("Search is being built.", content_type="text/plain")
