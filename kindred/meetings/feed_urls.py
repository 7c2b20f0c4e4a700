from django.urls import path

from kindred.meetings import feed_views

app_name = "feed"

urlpatterns = [
    path("", feed_views.feed_page, name="page"),
    path("new/", feed_views.feed_make, name="make"),
    path("stop/", feed_views.feed_revoke, name="revoke"),
    path("<str:token>.ics", feed_views.feed_file, name="ics"),
]
