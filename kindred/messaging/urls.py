from django.urls import path

from kindred.messaging import views

app_name = "messaging"

urlpatterns = [
    path("<id:relationship_id>/messages/", views.thread, name="thread"),
]
