from django.urls import path

from kindred.profiles import views, vocabulary_views

app_name = "profiles"

urlpatterns = [
    path("intake/", views.intake, name="intake"),
    path("intake/done/", views.intake_done, name="intake_done"),
    path("intake/<slug:step>/", views.intake_step, name="intake_step"),
    path("profile/", views.my_profile, name="mine"),
    path("profile/time-off/", views.time_off, name="time_off"),
    path(
        "profile/time-off/<id:time_off_id>/remove/",
        views.time_off_remove,
        name="time_off_remove",
    ),
    path("people/<id:person_id>/", views.person_profile, name="person"),
    path("programmes/<slug:slug>/vocabulary/", vocabulary_views.topic_list, name="topics"),
    path(
        "programmes/<slug:slug>/vocabulary/<id:topic_id>/",
        vocabulary_views.topic_toggle,
        name="topic_toggle",
    ),
]
