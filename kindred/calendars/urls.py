from django.urls import path

from kindred.calendars import views

app_name = "calendars"

urlpatterns = [
    path("", views.calendars, name="list"),
    path("video-room/", views.personal_room, name="video_room"),
    path("<id:connection_id>/", views.edit, name="edit"),
    path("<id:connection_id>/refresh/", views.refresh, name="refresh"),
    path("<id:connection_id>/remove/", views.remove, name="remove"),
]
