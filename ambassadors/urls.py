from django.urls import path

from . import views

app_name = "ambassadors"

urlpatterns = [
    path("", views.practice_list, name="practice_list"),
    path("mijn/", views.my_practices, name="my_practices"),
    path("nieuw/", views.practice_create, name="practice_create"),
    path("school/<int:pk>/", views.school_detail, name="school_detail"),
    path("materiaal/<int:pk>/", views.material_download, name="material_download"),
    path("materiaal/<int:pk>/verwijderen/", views.material_remove, name="material_remove"),
    path("<slug:slug>/", views.practice_detail, name="practice_detail"),
    path("<slug:slug>/bewerken/", views.practice_edit, name="practice_edit"),
    path("<slug:slug>/aanbieden/", views.practice_submit, name="practice_submit"),
    path("<slug:slug>/materiaal/", views.material_upload, name="material_upload"),
    path("<slug:slug>/verwijderen/", views.practice_delete, name="practice_delete"),
]
