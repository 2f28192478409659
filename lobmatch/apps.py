from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class LobmatchConfig(AppConfig):
    name = "lobmatch"
    verbose_name = _("Programma LOB Ambassadeurs")

    def ready(self):
        from .pagecache import changed
        from .permissions import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="lobmatch_sync_role_permissions")
        # Public pages are cached; what they show invalidates them when it changes (lobmatch.pagecache).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(changed, dispatch_uid=f"lobmatch_pagecache_{id(signal)}")
