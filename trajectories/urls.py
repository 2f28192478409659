"""Trajectory URLs, one module per area, all in the ``trajectories`` namespace."""

from django.urls import include, path

app_name = "trajectories"

urlpatterns = [
    path("", include("trajectories.urlconf.matching")),
    path("", include("trajectories.urlconf.meetings")),
    path("", include("trajectories.urlconf.planning")),
    path("", include("trajectories.urlconf.finance")),
    path("", include("trajectories.urlconf.documents")),
    path("", include("trajectories.urlconf.dashboard")),
]
