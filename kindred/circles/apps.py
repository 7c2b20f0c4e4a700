from django.apps import AppConfig


class CirclesConfig(AppConfig):
    name = "kindred.circles"
    label = "circles"
    verbose_name = "Mentoring circles"

    def ready(self) -> None:
        # Its meetings are engagements a pair's bookings must not clash with
        # (kindred.meetings.engagements). Panels, messages and personal data
        # are found by the apps that read them.
        from kindred.circles import receivers  # noqa: F401
        from kindred.circles.projects import circle_names
        from kindred.projects.teams import provide_circle_names

        provide_circle_names(circle_names)
