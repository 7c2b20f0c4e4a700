from django.urls import path

from kindred.profiles import views

app_name = "profiles"

urlpatterns = [
    path("intake/", views.intake, name="intake"),
    path("intake/<slug:step>/", views.intake_step, name="intake_step"),
    path("profile/", views.my_profile, name="mine"),
    path("people/<id:person_id>/", views.person_profile, name="person"),
]
