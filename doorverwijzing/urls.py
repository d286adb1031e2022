from django.urls import include, path

from . import toeleiding_views, views

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
    path("toeleidingen/", toeleiding_views.toeleiding_lijst, name="toeleiding_lijst"),
    path(
        "toeleidingen/nieuw/<int:gezin>/",
        toeleiding_views.toeleiding_nieuw,
        name="toeleiding_nieuw",
    ),
    path(
        "toeleidingen/<int:pk>/uitkomst/",
        toeleiding_views.toeleiding_uitkomst,
        name="toeleiding_uitkomst",
    ),
    path("import/", include("doorverwijzing.import_urls")),
]
