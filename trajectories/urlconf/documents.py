"""URLs of the PDF downloads."""

from django.urls import path

from ..views import documents as views

urlpatterns = [
    path("<int:pk>/rapport.pdf", views.trajectory_report_pdf, name="trajectory_report_pdf"),
    path("<int:pk>/declaratie.pdf", views.claim_statement_pdf, name="claim_statement_pdf"),
]
