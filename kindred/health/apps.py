from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "kindred.health"
    label = "health"
    verbose_name = "Health"
