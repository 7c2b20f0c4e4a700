from __future__ import annotations

from django import template

from kindred.matching.review import strength

register = template.Library()
register.filter("strength", strength)
