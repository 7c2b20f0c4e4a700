"""Writes for programmes (`programmes`), invitations and enrolment
(`invitations`) and the people import (`roster`). Each service owns its
transaction; callers pass plain, validated values."""

from kindred.programs.selectors import invitation_sign_up_address, unique_programme_slug
from kindred.programs.services.hr_history import HistorySummary, hr_history_import
from kindred.programs.services.invitations import (
    email_invitation_join,
    email_invitation_opened,
    email_invitations_remind,
    email_invitations_send,
    email_invitations_send_imported,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    invitation_sign_up,
    invitation_sign_up_request,
    membership_enrol,
)
from kindred.programs.services.programmes import (
    PROGRAMME_FIELDS,
    programme_create,
    programme_translations_save,
    programme_update,
)
from kindred.programs.services.roster import QUERY_CHUNK, ImportSummary, people_import

__all__ = [
    "PROGRAMME_FIELDS",
    "QUERY_CHUNK",
    "HistorySummary",
    "ImportSummary",
    "email_invitation_join",
    "email_invitation_opened",
    "email_invitations_remind",
    "email_invitations_send",
    "email_invitations_send_imported",
    "hr_history_import",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "invitation_sign_up",
    "invitation_sign_up_address",
    "invitation_sign_up_request",
    "membership_enrol",
    "people_import",
    "programme_create",
    "programme_translations_save",
    "programme_update",
    "unique_programme_slug",
]
