"""The researchers' admin site: Django's, with pickers that label and rank their results
(casetracker.admin_pickers) and the spreadsheet import (imports.views)."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from casetracker.admin_pickers import PickerView


class CasetrackerAdminSite(admin.AdminSite):
    # The names researchers see in the header and the browser's tab: the project's, in
    # their language, not Django's ("Django administration").
    site_header = _("Casetracker administration")
    site_title = _("Casetracker site admin")

    def autocomplete_view(self, request):
        return PickerView.as_view(admin_site=self)(request)

    def get_urls(self):
        from imports import views  # the import reads every app's models: load it late

        def bound(view):
            return self.admin_view(lambda request, **kwargs: view(self, request, **kwargs))

        return [
            path("import/", bound(views.import_view), name="import_cases"),
            path(
                "import/template.<str:extension>",
                bound(views.template_view),
                name="import_template",
            ),
            *super().get_urls(),
        ]
