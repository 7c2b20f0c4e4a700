from django.urls import path

from kindred.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("outcomes/", views.across, name="across"),
    path("programmes/<slug:slug>/outcomes/", views.report, name="report"),
    path("programmes/<slug:slug>/outcomes.csv", views.export, name="export"),
    path("programmes/<slug:slug>/outcomes.pdf", views.report_pdf, name="pdf"),
    path("programmes/<slug:slug>/certificate.pdf", views.certificate, name="certificate"),
]
