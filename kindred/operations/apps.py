from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "kindred.operations"
    label = "operations"
    verbose_name = "Operations"
