"""The programme's notes on development modules on its languages page
(kindred.lib.programme_texts)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kindred.development.models import ProgrammeModule
from kindred.development.modules import BY_KEY
from kindred.development.services import NOTE_LIMIT, module_note_translations_save
from kindred.lib.programme_texts import Text, texts_from
from kindred.programs.models import Programme


@texts_from("module", save=module_note_translations_save)
def module_note_texts(programme: Programme) -> list[Text]:
    notes = ProgrammeModule.objects.filter(programme=programme).exclude(note="")
    return [
        Text(
            key=f"module-{note.module}",
            label=_("The note on the module “%(skill)s”") % {"skill": BY_KEY[note.module].skill},
            original=note.note,
            translations=note.note_translations,
            max_length=NOTE_LIMIT,
        )
        for note in notes
        if note.module in BY_KEY
    ]
