from django.urls import path

from kindred.notifications import views

app_name = "notifications"

urlpatterns = [
    path("profile/email/", views.preferences, name="preferences"),
    path("notifications/", views.centre, name="centre"),
    path("notifications/read/", views.read_all, name="read_all"),
    path("notifications/<id:notification_id>/", views.detail, name="detail"),
    path("notifications/<id:notification_id>/open/", views.open_item, name="open"),
]
