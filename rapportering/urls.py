from django.urls import path

from . import views

urlpatterns = [
    path("", views.rapporten, name="rapporten"),
    path("aanvragen/", views.rapport_aanvragen, name="rapport_aanvragen"),
    path("<int:pk>/status/", views.rapport_status, name="rapport_status"),
    path("<int:pk>/indienen/", views.rapport_indienen, name="rapport_indienen"),
    path("<int:pk>.<slug:formaat>", views.rapport_download, name="rapport_download"),
    path("cijfers/", views.dashboard_view, name="dashboard"),
    path("leveringen/", views.leveringen, name="leveringen"),
    path("leveringen/importeren/", views.leveringen_importeren, name="leveringen_importeren"),
]
