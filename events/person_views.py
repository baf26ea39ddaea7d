"""Public person and organization pages (being built)."""

from events.views import _NotYet

PersonDetailView = OrganizationDetailView = _NotYet
