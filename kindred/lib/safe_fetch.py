"""Fetching an address a person typed, without letting it reach inside the
network Kindred runs in (server-side request forgery).

Only https:// is fetched (plain http:// too when loopback is allowed, for
tests and sidecars). Every address the host name resolves to must be a
public one, checked before connecting and again on the connected socket
(so a name that answers differently the second time, DNS rebinding, still
cannot reach a private address); redirects are followed by hand, each hop
checked the same way. Answers are read with a timeout and a size limit,
and conditional requests (ETag, Last-Modified) spare unchanged ones."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings

from kindred.lib.phrases import Phrase, SaidInWords, phrase

TIMEOUT_SECONDS = 20
MAX_REDIRECTS = 3


class FetchRefused(SaidInWords):
    """The address may not be fetched, or its answer could not be used; the
    message says why in words a person can act on, kept as a phrase so a
    reason stored by a background read is shown in its reader's language."""


@dataclass(frozen=True)
class Fetched:
    body: bytes | None  # None: not modified since the validators given
    etag: str = ""
    last_modified: str = ""


def address_problem(url: str, *, inside_ok: bool = False) -> Phrase | None:
    """Why `url` may not be fetched, or None (checked without connecting
    beyond a name lookup). `inside_ok`: an address an organisation admin
    gave for the organisation's own systems (its HR export), which may live
    inside its network; a person's address never may."""
    parts = urlsplit(url)
    allow_loopback = inside_ok or getattr(settings, "KINDRED_FETCH_ALLOW_LOOPBACK", False)
    if parts.scheme != "https" and not (parts.scheme == "http" and allow_loopback):
        return phrase("Only https:// addresses can be used.")
    if not parts.hostname:
        return phrase("That address has no host.")
    if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        return phrase("Only https:// addresses can be used.")
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(parts.hostname, None)}
    except (OSError, UnicodeError):
        return phrase("The host %(host)s could not be found.", host=parts.hostname)
    if parts.scheme == "http" and not all(_is_loopback(a) for a in addresses):
        return phrase("Only https:// addresses can be used.")
    if inside_ok:
        return None
    refused = [a for a in addresses if not _may_reach(a, allow_loopback)]
    if refused:
        return phrase(
            "%(host)s is a private network address, which Kindred does not fetch.",
            host=parts.hostname,
        )
    return None


def fetch(
    url: str,
    *,
    max_bytes: int,
    etag: str = "",
    last_modified: str = "",
    inside_ok: bool = False,
    **request: object,
) -> Fetched:
    """GET `url` safely; FetchRefused names what went wrong."""
    headers = {"User-Agent": "Kindred calendar reader"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _ in range(MAX_REDIRECTS + 1):
        problem = address_problem(url, inside_ok=inside_ok)
        if problem:
            raise FetchRefused(problem)
        response = _get(url, headers, request, inside_ok=inside_ok)
        with response:
            if response.is_redirect and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            return _read(response, max_bytes)
    raise FetchRefused(phrase("The address redirects too many times."))


def _get(
    url: str, headers: dict[str, str], request: dict[str, object], *, inside_ok: bool
) -> requests.Response:
    try:
        response = requests.get(
            url, headers=headers, timeout=TIMEOUT_SECONDS, stream=True,
            allow_redirects=False, **request,  # type: ignore[arg-type]
        )  # fmt: skip
    except requests.RequestException as exc:
        raise FetchRefused(
            phrase("Could not reach the address (%(error)s).", error=type(exc).__name__)
        ) from exc
    if not inside_ok:
        _check_peer(response)
    return response


def _check_peer(response: requests.Response) -> None:
    """The connected socket's address, checked again (DNS rebinding)."""
    connection = getattr(response.raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    if sock is None:
        return  # already read to the end (an empty answer): nothing more comes
    peer = sock.getpeername()[0]
    if not _may_reach(peer, getattr(settings, "KINDRED_FETCH_ALLOW_LOOPBACK", False)):
        response.close()
        raise FetchRefused(
            phrase("The address led to a private network, which Kindred does not fetch.")
        )


def _read(response: requests.Response, max_bytes: int) -> Fetched:
    validators = {
        "etag": response.headers.get("ETag", ""),
        "last_modified": response.headers.get("Last-Modified", ""),
    }
    if response.status_code == 304:
        return Fetched(None, **validators)
    if response.status_code in (401, 403):
        raise FetchRefused(
            phrase(
                "The address refused Kindred (%(status)s): is it still shared?",
                status=response.status_code,
            )
        )
    if response.status_code == 404:
        raise FetchRefused(phrase("Nothing is at that address any more (404)."))
    if response.status_code != 200:
        raise FetchRefused(phrase("The address answered %(status)s.", status=response.status_code))
    body = b""
    try:
        for chunk in response.iter_content(64 * 1024):
            body += chunk
            if len(body) > max_bytes:
                raise FetchRefused(
                    phrase(
                        "The answer is larger than %(megabytes)s MB.",
                        megabytes=max_bytes // (1024 * 1024),
                    )
                )
    except requests.RequestException as exc:
        raise FetchRefused(
            phrase("The answer was cut off (%(error)s).", error=type(exc).__name__)
        ) from exc
    return Fetched(body, **validators)


def _ip(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    return ip


def _is_loopback(address: str) -> bool:
    return _ip(address).is_loopback


def _may_reach(address: str, allow_loopback: bool) -> bool:
    ip = _ip(address)
    if ip.is_loopback:
        return allow_loopback
    return ip.is_global and not ip.is_multicast
