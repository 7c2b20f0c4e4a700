from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from kindred.accounts.models import User
from kindred.lib.confirm import Question, asked_first, question
from kindred.lib.errors import DomainError, InvalidInput, NotFound
from kindred.lib.forms import saved
from kindred.lib.http import authenticated_user, invitation_download, is_htmx, posted
from kindred.lib.ids import parse_id
from kindred.lib.markdown import render as render_markdown
from kindred.lib.timezones import short_when
from kindred.meetings import invitations, services, times
from kindred.meetings.forms import (
    CancelForm,
    NoteForm,
    ProposeForm,
    RecordForm,
    minutes_from,
    start_from,
)
from kindred.meetings.models import Meeting, Note
from kindred.meetings.notes import note_delete, note_save
from kindred.meetings.selectors import meeting_in_pair, notes_for
from kindred.relationships.models import Relationship
from kindred.relationships.policies import require_pair_member
from kindred.relationships.selectors import (
    partner_of,
    relationship_for_pair,
    relationship_for_viewer,
)


def _meeting(request: HttpRequest, relationship_id: int, meeting_id: int) -> Meeting:
    user = authenticated_user(request)
    relationship = relationship_for_viewer(user, relationship_id)
    meeting = Meeting.objects.filter(relationship=relationship, pk=meeting_id).first()
    if meeting is None:
        raise NotFound(_("No such meeting."))
    # Managers see meetings on the page, but only the pair acts on them.
    require_pair_member(user, relationship, _("arrange its meetings"))
    return meeting


def _back(relationship_id: int) -> HttpResponse:
    return redirect("pages:relationship_section", relationship_id=relationship_id, name="meetings")


def _report(request: HttpRequest, meeting: Meeting, done: str) -> None:
    messages.success(request, done)
    for warning in meeting.soft_warnings:
        messages.warning(request, _("Note: %(warning)s.") % {"warning": warning})


@login_required
@require_POST
def propose(request: HttpRequest, relationship_id: int) -> HttpResponse:
    user = authenticated_user(request)
    relationship = relationship_for_viewer(user, relationship_id)
    require_pair_member(user, relationship, _("arrange its meetings"))
    start = start_from(request.POST, user.timezone)
    form = ProposeForm(request.POST)
    form.is_valid()  # a suggested slot sends only some fields; the rest default sensibly
    minutes = form.cleaned_data.get("minutes") or minutes_from(request.POST)
    try:
        if form.cleaned_data.get("repeat"):
            series = services.series_create(
                actor=user,
                relationship=relationship,
                first_start=start,
                minutes=minutes,
                count=form.cleaned_data.get("count") or 6,
                zone=user.timezone,
            )
            flagged = series.occurrences.exclude(needs_new_time="").count()
            said = _("Proposed %(count)s meetings.") % {"count": series.count}
            if flagged:
                said += " " + ngettext(
                    "%(count)s clashes and needs another time.",
                    "%(count)s clash and need another time.",
                    flagged,
                ) % {"count": flagged}
            messages.success(request, said)
            return _back(relationship.pk)
        meeting = services.meeting_propose(
            actor=user, relationship=relationship, start=start, minutes=minutes, zone=user.timezone
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        _report(
            request, meeting, _("Proposed. Your partner confirms, and you both get an invitation.")
        )
    return _back(relationship.pk)


@login_required
@require_safe
def suggestions(request: HttpRequest, relationship_id: int) -> HttpResponse:
    """Times that suit both people, worked out when the pair asks for them
    rather than on every visit to the relationship page (they were a fifth
    of its time). HTMX puts the list into the page; without JavaScript it
    is a page of its own."""
    user = authenticated_user(request)
    relationship = relationship_for_viewer(user, relationship_id, with_profiles=True)
    require_pair_member(user, relationship, _("arrange its meetings"))
    partner = partner_of(user, relationship)
    mine, theirs = zoneinfo.ZoneInfo(user.timezone), zoneinfo.ZoneInfo(partner.timezone)
    active = relationship.status == Relationship.Status.ACTIVE
    slots = times.suggestions(relationship, now=timezone.now(), reload=False) if active else []
    context = {
        "relationship": relationship,
        "partner": partner,
        "active": active,
        "slots": [
            (
                slot,
                slot.start.astimezone(mine),
                slot.start.astimezone(theirs),
                (slot.end - slot.start).seconds // 60,
            )
            for slot in slots
        ],
    }
    part = "#slots" if is_htmx(request) else ""
    return render(request, "meetings/suggestions.html" + part, context)


@login_required
@require_POST
def confirm(request: HttpRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, relationship_id, meeting_id)
    try:
        services.meeting_confirm(actor=authenticated_user(request), meeting=meeting)
        messages.success(request, _("Confirmed."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(relationship_id)


@login_required
@require_POST
def reschedule(request: HttpRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    user = authenticated_user(request)
    meeting = _meeting(request, relationship_id, meeting_id)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Give the new date and time."))
    start = start_from(request.POST, user.timezone)
    try:
        moved = services.meeting_reschedule(
            actor=user, meeting=meeting, start=start, minutes=form.cleaned_data["minutes"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        _report(request, moved, _("Moved. Your partner confirms the new time."))
    return _back(relationship_id)


@question("cancel-meeting")
def cancel_question(meeting: Meeting, choice: str) -> Question:
    when = short_when(meeting.start, timezone.get_current_timezone_name())
    late = meeting.late_if_cancelled_at(timezone.now())
    return Question(
        _("Cancel the meeting on %(when)s?") % {"when": when},
        (
            _("It is less than %(hours)s hours away, so it counts as a late cancellation. ")
            % {"hours": Meeting.LATE_CANCELLATION_HOURS}
            if late
            else ""
        )
        + _("You both get a cancellation for your calendars."),
        _("Cancel the meeting (late)") if late else _("Cancel the meeting"),
    )


@login_required
@require_POST
@asked_first("cancel-meeting", load=_meeting)
def cancel(request: HttpRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, relationship_id, meeting_id)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.meeting_cancel(actor=authenticated_user(request), meeting=meeting, reason=reason)
        messages.success(request, _("Cancelled; you both get a cancellation for your calendars."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(relationship_id)


@login_required
@require_POST
def record(request: HttpRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, relationship_id, meeting_id)
    form = RecordForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Say whether you met."))
    people = {p.pk: p for p in (meeting.relationship.mentor, meeting.relationship.mentee)}
    try:
        services.meeting_record(
            actor=authenticated_user(request),
            meeting=meeting,
            held=form.cleaned_data["outcome"] == "held",
            absent=people.get(form.cleaned_data["absent"] or 0),
            late=people.get(form.cleaned_data["late"] or 0),
        )
        messages.success(request, _("Recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(relationship_id)


@login_required
def ics(request: HttpRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, relationship_id, meeting_id)
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "REQUEST"
    return invitation_download(
        invitations.invitation(meeting, method=method, now=timezone.now()), method
    )


@login_required
def notes(request: HttpRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    """Your notes on a meeting and the ones your partner shared with you."""
    user = authenticated_user(request)
    relationship = relationship_for_pair(user, relationship_id)
    meeting = meeting_in_pair(user, relationship, meeting_id)
    editing = _editing(request, user, meeting)
    form = NoteForm(
        posted(request),
        initial={"body": editing.body, "shared": editing.shared} if editing else None,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: note_save(
                actor=user,
                meeting=meeting,
                body=form.cleaned_data["body"],
                shared=form.cleaned_data["shared"],
                note_id=editing.pk if editing else None,
            ),
        )
    ):
        messages.success(request, _("Saved."))
        return redirect(request.path)
    local = meeting.start.astimezone(zoneinfo.ZoneInfo(user.timezone))
    shown = [(note, render_markdown(note.body)) for note in notes_for(user, meeting)]
    return render(
        request,
        "meetings/notes.html",
        {
            "relationship": relationship,
            "meeting": meeting,
            "local": local,
            "notes": shown,
            "form": form,
            "editing": editing,
        },
    )


def _editing(request: HttpRequest, user: User, meeting: Meeting) -> Note | None:
    note_id = request.GET.get("note", "")
    if not note_id:
        return None
    note = Note.objects.filter(pk=parse_id(note_id) or 0, meeting=meeting, author=user)
    found = note.first()
    if found is None:
        raise NotFound(_("No such note."))
    return found


@question("delete-note")
def note_question(note: object, choice: str) -> Question:
    return Question(
        _("Delete this note?"), _("It is deleted for good; it cannot be recovered."), _("Delete")
    )


def _note(request: HttpRequest, relationship_id: int, meeting_id: int, note_id: int) -> int:
    """The question names no one; the view itself checks the note is the
    person's own."""
    _meeting(request, relationship_id, meeting_id)
    return note_id


@login_required
@require_POST
@asked_first("delete-note", load=_note)
def note_remove(
    request: HttpRequest, relationship_id: int, meeting_id: int, note_id: int
) -> HttpResponse:
    user = authenticated_user(request)
    relationship = relationship_for_pair(user, relationship_id)
    meeting = meeting_in_pair(user, relationship, meeting_id)
    note_delete(actor=user, meeting=meeting, note_id=note_id)
    messages.success(request, _("Deleted."))
    return redirect("meetings:notes", relationship_id=relationship.pk, meeting_id=meeting.pk)
