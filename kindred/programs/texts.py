"""The programme's own texts on its languages page (kindred.lib.programme_texts)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from kindred.lib.programme_texts import Text, texts_from
from kindred.programs.models import Programme
from kindred.programs.services import programme_translations_save
from kindred.programs.services.programmes import PROGRAMME_TEXT_LIMITS

LABELS = {
    "description": gettext_lazy("The programme's description"),
    "goals": gettext_lazy("The programme's goals"),
    "invitation_note": gettext_lazy("The note to the people you invite"),
}


@texts_from("programme", save=programme_translations_save)
def programme_texts(programme: Programme) -> list[Text]:
    return [
        Text(
            key=f"programme-{field}",
            label=label,
            original=getattr(programme, field),
            translations={
                code: given.get(field, "") for code, given in programme.translations.items()
            },
            max_length=PROGRAMME_TEXT_LIMITS[f"programme-{field}"],
        )
        for field, label in LABELS.items()
        if getattr(programme, field)
    ]
