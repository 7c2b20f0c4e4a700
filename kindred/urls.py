from django.contrib import admin
from django.urls import include, path, re_path

from kindred.api import api
from kindred.lib.views import api_not_found, healthz
from kindred.operations.views import metrics, readyz
from kindred.pages import views as page_views
from kindred.programs import views as programme_views

admin.site.site_header = "Kindred administration"

urlpatterns = [
    path("", page_views.home, name="home"),
    path("", include("kindred.identity.urls")),
    path("accounts/", include("kindred.accounts.urls")),
    path("programmes/", include("kindred.programs.urls")),
    path("invite/<str:token>/", programme_views.invitation, name="invitation"),
    path("invited/<str:token>/", programme_views.personal_invitation, name="personal_invitation"),
    path(
        "invite/<str:token>/confirm/<str:signed>/",
        programme_views.invitation_confirm,
        name="invitation_confirm",
    ),
    path("", include("kindred.profiles.urls")),
    path("", include("kindred.notifications.urls")),
    path("", include("kindred.matching.urls")),
    path("", include("kindred.pages.urls")),
    path("relationships/", include("kindred.relationships.urls")),
    path("", include("kindred.relationships.roster_urls")),
    path("relationships/", include("kindred.meetings.urls")),
    path("circles/", include("kindred.circles.urls")),
    path("office-hours/", include("kindred.officehours.urls")),
    path("calendars/", include("kindred.calendars.urls")),
    path("calendar-feed/", include("kindred.meetings.feed_urls")),
    path("relationships/", include("kindred.commitments.urls")),
    path("relationships/", include("kindred.messaging.urls")),
    path("", include("kindred.guides.urls")),
    path("", include("kindred.safety.urls")),
    path("", include("kindred.projects.urls")),
    path("", include("kindred.health.urls")),
    path("", include("kindred.outcomes.urls")),
    path("", include("kindred.practice.urls")),
    path("", include("kindred.audit.urls")),
    path("api/v1/", api.urls),
    # A path under the API that no operation has (a word where an id goes)
    # answers in the API's error shape, in debug mode as in production.
    re_path(r"^api/", api_not_found),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
]

handler404 = "kindred.lib.views.not_found"
handler500 = "kindred.lib.views.server_error"
