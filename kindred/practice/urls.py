from django.urls import path

from kindred.practice import views

app_name = "practice"

urlpatterns = [
    path("develop/", views.home, name="home"),
    path("develop/modules/<slug:key>/", views.module, name="module"),
    path("develop/modules/<slug:key>/done/", views.module_done, name="module_done"),
    path("develop/self-assessment/", views.self_assessment, name="self_assessment"),
    path("develop/self-assessment/new/", views.self_assessment_new, name="self_assessment_new"),
    path("develop/practice/", views.practice, name="practice"),
    path("programmes/<slug:slug>/modules/", views.programme_modules, name="programme_modules"),
]
