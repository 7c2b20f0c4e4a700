from django.urls import path

from kindred.meetings import views

app_name = "meetings"

urlpatterns = [
    path("<id:relationship_id>/meetings/propose/", views.propose, name="propose"),
    path("<id:relationship_id>/meetings/suggestions/", views.suggestions, name="suggestions"),
    path("<id:relationship_id>/meetings/<id:meeting_id>/confirm/", views.confirm, name="confirm"),
    path(
        "<id:relationship_id>/meetings/<id:meeting_id>/reschedule/",
        views.reschedule,
        name="reschedule",
    ),
    path("<id:relationship_id>/meetings/<id:meeting_id>/cancel/", views.cancel, name="cancel"),
    path("<id:relationship_id>/meetings/<id:meeting_id>/record/", views.record, name="record"),
    path("<id:relationship_id>/meetings/<id:meeting_id>/invite.ics", views.ics, name="ics"),
    path("<id:relationship_id>/meetings/<id:meeting_id>/notes/", views.notes, name="notes"),
    path(
        "<id:relationship_id>/meetings/<id:meeting_id>/notes/<id:note_id>/delete/",
        views.note_remove,
        name="note_remove",
    ),
]
