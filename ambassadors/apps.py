from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _ambassador_panel(request):
    from .selectors import ambassador_schools_of, practices_editable_by

    schools = ambassador_schools_of(request.user)
    return {"practices": practices_editable_by(request.user).filter(ambassador__in=schools)}


class AmbassadorsConfig(AppConfig):
    name = "ambassadors"
    verbose_name = _("Ambassadeursscholen en good practices")

    def ready(self):
        from lobmatch.start import StartPanel, register_panel

        register_panel(StartPanel(order=20, roles=frozenset({"ambassador"}),
                                  template="ambassadors/start_panel.html", context=_ambassador_panel))
