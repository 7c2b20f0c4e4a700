from django.urls import path

from kindred.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<slug:slug>/edit/", views.programme_edit, name="edit"),
    path("<slug:slug>/languages/", views.programme_languages, name="languages"),
    path(
        "<slug:slug>/languages/<str:language>/",
        views.programme_translations,
        name="translations",
    ),
    path("<slug:slug>/participants/", views.participant_list, name="participants"),
    path("<slug:slug>/import/", views.people_import, name="import"),
    path("<slug:slug>/invitations/email/", views.email_invite, name="email_invite"),
    path("<slug:slug>/invitations/", views.invitation_list, name="invitations"),
    path(
        "<slug:slug>/invitations/<id:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
