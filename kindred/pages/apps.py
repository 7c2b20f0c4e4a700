from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class PagesConfig(AppConfig):
    """The composite pages (the relationship workspace, the home, the
    programme page), drawn from the panels each app declares."""

    name = "kindred.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self) -> None:
        # Each app's panels.py registers its panels (kindred.lib.panels).
        autodiscover_modules("panels")
        # Each app's texts.py declares what a programme wrote in it, for
        # the programme's languages page (kindred.lib.programme_texts).
        autodiscover_modules("texts")
        from kindred.pages import home

        home.watch_what_the_home_shows()
