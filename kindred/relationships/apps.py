from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "kindred.relationships"
    label = "relationships"
    verbose_name = "Relationships"
