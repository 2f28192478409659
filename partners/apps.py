from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _school_panel(request):
    from .selectors import colleagues_applications, own_applications

    applications = list(own_applications(request.user).prefetch_related(None)[:10])
    # A draft a colleague's submitted application shuts out is not invited to be submitted.
    return {"applications": applications, "colleagues": colleagues_applications(applications)}


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partnerscholen")  # the section of the admin; its list of applications is "Aanmeldingen partnerscholen"

    def ready(self):
        from ambassadors.contributions import register_apply_button
        from lobmatch.permissions import register_programme_models
        from lobmatch.start import StartPanel, register_panel

        register_programme_models(self.label)
        register_apply_button("partners/apply_with_practice.html")
        register_panel(StartPanel(order=10, roles=frozenset({"school_contact"}),
                                  template="partners/start_panel.html", context=_school_panel))
        from . import pdf  # noqa: F401 - registers the "application_pdf" mail attachment
