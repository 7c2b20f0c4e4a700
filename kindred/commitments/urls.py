from django.urls import path

from kindred.commitments import views

app_name = "commitments"

urlpatterns = [
    path("<id:relationship_id>/commitments/", views.add, name="add"),
    path("<id:relationship_id>/commitments/<id:commitment_id>/done/", views.done, name="done"),
    path("<id:relationship_id>/commitments/<id:commitment_id>/drop/", views.drop, name="drop"),
]
