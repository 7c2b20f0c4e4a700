"""Typed messages: one small class per kind of e-mail Kindred sends.

A message holds only what identifies its news (ids, times, counts, a
method), never a name or an address: those are read when it is rendered.
So the outbox can keep the kind and its parameters beside the text, and
re-render a message after someone in it is erased instead of editing words
in other people's e-mails.

Each kind's words live in one template, `<app>/email/<name>.txt`, rendered
without HTML escaping (it is plain text): its first line is the subject,
the rest the body. The HTML part is that text laid out by
`notifications/email.html`. Header fields are cleaned where the outbox
queues the row, whatever the template produced."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypedDict, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template import Engine
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from kindred.accounts.models import User

T = TypeVar("T")


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    link: str = ""  # the page the news is about, where the in-app item opens


_kinds: dict[str, type[Message]] = {}


class Message:
    """Subclass as a frozen dataclass with `kind` and `template`; fields are
    ints, strings, booleans or aware datetimes."""

    kind: ClassVar[str]
    template: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kind = cls.__dict__.get("kind")
        if kind is None:
            return
        known = _kinds.get(kind, cls)
        if (known.__module__, known.__qualname__) != (cls.__module__, cls.__qualname__):
            raise ImproperlyConfigured(f"Two messages are of kind {kind!r}.")
        _kinds[kind] = cls

    def context(self, recipient: User | None) -> dict[str, object]:
        """What the template needs, read now (names included)."""
        return {}

    def named(self) -> tuple[int, ...]:
        """The people whose names or addresses the rendered text shows."""
        return ()

    def params(self) -> dict[str, object]:
        return {
            field.name: _encode(getattr(self, field.name))
            for field in dataclasses.fields(self)  # type: ignore[arg-type]
        }

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Self:
        hints = typing.get_type_hints(cls)
        return cls(**{name: _decode(value, hints.get(name)) for name, value in params.items()})

    def language_for(self, recipient: User | None) -> str:
        """The language the message is written in: the recipient's."""
        return language_of(recipient)

    def render(self, recipient: User | None) -> Rendered:
        """In the recipient's language, whatever the sender reads Kindred in."""
        with translation.override(self.language_for(recipient)):
            context = {"recipient": recipient, **self.context(recipient)}
            return render_text(self.template, context)


def language_of(recipient: User | None) -> str:
    return getattr(recipient, "language", "") or settings.LANGUAGE_CODE


def in_each_language(people: Iterable[User], build: Callable[[], T]) -> dict[int, T]:
    """`build()` in each person's language, worked out once per language:
    two people who read Kindred in two languages each get their own."""
    made: dict[str, T] = {}
    for language in {language_of(person) for person in people}:
        with translation.override(language):
            made[language] = build()
    return {person.pk: made[language_of(person)] for person in people}


class CalendarWords(TypedDict):
    join_label: str
    join_prefix: str
    language: str


def calendar_words() -> CalendarWords:
    """What a calendar file writes itself (the calendar engine knows no
    language), in the active language, and that language's tag."""
    return CalendarWords(
        join_label=translation.gettext("Join the meeting"),
        join_prefix=translation.gettext("Join"),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def render_text(template: str, context: dict[str, object]) -> Rendered:
    """Subject and body from a text template (first line, then the rest),
    and the HTML laid out from them."""
    written = _text_engine().get_template(template).render(_context(context))
    subject, _, body = written.strip().partition("\n")
    body = body.strip()
    html = render_to_string("notifications/email.html", {"subject": subject, "body": body})
    link = str(context.get("link") or "")
    return Rendered(subject=subject.strip(), text=body, html=html, link=link)


def message_of(kind: str, params: dict[str, Any]) -> Message | None:
    """The typed message an outbox row was queued from (None for rows from
    before messages were typed, or a kind that no longer exists)."""
    cls = _kinds.get(kind)
    if cls is None or not params:
        return None
    return cls.from_params(params)


@functools.cache
def _text_engine() -> Engine:
    return Engine(app_dirs=True, autoescape=False, builtins=["django.templatetags.i18n"])


def _context(values: dict[str, object]) -> Any:
    from django.template import Context

    return Context(values, autoescape=False)


def _encode(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.datetime) else value


def _decode(value: object, hint: object) -> object:
    if hint is dt.datetime and isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    return value
