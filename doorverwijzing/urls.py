from django.urls import path

from . import views

urlpatterns = [
    path("", views.doorverwijzing_lijst, name="doorverwijzing_lijst"),
    path("nieuw/<int:gezin>/", views.doorverwijzing_nieuw, name="doorverwijzing_nieuw"),
    path("<int:pk>/", views.doorverwijzing_detail, name="doorverwijzing_detail"),
    path(
        "<int:pk>/<slug:actie>/",
        views.doorverwijzing_actie,
        name="doorverwijzing_actie",
    ),
    path("<int:pk>/brief.pdf", views.doorverwijzing_brief, name="doorverwijzing_brief"),
]
