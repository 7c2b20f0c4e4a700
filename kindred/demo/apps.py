from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kindred.demo"
    label = "demo"
    verbose_name = "Demo organisation"
