"""The participants list's role change, at the programme's address (the
rule it keeps, no role change inside a running pair, is relationships')."""

from django.urls import path

from kindred.relationships import views

app_name = "roster"

urlpatterns = [
    path(
        "programmes/<slug:slug>/participants/<id:membership_id>/role/",
        views.participant_role,
        name="role",
    ),
]
