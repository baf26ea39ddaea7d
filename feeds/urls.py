"""Atom feeds of the case list, a person, an organization (a court) and a protest."""

from django.urls import path

from feeds.feeds import CaseListFeed, OrganizationFeed, PersonFeed, ProtestFeed

app_name = "feeds"

urlpatterns = [
    path("cases.atom", CaseListFeed(), name="cases"),
    path("people/<int:pk>/feed.atom", PersonFeed(), name="person"),
    path("organizations/<int:pk>/feed.atom", OrganizationFeed(), name="organization"),
    path("protests/<int:pk>/feed.atom", ProtestFeed(), name="protest"),
]
