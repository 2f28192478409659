"""URLs of the reports area: PDF downloads, background reports with their progress, and the staff dashboard."""

from django.urls import path, re_path

from ..views import reports as views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/rapport.pdf", views.trajectory_report_pdf, name="trajectory_report_pdf"),
    path("<int:pk>/declaratie.pdf", views.claim_statement_pdf, name="claim_statement_pdf"),
    re_path(r"^rapporten/tranche/(?P<pk>[0-9]+)/(?P<kind>tranche_overview|trajectory_zip)/$", views.report_request,
            name="report_request"),
    path("rapporten/<int:pk>/", views.report_status, name="report_status"),
    path("rapporten/<int:pk>/status.json", views.report_status_json, name="report_status_json"),
    path("rapporten/<int:pk>/download/", views.report_download, name="report_download"),
]
