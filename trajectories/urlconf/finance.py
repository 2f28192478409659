from django.urls import path, re_path

from ..views import finance, meetings

urlpatterns = [
    path("financien/declaraties/", finance.finance_claims, name="finance_claims"),
    path("financien/declaraties/<int:pk>/besluit/", finance.finance_decide, name="finance_decide"),
    path("financien/bijeenkomst/<int:pk>/correctie/", meetings.meeting_correct, name="meeting_correct"),
    path("financien/betaalbestanden/", finance.finance_batches, name="finance_batch_list"),
    path("financien/betaalbestanden/nieuw/", finance.finance_batch_preview, name="finance_batch_preview"),
    path("financien/betaalbestanden/<int:pk>/", finance.finance_batch_detail, name="finance_batch_detail"),
    path("financien/betaalbestanden/<int:pk>/betaald/", finance.finance_mark_paid, name="finance_mark_paid"),
    path("financien/betaalbestanden/<int:pk>/terugboeking/<int:claim_pk>/", finance.finance_record_return,
         name="finance_record_return"),
    path("financien/betaalbestanden/<int:pk>/opnieuw-overgemaakt/<int:return_pk>/", finance.finance_record_repayment,
         name="finance_record_repayment"),
    re_path(r"^financien/betaalbestanden/(?P<pk>[0-9]+)/(?P<fmt>csv|xlsx|sepa)/$", finance.finance_batch_download,
            name="finance_batch_download"),
]
