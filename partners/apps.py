from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _school_panel(request):
    from .selectors import applications_for

    return {"applications": applications_for(request.user).filter(created_by=request.user)}


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Aanmeldingen partnerscholen")

    def ready(self):
        from lobmatch.start import StartPanel, register_panel

        register_panel(StartPanel(order=10, roles=frozenset({"school_contact"}),
                                  template="partners/start_panel.html", context=_school_panel))
        from . import pdf  # noqa: F401 - registers the "application_pdf" mail attachment
