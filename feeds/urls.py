"""Atom feeds of the case list, a person, an organization (a court) and a protest."""

from django.urls import path

from casetracker.public_pages import public_page
from feeds.feeds import CaseListFeed, OrganizationFeed, PersonFeed, ProtestFeed

app_name = "feeds"

urlpatterns = [
    path("cases.atom", public_page(CaseListFeed()), name="cases"),
    path("people/<int:pk>/feed.atom", public_page(PersonFeed()), name="person"),
    path("organizations/<int:pk>/feed.atom", public_page(OrganizationFeed()), name="organization"),
    path("protests/<int:pk>/feed.atom", public_page(ProtestFeed()), name="protest"),
]
