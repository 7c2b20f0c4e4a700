from django.urls import path

from kindred.pages import views

app_name = "pages"

urlpatterns = [
    path("programmes/<slug:slug>/", views.programme, name="programme"),
    path("relationships/<id:relationship_id>/", views.relationship, name="relationship"),
    path(
        "relationships/<id:relationship_id>/sections/<slug:name>/",
        views.relationship_section,
        name="relationship_section",
    ),
    path(
        "relationships/<id:relationship_id>/panels/<slug:name>/",
        views.relationship_panel,
        name="relationship_panel",
    ),
]
