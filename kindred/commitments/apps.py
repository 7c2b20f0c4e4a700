from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "kindred.commitments"
    label = "commitments"
    verbose_name = "Commitments"
