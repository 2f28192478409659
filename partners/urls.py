from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.application_form, name="start"),
    path("mijn/", views.my_applications, name="my_applications"),
    path("scholen/", views.school_search, name="school_search"),
    path("<int:pk>/bewerken/", views.application_form, name="edit"),
    path("<int:pk>/", views.status, name="status"),
    path("<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("<int:pk>/bevestiging.pdf", views.application_pdf, name="application_pdf"),
]
