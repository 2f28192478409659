from django.http import Http404
from django.urls import path

app_name = "ambassadors"


def pending(request, **kwargs):  # replaced by the catalogue views
    raise Http404


urlpatterns = [
    path("", pending, name="practice_list"),
    path("mijn/", pending, name="my_practices"),
    path("<slug:slug>/", pending, name="practice_detail"),
]
