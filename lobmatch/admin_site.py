"""The programme's admin site: Django's, titled for the programme, without the navigation sidebar.

Installed as ``lobmatch.admin_site.AdminConfig`` in place of ``django.contrib.admin``, so ``admin.site`` and
``@admin.register`` are this site (Django's way to replace the default site).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy as _


class AdminSite(admin.AdminSite):
    site_header = _("LOB-match – beheer")
    site_title = "LOB-match"
    index_title = _("Programma LOB Ambassadeurs")
    # The model list beside every page takes 300 px: at 1280 px the lists lose their last columns. The admin home
    # lists the models; the breadcrumbs lead back there.
    enable_nav_sidebar = False

    def each_context(self, request):
        """Django's context of every admin page (the same keys), except that the sidebar's model list is left empty:
        the sidebar is off, and building that list checks the rights on every registered model, about 2.5 ms of a
        25 ms changelist on every admin page. The admin home and an app's page build the list they show."""
        script_name = request.META["SCRIPT_NAME"]
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": script_name if self.site_url == "/" and script_name else self.site_url,
            "has_permission": self.has_permission(request),
            "available_apps": [],
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
        }


class AdminConfig(DjangoAdminConfig):
    default_site = "lobmatch.admin_site.AdminSite"
