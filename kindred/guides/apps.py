from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "kindred.guides"
    label = "guides"
    verbose_name = "Guides"
