from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _ambassador_panel(request):
    from .contributions import with_uses
    from .selectors import own_practices  # not at module level: models are not ready when this module loads

    practices, uses = with_uses(own_practices(request.user), request.user)
    return {"practices": practices, "uses_template": uses and uses.list_template}


class AmbassadorsConfig(AppConfig):
    name = "ambassadors"
    verbose_name = _("Ambassadeursscholen en good practices")

    def ready(self):
        from lobmatch.pagecache import register_public_models
        from lobmatch.permissions import register_programme_models
        from lobmatch.start import StartPanel, register_panel

        register_programme_models(self.label)
        register_public_models(f"{self.label}.")  # the catalogue: every model of this app
        register_panel(StartPanel(order=20, roles=frozenset({"ambassador"}),
                                  template="ambassadors/start_panel.html", context=_ambassador_panel))
