"""Asking once before what cannot be undone.

An app names each question and writes its words once (`@question`). The
page's form carries `confirm=ask` and the question's words as data
attributes (`{% asks "name" subject %}`, kindred.lib.templatetags), so
kindred.js asks in a native <dialog> and posts `confirm=done`. Without
script, the view (`@asked_first`) answers `confirm=ask` with the same
question as a page whose button posts the same fields again, confirmed.
A client that posts no `confirm` field (the API, a script) is not asked:
it has said what it wants."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

ASK, DONE = "ask", "done"


@dataclass(frozen=True)
class Question:
    title: str  # "Publish 193 proposals?"
    text: str  # what will happen, in a sentence or two
    button: str  # the action in words: "Publish and e-mail 386 people"


Asker = Callable[[Any, str], Question | None]  # (subject, the choice posted) -> a question or None
_questions: dict[str, Asker] = {}


def question(name: str) -> Callable[[Asker], Asker]:
    def register(asker: Asker) -> Asker:
        _questions[name] = asker
        return asker

    return register


def ask(name: str, subject: Any, choice: str = "") -> Question | None:
    return _questions[name](subject, choice)


View = Callable[..., HttpResponse]


def asked_first(name: str, *, load: Callable[..., Any], choice: str = "") -> Callable[[View], View]:
    """Ask question `name` about what `load(request, **url_kwargs)` finds
    (with the viewer's access rules) before the view acts, when the form
    asks for it. `choice` names a posted field the question depends on."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and request.POST.get("confirm") == ASK:
                chosen = request.POST.get(choice, "") if choice else ""
                found = ask(name, load(request, *args, **kwargs), chosen)
                if found is not None:
                    return _question_page(request, found)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _question_page(request: HttpRequest, found: Question) -> HttpResponse:
    skipped = {"csrfmiddlewaretoken", "confirm"}
    fields = [(k, v) for k in request.POST if k not in skipped for v in request.POST.getlist(k)]
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    context = {"question": found, "fields": fields, "action": request.get_full_path(), "back": back}
    return render(request, "confirm.html", context)
