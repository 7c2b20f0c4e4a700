"""Framework-free calendar invitations (RFC 5545 / RFC 6047)."""

from kindred.engines.calendar.invite import Attendee, Invite, Recurrence, build_feed, build_ics

__all__ = ["Attendee", "Invite", "Recurrence", "build_feed", "build_ics"]
