from django.urls import path

from kindred.circles import views

app_name = "circles"

urlpatterns = [
    path("<id:circle_id>/", views.detail, name="detail"),
    path("<id:circle_id>/agreement/", views.agreement_edit, name="agreement"),
    path("<id:circle_id>/agreement/<id:agreement_id>/sign/", views.agreement_sign, name="sign"),
    path("<id:circle_id>/times/", views.suggestions, name="suggestions"),
    path("<id:circle_id>/meetings/", views.arrange, name="arrange"),
    path("<id:circle_id>/meetings/<id:meeting_id>/answer/", views.answer, name="answer"),
    path("<id:circle_id>/meetings/<id:meeting_id>/cancel/", views.cancel, name="cancel"),
    path("<id:circle_id>/meetings/<id:meeting_id>/record/", views.record, name="record"),
    path("<id:circle_id>/meetings/<id:meeting_id>/invite.ics", views.ics, name="ics"),
    path("<id:circle_id>/meetings/<id:meeting_id>/check-in/", views.checkin, name="checkin"),
    path("<id:circle_id>/meetings/<id:meeting_id>/notes/", views.notes, name="notes"),
    path("<id:circle_id>/messages/", views.post_message, name="message"),
    path("<id:circle_id>/concern/", views.concern, name="concern"),
    path("<id:circle_id>/commitments/", views.commit, name="commit"),
    path("<id:circle_id>/commitments/<id:commitment_id>/", views.settle, name="settle"),
    path("<id:circle_id>/rename/", views.rename, name="rename"),
    path("<id:circle_id>/leave/", views.leave, name="leave"),
    path("<id:circle_id>/end/", views.end, name="end"),
    path("<id:circle_id>/facilitators/", views.add_facilitator, name="add_facilitator"),
    path("<id:circle_id>/projects/", views.projects, name="projects"),
    path("<id:circle_id>/projects/<id:project_id>/", views.project, name="project"),
    path("<id:circle_id>/projects/<id:project_id>/act/", views.project_act, name="project_act"),
    path(
        "<id:circle_id>/projects/<id:project_id>/files/<id:deliverable_id>/",
        views.project_download,
        name="project_download",
    ),
    path("programme/<slug:slug>/", views.programme_circles, name="programme"),
]
