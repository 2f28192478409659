from django.http import Http404
from django.urls import path


def pending(request, **kwargs):  # replaced by the real views of this area
    raise Http404


urlpatterns = [path("adviseur/", pending, name="adviser_list")]
