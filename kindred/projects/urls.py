from django.urls import path

from kindred.projects import views

app_name = "projects"

urlpatterns = [
    path("relationships/<id:relationship_id>/projects/", views.projects, name="list"),
    path(
        "relationships/<id:relationship_id>/projects/<id:project_id>/",
        views.detail,
        name="detail",
    ),
    path(
        "relationships/<id:relationship_id>/projects/<id:project_id>/act/",
        views.act,
        name="act",
    ),
    path(
        "relationships/<id:relationship_id>/projects/<id:project_id>/files/<id:deliverable_id>/",
        views.download,
        name="download",
    ),
    path("programmes/<slug:slug>/showcase/", views.showcase, name="showcase"),
]
