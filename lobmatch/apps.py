from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LobmatchConfig(AppConfig):
    name = "lobmatch"
    verbose_name = _("Programma LOB Ambassadeurs")

    def ready(self):
        from .permissions import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="lobmatch_sync_role_permissions")
