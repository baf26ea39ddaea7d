from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("", views.SourceListView.as_view(), name="source_list"),
    path("<int:pk>/", views.SourceDetailView.as_view(), name="source_detail"),
]
