from django.apps import AppConfig


class OfficeHoursConfig(AppConfig):
    name = "kindred.officehours"
    label = "officehours"
    verbose_name = "Office hours"

    def ready(self) -> None:
        # Booked conversations are engagements a pair's or a circle's
        # bookings must not clash with (kindred.meetings.engagements).
        from kindred.officehours import receivers  # noqa: F401
