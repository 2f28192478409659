from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LobmatchConfig(AppConfig):
    name = "lobmatch"
    verbose_name = _("Programma LOB Ambassadeurs")
