"""Django's makemessages, also finding the words kept as Phrases
(kindred.lib.phrases): `phrase("...")` and `phrases("one", "many", n)`
are marked for the catalogues like gettext and ngettext."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=phrase",
        "--keyword=phrases:1,2",
    ]
