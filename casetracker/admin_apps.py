"""Django's admin app with the project's site (casetracker.admin_site) as ``admin.site``.

Kept out of casetracker/apps.py: a second AppConfig there would make Django guess which
one is the project app's.
"""

from django.contrib.admin.apps import AdminConfig


class CasetrackerAdminConfig(AdminConfig):
    default_site = "casetracker.admin_site.CasetrackerAdminSite"
