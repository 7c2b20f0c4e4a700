"""Backups Kindred can restore: the database and the media files in one
.tar.gz with a manifest saying what it holds.

SQLite is copied through its online backup API: a consistent copy while
Kindred keeps running and writing. PostgreSQL goes through pg_dump's
custom format (`--format=custom --no-owner --no-privileges`), restored by
pg_restore (`--clean --if-exists --no-owner --no-privileges
--single-transaction`), so a restore either lands whole or not at all.
Restoring refuses a database that already holds people unless told to
replace it."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection


class BackupError(Exception):
    """Why a backup or restore could not be done, for the operator (the
    commands' words, in English like the rest of the operator's tools)."""


MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA = "media"


def backup(destination: Path) -> dict[str, Any]:
    """Write the archive to `destination`; returns its manifest."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if connection.vendor == "sqlite":
            _sqlite_copy(work / SQLITE_FILE)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  f"--file={work / POSTGRES_FILE}", *_postgres_target()])  # fmt: skip
        media = Path(settings.MEDIA_ROOT)
        manifest = {
            "kindred": _version(),
            "engine": connection.vendor,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "media_files": sum(1 for path in media.rglob("*") if path.is_file())
            if media.exists()
            else 0,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2))
        with tarfile.open(destination, "w:gz") as archive:
            for path in sorted(work.iterdir()):
                archive.add(path, arcname=path.name)
            if media.exists():
                archive.add(media, arcname=MEDIA)
    return manifest


def restore(source: Path, *, replace: bool = False) -> dict[str, Any]:
    """Restore an archive made by `backup` into this installation's
    database and media folder; returns its manifest."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        try:
            with tarfile.open(source, "r:gz") as archive:
                _extract_safely(archive, work)
            manifest = json.loads((work / MANIFEST).read_text())
        except (OSError, tarfile.TarError, ValueError, KeyError) as exc:
            raise BackupError(f"{source} is not a Kindred backup ({exc}).") from exc
        if manifest.get("engine") != connection.vendor:
            raise BackupError(
                f"This backup is of a {manifest.get('engine')} database; "
                f"this installation uses {connection.vendor}."
            )
        if not replace and _holds_people():
            raise BackupError("This database already holds people: restore with --replace.")
        if connection.vendor == "sqlite":
            _sqlite_restore(work / SQLITE_FILE)
        else:
            restoring = ["--clean", "--if-exists", "--no-owner", "--no-privileges"]
            _run(["pg_restore", *restoring, "--single-transaction", *_postgres_target(),
                  str(work / POSTGRES_FILE)])  # fmt: skip
        if (work / MEDIA).exists():
            shutil.copytree(work / MEDIA, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return manifest


def _holds_people() -> bool:
    if "accounts_user" not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM accounts_user LIMIT 1")
        return cursor.fetchone() is not None


def _sqlite_copy(path: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _sqlite_restore(path: Path) -> None:
    connection.ensure_connection()
    saved = sqlite3.connect(path)
    try:
        saved.backup(connection.connection)
    finally:
        saved.close()


def _postgres_target() -> list[str]:
    found: dict[str, Any] = dict(settings.DATABASES["default"])
    options = [f"--dbname={found['NAME']}"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if found.get(key):
            options.append(f"{flag}={found[key]}")
    return options


def _run(command: list[str]) -> None:
    password = settings.DATABASES["default"].get("PASSWORD") or ""
    environment = {**os.environ, **({"PGPASSWORD": password} if password else {})}
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:500]}")


def _extract_safely(archive: tarfile.TarFile, into: Path) -> None:
    """Only plain files and folders inside `into`: no absolute paths, no way
    out, no links or devices. Python's "data" filter does this from 3.11.4;
    Debian 12's Python is 3.11.2, so the same rules are checked here first."""
    root = into.resolve()
    for member in archive.getmembers():
        target = (into / member.name).resolve()
        if not (member.isfile() or member.isdir()) or not target.is_relative_to(root):
            raise tarfile.TarError(f"{member.name!r} is not a plain file inside the backup")
    archive.extractall(into)  # every member was checked above


def _version() -> str:
    try:
        return version("kindred")
    except PackageNotFoundError:
        return "unknown"
