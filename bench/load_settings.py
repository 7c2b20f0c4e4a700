"""Kindred's own settings plus one bare view, for the load benchmark only."""

from kindred.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
