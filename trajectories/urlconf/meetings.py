from django.urls import path

from ..views import claims, meetings, pulse

urlpatterns = [
    path("adviseur/", meetings.adviser_list, name="adviser_list"),
    path("<int:pk>/", meetings.trajectory_detail, name="trajectory_detail"),
    path("<int:pk>/resultaat/", meetings.trajectory_outcome, name="trajectory_outcome"),
    path("<int:pk>/implementatieplan/", meetings.outcome_plan, name="outcome_plan"),
    path("bijeenkomst/<int:pk>/verslag/", meetings.meeting_log, name="meeting_log"),
    path("bijeenkomst/<int:pk>/agenda.ics", meetings.meeting_ics_view, name="meeting_ics"),
    path("peiling/<str:token>/", pulse.pulse, name="pulse"),
    path("<int:pk>/declaratie/", claims.claim_detail, name="claim_detail"),
    path("<int:pk>/declaratie/indienen/", claims.claim_submit, name="claim_submit"),
    path("<int:pk>/declaratie.csv", claims.claim_csv, name="claim_csv"),
]
