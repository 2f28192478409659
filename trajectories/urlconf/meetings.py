from django.urls import path

from ..views import meetings as views

urlpatterns = [
    path("adviseur/", views.adviser_list, name="adviser_list"),
    path("<int:pk>/", views.trajectory_detail, name="trajectory_detail"),
    path("bijeenkomst/<int:pk>/plannen/", views.meeting_schedule, name="meeting_schedule"),
    path("bijeenkomst/<int:pk>/verslag/", views.meeting_log, name="meeting_log"),
    path("bijeenkomst/<int:pk>/agenda.ics", views.meeting_ics_view, name="meeting_ics"),
    path("peiling/<str:token>/", views.pulse, name="pulse"),
]
