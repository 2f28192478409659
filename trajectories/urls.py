from django.http import Http404
from django.urls import path

app_name = "trajectories"


def pending(request, **kwargs):  # replaced by the trajectory views
    raise Http404


urlpatterns = [
    path("adviseur/", pending, name="adviser_list"),
    path("dashboard/", pending, name="dashboard"),
    path("financien/declaraties/", pending, name="finance_claims"),
]
