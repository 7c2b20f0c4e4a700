from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "kindred.profiles"
    label = "profiles"
    verbose_name = "Deep-level profiles"
