"""Video meeting links: which personal rooms Kindred accepts, and a Jitsi
room's address (with a signed token where the Jitsi server wants one)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.jwk import OctKey

from kindred.lib.errors import InvalidInput

# A personal room must be one of these services, over https: a link that
# only looks like one (zoom.us.evil.example) is refused.
PERSONAL_ROOM_HOSTS = {
    "zoom.us": "Zoom",
    "teams.microsoft.com": "Microsoft Teams",
    "teams.live.com": "Microsoft Teams",
    "meet.google.com": "Google Meet",
}


def personal_room_problem(url: str) -> str:
    """Why `url` cannot be a personal meeting room, or "" when it can."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        return _("Give the room's https:// link.")
    if not any(host == known or host.endswith("." + known) for known in PERSONAL_ROOM_HOSTS):
        return _("Give a Zoom, Microsoft Teams or Google Meet link.")
    if not parts.path.strip("/"):
        return _("Give your own room's link, not the service's home page.")
    return ""


def jitsi_room_url(
    base_url: str,
    room: str,
    *,
    app_id: str = "",
    secret: str = "",
    expires: dt.datetime | None = None,
) -> str:
    """The room on a Jitsi Meet server; with an app id and secret (a Jitsi
    secured with tokens) the link carries a signed token for that room
    alone, good until `expires`."""
    url = f"{base_url.rstrip('/')}/{quote(room)}"
    if not (app_id and secret and expires):
        return url
    host = urlsplit(base_url).hostname or ""
    claims = {
        "aud": "jitsi", "iss": app_id, "sub": host, "room": room,
        "exp": int(expires.timestamp()),
    }  # fmt: skip
    token = jwt.encode({"alg": "HS256", "typ": "JWT"}, claims, OctKey.import_key(secret))
    return f"{url}?jwt={token}"


VIDEO_LINK = URLValidator(schemes=["https"])


def check_video_link(link: str) -> None:
    """A join link goes into invitations and onto pages as a link: https
    only (no ftp:, no javascript:, no plain http)."""
    if not link:
        return
    try:
        VIDEO_LINK(link)
    except ValidationError as exc:
        raise InvalidInput.on(
            "video_link", _("Give a video link that starts with https://.")
        ) from exc
