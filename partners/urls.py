from django.http import Http404
from django.urls import path

app_name = "partners"


def pending(request, **kwargs):  # replaced by the application views
    raise Http404


urlpatterns = [
    path("", pending, name="start"),
    path("mijn/", pending, name="my_applications"),
]
