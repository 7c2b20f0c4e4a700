"""Meeting notes: private to the author unless shared with the partner."""

from __future__ import annotations

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.lib.errors import InvalidInput, NotFound
from kindred.meetings.models import Meeting, Note
from kindred.meetings.rules import check_in_pair

# --- notes --------------------------------------------------------------------------

MAX_NOTE = 10_000


@transaction.atomic
def note_save(
    *,
    actor: User,
    meeting: Meeting,
    body: str,
    shared: bool,
    note_id: int | None = None,
) -> Note:
    """Write a new note on a meeting, or change your own."""
    check_in_pair(actor, meeting.relationship)
    body = body.replace("\x00", "").strip()
    if not 1 <= len(body) <= MAX_NOTE:
        raise InvalidInput.on(
            "body",
            _("Write a note of up to %(note)s characters.")
            % {"note": number_format(MAX_NOTE, force_grouping=True)},
        )
    if note_id is None:
        return Note.objects.create(meeting=meeting, author=actor, body=body, shared=shared)
    note = Note.objects.select_for_update().filter(pk=note_id, meeting=meeting).first()
    if note is None or note.author_id != actor.pk:
        raise NotFound(_("No such note."))  # another person's note does not exist for you
    note.body, note.shared = body, shared
    note.save()
    return note


@transaction.atomic
def note_delete(*, actor: User, meeting: Meeting, note_id: int) -> None:
    deleted = Note.objects.filter(pk=note_id, meeting=meeting, author=actor).delete()[0]
    if not deleted:
        raise NotFound(_("No such note."))
