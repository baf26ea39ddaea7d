"""The researchers' admin site: Django's, with pickers that label and rank their results
(casetracker.admin_pickers)."""

from django.contrib import admin

from casetracker.admin_pickers import PickerView


class CasetrackerAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return PickerView.as_view(admin_site=self)(request)
