from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "kindred.projects"
    label = "projects"
    verbose_name = "Projects"
