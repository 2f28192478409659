"""URLs of the staff dashboard and the reports rendered in the background with their progress."""

from django.urls import path, re_path

from ..views import dashboard as views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    re_path(r"^rapporten/tranche/(?P<pk>[0-9]+)/(?P<kind>tranche_overview|trajectory_zip)/$", views.report_request,
            name="report_request"),
    path("rapporten/<int:pk>/", views.report_status, name="report_status"),
    path("rapporten/<int:pk>/status.json", views.report_status_json, name="report_status_json"),
    path("rapporten/<int:pk>/download/", views.report_download, name="report_download"),
]
