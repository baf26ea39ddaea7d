from django.urls import path

from releases import views

app_name = "releases"

urlpatterns = [
    path("<str:name>", views.download, name="download"),
]
