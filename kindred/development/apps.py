from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "kindred.development"
    label = "development"
    verbose_name = "Mentor development"
