from django.urls import path

from kindred.matching import views

app_name = "matching"

urlpatterns = [
    path(
        "relationships/<id:relationship_id>/similarities/",
        views.similarities,
        name="similarities",
    ),
    path("programmes/<slug:slug>/matching/", views.manage, name="manage"),
    path("programmes/<slug:slug>/matching/start/", views.run_start, name="start"),
    path("programmes/<slug:slug>/suggestions/", views.suggestions, name="suggestions"),
    path("programmes/<slug:slug>/mentors/", views.mentor_directory, name="directory"),
    path("matching/runs/<id:run_id>/", views.run_detail, name="run"),
    path("matching/runs/<id:run_id>/status/", views.run_status, name="run_status"),
    path("matching/runs/<id:run_id>/rerun/", views.run_rerun, name="rerun"),
    path("matching/runs/<id:run_id>/publish/", views.run_publish, name="publish"),
    path("matching/proposals/<id:proposal_id>/pin/", views.proposal_pin, name="pin"),
    path("matching/proposals/<id:proposal_id>/remove/", views.proposal_remove, name="remove"),
    path("matching/proposals/<id:proposal_id>/swap/", views.proposal_swap, name="swap"),
    path("matches/", views.mine, name="mine"),
    path("matches/proposals/<id:proposal_id>/decide/", views.decide, name="decide"),
    path("matches/requests/<id:request_id>/respond/", views.request_respond, name="respond"),
    path("matches/requests/<id:request_id>/withdraw/", views.request_withdraw, name="withdraw"),
]
