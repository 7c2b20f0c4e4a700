from django.urls import path

from kindred.notifications import views

app_name = "notifications"

urlpatterns = [
    path("profile/email/", views.preferences, name="preferences"),
]
