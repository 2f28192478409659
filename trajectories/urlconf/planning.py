from django.urls import path

from ..views import planning

urlpatterns = [
    path("bijeenkomst/<int:pk>/peiling/", planning.poll_create, name="poll_create"),
    path("bijeenkomst/<int:pk>/plannen/", planning.meeting_schedule, name="meeting_schedule"),
    path("bijeenkomst/<int:pk>/annuleren/", planning.meeting_cancel, name="meeting_cancel"),
    path("peiling/beschikbaarheid/<int:pk>/", planning.poll_detail, name="poll_detail"),
    path("peiling/beschikbaarheid/<int:pk>/kiezen/", planning.poll_choose, name="poll_choose"),
    path("peiling/beschikbaarheid/<int:pk>/stoppen/", planning.poll_stop, name="poll_stop"),
    path("planning/<str:token>/", planning.poll_answer, name="poll_answer"),
    path("agenda/", planning.my_feed, name="my_feed"),
    path("agenda/<str:token>.ics", planning.feed, name="feed"),
]
