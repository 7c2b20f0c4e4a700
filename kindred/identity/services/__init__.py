"""Writes for identity: providers and single sign-on (`sign_in`), leavers
and returners (`leavers`), SCIM people and tokens (`provisioning`), and
directory groups (`groups`). Each service owns its transaction."""

from kindred.identity.services.groups import (
    scim_group_create,
    scim_group_delete,
    scim_group_map,
    scim_group_update,
)
from kindred.identity.services.leavers import LEFT_ORGANISATION, person_leave, person_return
from kindred.identity.services.provisioning import (
    SCIM_TOKEN_PREFIX,
    scim_token_create,
    scim_token_revoke,
    scim_user_create,
    scim_user_delete,
    scim_user_update,
    welcome_made_accounts,
)
from kindred.identity.services.roster import (
    RosterPreview,
    RosterResult,
    roster_confirm,
    roster_preview,
    roster_sync_configure,
    roster_sync_run,
    roster_upload,
)
from kindred.identity.services.sign_in import provider_delete, provider_save, sso_sign_in

__all__ = [
    "LEFT_ORGANISATION",
    "SCIM_TOKEN_PREFIX",
    "RosterPreview",
    "RosterResult",
    "person_leave",
    "person_return",
    "provider_delete",
    "provider_save",
    "roster_confirm",
    "roster_preview",
    "roster_sync_configure",
    "roster_sync_run",
    "roster_upload",
    "scim_group_create",
    "scim_group_delete",
    "scim_group_map",
    "scim_group_update",
    "scim_token_create",
    "scim_token_revoke",
    "scim_user_create",
    "scim_user_delete",
    "scim_user_update",
    "sso_sign_in",
    "welcome_made_accounts",
]
