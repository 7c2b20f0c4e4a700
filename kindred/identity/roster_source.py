"""Where a scheduled roster sync reads the HR roster from: an https://
address (plain http only on loopback, for a sidecar or a test), fetched by
kindred.lib.safe_fetch as an address inside the organisation's network may
be, or a file under the folder KINDRED_ROSTER_DIR names. Nothing else on the
server is readable this way, and no answer larger than an upload may be is
read."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings

from kindred.lib.phrases import Phrase, SaidInWords, phrase
from kindred.lib.safe_fetch import FetchRefused, address_problem, fetch


class RosterUnavailable(SaidInWords):
    """The roster could not be read; the message says why, in words kept as
    a phrase (the scheduled pull notes it; an admin reads it later)."""


def source_problem(source: str) -> Phrase | None:
    """Why `source` cannot be a roster's source, or None when it can."""
    if source.startswith(("https://", "http://")):
        return address_problem(source, inside_ok=True)
    if not settings.KINDRED_ROSTER_DIR:
        return phrase(
            "Give an https:// address. Files on the server are read only from the folder "
            "KINDRED_ROSTER_DIR names, which is not set."
        )
    if PurePosixPath(source).is_absolute() or ".." in PurePosixPath(source).parts:
        return phrase("Give the file's name inside the roster folder, e.g. hr/roster.csv.")
    return None


def fetch_roster(source: str) -> tuple[bytes, str]:
    """The roster's bytes and a file name to read them by."""
    problem = source_problem(source)
    if problem:
        raise RosterUnavailable(problem)
    limit = settings.KINDRED_IMPORT_MAX_BYTES
    if source.startswith(("https://", "http://")):
        try:
            fetched = fetch(source, max_bytes=limit, inside_ok=True)
        except FetchRefused as exc:
            raise RosterUnavailable(exc.words) from exc
        return fetched.body or b"", PurePosixPath(urlsplit(source).path).name
    return _read_file(Path(settings.KINDRED_ROSTER_DIR) / source, limit), Path(source).name


def _read_file(path: Path, limit: int) -> bytes:
    folder = Path(settings.KINDRED_ROSTER_DIR).resolve()
    resolved = path.resolve()
    if folder not in resolved.parents:  # a link that leads out of the folder
        raise RosterUnavailable(phrase("The file is not inside the roster folder."))
    try:
        with resolved.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise RosterUnavailable(
            phrase("Could not read the file (%(error)s).", error=exc.strerror)
        ) from exc
    if len(data) > limit:
        raise RosterUnavailable(
            phrase("The roster is larger than %(megabytes)s MB.", megabytes=limit // (1024 * 1024))
        )
    return data
