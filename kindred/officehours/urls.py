from django.urls import path

from kindred.officehours import views

app_name = "officehours"

urlpatterns = [
    path("", views.index, name="index"),
    path("publish/", views.publish, name="publish"),
    path("hours/<id:hours_id>/", views.hours, name="hours"),
    path("hours/<id:hours_id>/book/", views.book, name="book"),
    path("hours/<id:hours_id>/end/", views.end, name="end"),
    path("bookings/<id:booking_id>/", views.booking, name="booking"),
    path("bookings/<id:booking_id>/cancel/", views.cancel, name="cancel"),
    path("bookings/<id:booking_id>/record/", views.record, name="record"),
    path("bookings/<id:booking_id>/check-in/", views.checkin, name="checkin"),
    path("bookings/<id:booking_id>/continue/", views.go_on, name="continue"),
    path("bookings/<id:booking_id>/invite.ics", views.ics, name="ics"),
]
