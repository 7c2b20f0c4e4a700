from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "kindred.safety"
    label = "safety"
    verbose_name = "Safety"
