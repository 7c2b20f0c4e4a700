from django.apps import AppConfig


class PracticeConfig(AppConfig):
    """The pages where mentors practise: modules, the self-assessment, and
    their practice across relationships. What is required and recorded
    (modules, completions, assessments) is kindred.development, lower down."""

    name = "kindred.practice"
    label = "practice"
    verbose_name = "Mentor practice"
