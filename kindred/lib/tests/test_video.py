"""Personal rooms are Zoom, Teams or Meet links over https, and nothing that
only looks like one; a Jitsi room's token is signed for that room alone."""

from __future__ import annotations

import datetime as dt

import pytest
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import OctKey

from kindred.lib.video import jitsi_room_url, personal_room_problem


@pytest.mark.parametrize(
    "url",
    [
        "https://us02web.zoom.us/j/81234567890?pwd=abc",
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x",
        "https://teams.live.com/meet/9876543",
        "https://meet.google.com/abc-defg-hij",
    ],
)
def test_real_personal_rooms_are_accepted(url: str) -> None:
    assert personal_room_problem(url) == ""


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://meet.google.com/abc-defg-hij", "https://"),
        ("https://zoom.us.evil.example/j/1", "Zoom, Microsoft Teams or Google Meet"),
        ("https://evilzoom.us/j/1", "Zoom, Microsoft Teams or Google Meet"),
        ("https://meet.google.com/", "your own room"),
        ("javascript:alert(1)", "https://"),
    ],
)
def test_other_links_are_refused(url: str, why: str) -> None:
    assert why in personal_room_problem(url)


SECRET = "s3cret-for-the-jitsi-server-0123"


def test_a_jitsi_room_with_and_without_a_token() -> None:
    assert (
        jitsi_room_url("https://meet.jit.si/", "kindred-abc") == "https://meet.jit.si/kindred-abc"
    )
    until = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    url = jitsi_room_url(
        "https://video.example.org",
        "kindred-abc",
        app_id="kindred",
        secret=SECRET,
        expires=until,
    )
    base, _, token = url.partition("?jwt=")
    assert base == "https://video.example.org/kindred-abc"
    claims = jwt.decode(token, OctKey.import_key(SECRET)).claims
    assert claims["exp"] == int(until.timestamp())
    assert claims["room"] == "kindred-abc" and claims["sub"] == "video.example.org"
    assert claims["iss"] == "kindred" and claims["aud"] == "jitsi"
    with pytest.raises(BadSignatureError):
        jwt.decode(token, OctKey.import_key("wrong"))
