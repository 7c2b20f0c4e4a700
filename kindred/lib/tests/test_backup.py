"""Back up the demo, restore it into an empty database and media folder
with the commands an operator runs, and find every table and file the
same; a database that holds people is not overwritten by accident, and a
file that is not a backup is refused."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
DECLARED = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
pytestmark = pytest.mark.django_db(transaction=True)


def rows_of(cursor: Any, table: str) -> list[tuple[Any, ...]]:
    cursor.execute(f'SELECT * FROM "{table}"')
    return sorted(cursor.fetchall(), key=repr)


def manage(*args: str, database: str, media: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DATABASE_URL": database, "MEDIA_ROOT": str(media)}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def original_cursor() -> Any:
    """The test database, read by the bare driver as the restored one is."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return connection.connection.cursor()
    import psycopg

    found = connection.settings_dict
    server = f"postgres://{found['USER']}@{found['HOST']}:{found['PORT'] or 5432}"
    return psycopg.connect(f"{server}/{found['NAME']}").cursor()


@pytest.fixture
def empty_database(tmp_path: Path) -> Any:
    """An empty database of this installation's kind, and a way to read it."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        # Read as Django's own connection reads (its converters are global).
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path, detect_types=DECLARED)
        return
    import psycopg

    found = settings.DATABASES["default"]
    name = f"kindred_restore_{uuid.uuid4().hex[:8]}"
    server = f"postgres://{found['USER']}@{found['HOST']}:{found['PORT'] or 5432}"
    with psycopg.connect(f"{server}/{found['NAME']}", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}", lambda: psycopg.connect(f"{server}/{name}")
    finally:
        with psycopg.connect(f"{server}/{found['NAME']}", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_demo_backs_up_and_restores_whole(
    tmp_path: Path, settings: Any, empty_database: Any
) -> None:
    media = tmp_path / "media"
    (media / "uploads").mkdir(parents=True)
    (media / "uploads" / "deliverable.txt").write_text("a joint project's file")
    settings.MEDIA_ROOT = media
    call_command("load_demo", stdout=StringIO())
    archive = tmp_path / "kindred.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    database, read = empty_database
    restored_media = tmp_path / "restored-media"
    done = manage("restore", str(archive), database=database, media=restored_media)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (restored_media / "uploads" / "deliverable.txt").read_text() == "a joint project's file"
    tables = connection.introspection.table_names()
    assert "accounts_user" in tables and "accounts_hrchange" in tables
    restored = read()
    try:
        ours, theirs = original_cursor(), restored.cursor()  # both read the same way
        for table in tables:
            assert rows_of(theirs, table) == rows_of(ours, table), table
    finally:
        restored.close()
    again = manage("restore", str(archive), database=database, media=restored_media)
    assert again.returncode != 0 and "already holds people" in again.stderr


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-backup.tar.gz"
    bogus.write_bytes(b"just some bytes")
    with pytest.raises(CommandError, match="not a Kindred backup"):
        call_command("restore", str(bogus))


@pytest.mark.parametrize("escape", ["link", "parent"])
def test_a_backup_reaching_outside_its_folder_is_refused(tmp_path: Path, escape: str) -> None:
    """Checked by Kindred itself: Debian 12's Python (3.11.2) has no
    extraction filter."""
    crafted = tmp_path / "crafted.tar.gz"
    with tarfile.open(crafted, "w:gz") as archive:
        member = tarfile.TarInfo("manifest.json" if escape == "link" else "../escaped.txt")
        if escape == "link":
            member.type, member.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(member, BytesIO(b"") if escape == "parent" else None)
    with pytest.raises(CommandError, match="not a Kindred backup"):
        call_command("restore", str(crafted))
    assert not (tmp_path.parent / "escaped.txt").exists()
