from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _ambassador_panel(request):
    # Imported here, not at module level: the trajectories app (whose selectors this uses) builds on this one.
    from .selectors import practices_with_trajectories

    return {"practices": practices_with_trajectories(request.user)}


class AmbassadorsConfig(AppConfig):
    name = "ambassadors"
    verbose_name = _("Ambassadeursscholen en good practices")

    def ready(self):
        from lobmatch.start import StartPanel, register_panel

        register_panel(StartPanel(order=20, roles=frozenset({"ambassador"}),
                                  template="ambassadors/start_panel.html", context=_ambassador_panel))
