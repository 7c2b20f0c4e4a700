"""The sign-in page's "Sign in with …" buttons. accounts sits below
identity and cannot import it; its sign-in template loads this tag."""

from __future__ import annotations

from typing import Any

from django import template

from kindred.identity.selectors import providers_offered

register = template.Library()


@register.inclusion_tag("identity/_sign_in_options.html", takes_context=True)
def sign_in_options(context: template.Context) -> dict[str, Any]:
    return {"providers": list(providers_offered()), "next": context.get("next", "")}
