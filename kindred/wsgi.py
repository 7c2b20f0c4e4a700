import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindred.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Do now, while the server starts (once, before gunicorn forks its
    processes), what Django and its cache otherwise do in the first request
    each process serves: import every view, fill the table that turns
    names into URLs, and import the cache's client. On the 2-core benchmark
    machine the first home page took 240 ms without this and 13 ms after.
    Nothing here connects to the database or the cache: a connection made
    before the fork would be shared by every process."""
    from django.core.cache import cache
    from django.urls import get_resolver, reverse

    get_resolver().url_patterns  # noqa: B018 (the import is the point)
    reverse("home")
    getattr(cache, "_cache", None)  # Redis: imports redis-py, connects later


_warm_up()
