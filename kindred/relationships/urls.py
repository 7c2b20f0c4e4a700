from django.urls import path

from kindred.relationships import views

app_name = "relationships"

urlpatterns = [
    path("<id:relationship_id>/agreement/", views.agreement_edit, name="agreement"),
    path(
        "<id:relationship_id>/agreement/<id:agreement_id>/sign/",
        views.agreement_sign,
        name="sign",
    ),
    path("<id:relationship_id>/status/", views.change_status, name="status"),
    path("<id:relationship_id>/objectives/", views.objectives, name="objectives"),
    path("<id:relationship_id>/close-out/", views.close_out, name="close_out"),
    path(
        "<id:relationship_id>/objectives/<id:objective_id>/progress/",
        views.objective_progress,
        name="objective_progress",
    ),
    path(
        "<id:relationship_id>/objectives/<id:objective_id>/rating/",
        views.objective_rating,
        name="objective_rating",
    ),
]
