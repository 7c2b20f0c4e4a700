from django.urls import path

from kindred.safety import views

app_name = "safety"

urlpatterns = [
    path(
        "relationships/<id:relationship_id>/meetings/<id:meeting_id>/check-in/",
        views.check_in,
        name="check_in",
    ),
    path("relationships/<id:relationship_id>/concern/", views.report, name="report"),
    path("safety/reports/", views.mine, name="mine"),
    path("safety/boundaries/", views.guidance, name="guidance"),
    path("programmes/<slug:slug>/cases/", views.cases, name="cases"),
    path("cases/<id:report_id>/", views.case, name="case"),
    path("cases/<id:report_id>/update/", views.case_update, name="case_update"),
]
