from django.urls import path

from casetracker.public_pages import public_page
from sources import views

app_name = "sources"

urlpatterns = [
    path("", public_page(views.SourceListView.as_view()), name="source_list"),
    path("<int:pk>/", public_page(views.SourceDetailView.as_view()), name="source_detail"),
]
