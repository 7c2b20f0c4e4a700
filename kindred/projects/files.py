"""What a deliverable file may be. The type comes from our allow-list by
extension, and the first bytes must agree with it; the uploader's stated
content type is ignored. Files are stored under a random name and served
only as downloads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from kindred.lib.errors import InvalidInput

MAX_BYTES = 10 * 1024 * 1024
_ZIP = b"PK\x03\x04"  # the Office formats are zip containers


@dataclass(frozen=True)
class Kind:
    content_type: str
    magic: bytes | None  # None: plain UTF-8 text


ALLOWED = {
    ".pdf": Kind("application/pdf", b"%PDF-"),
    ".png": Kind("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": Kind("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": Kind("image/jpeg", b"\xff\xd8\xff"),
    ".docx": Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": Kind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP
    ),
    ".txt": Kind("text/plain; charset=utf-8", None),
    ".md": Kind("text/plain; charset=utf-8", None),
    ".csv": Kind("text/plain; charset=utf-8", None),
}


def allowed_names() -> str:
    return ", ".join(sorted(ALLOWED))


def check_upload(upload: UploadedFile) -> tuple[Kind, str]:
    """(kind, a safe display name) for an acceptable file; else InvalidInput."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower()
    kind = ALLOWED.get(extension)
    if kind is None:
        raise InvalidInput.on(
            "file",
            _("Upload one of these types: %(allowed_names)s.") % {"allowed_names": allowed_names()},
        )
    if not upload.size or upload.size > MAX_BYTES:
        raise InvalidInput.on("file", _("Files must be between 1 byte and 10 MB."))
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if kind.magic is not None and not head.startswith(kind.magic):
        raise InvalidInput.on(
            "file",
            _("This file's content is not a real %(extension)s file.") % {"extension": extension},
        )
    if kind.magic is None and not _plain_text(upload):
        raise InvalidInput.on("file", _("Text files must be plain UTF-8 text."))
    safe = "".join(c for c in name if c.isalnum() or c in " ._-()")[:120] or f"file{extension}"
    return kind, safe


def _plain_text(upload: UploadedFile) -> bool:
    data = upload.read()
    upload.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def stored_name(extension: str) -> str:
    """A random name: nothing the uploader chose reaches the file system."""
    return f"{uuid.uuid4().hex}{extension}"
