from django.urls import path

from kindred.guides import views

app_name = "guides"

urlpatterns = [
    path("relationships/<id:relationship_id>/guide/", views.guide, name="guide"),
    path(
        "relationships/<id:relationship_id>/guide/questions/<id:question_id>/",
        views.record,
        name="record",
    ),
    path("programmes/<slug:slug>/questions/", views.bank, name="bank"),
    path("programmes/<slug:slug>/questions/<id:question_id>/", views.edit, name="edit"),
]
