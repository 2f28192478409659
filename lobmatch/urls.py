from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import views
from .i18n import set_language

# The site's titles and look: lobmatch.admin_site.
# The admin login goes through allauth: rate-limited and second-factor protected.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("good-practices/", include("ambassadors.urls")),
    path("aanmelden/", include("partners.urls")),
    path("trajecten/", include("trajectories.urls")),
]

handler400 = "lobmatch.views.error_400"
handler403 = "lobmatch.views.error_403"
handler404 = "lobmatch.views.error_404"
handler500 = "lobmatch.views.error_500"
