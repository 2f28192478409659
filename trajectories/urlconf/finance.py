from django.urls import path, re_path

from ..views import finance as views

urlpatterns = [
    path("<int:pk>/declaratie/", views.claim_detail, name="claim_detail"),
    path("financien/declaraties/", views.finance_claims, name="finance_claims"),
    path("financien/declaraties/<int:pk>/besluit/", views.finance_decide, name="finance_decide"),
    path("financien/betaalbestanden/", views.finance_batches, name="finance_batch_list"),
    path("financien/betaalbestanden/<int:pk>/betaald/", views.finance_mark_paid, name="finance_mark_paid"),
    re_path(r"^financien/betaalbestanden/(?P<pk>[0-9]+)/(?P<fmt>csv|xlsx|sepa)/$", views.finance_batch_download,
            name="finance_batch_download"),
]
