from django.urls import path

from kindred.health import views

app_name = "health"

urlpatterns = [
    path("programmes/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("programmes/<slug:slug>/at-risk/", views.at_risk, name="at_risk"),
    path("programmes/<slug:slug>/relationships.csv", views.export, name="export"),
    path("relationships/<id:relationship_id>/survey/", views.survey, name="survey"),
]
