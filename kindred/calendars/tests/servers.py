"""Servers the calendar tests read from, started on loopback: an HTTP
server that serves calendar files as Google, Outlook and Apple publish
them (with ETag and Last-Modified, answering 304 to a matching conditional
request), and Radicale, a real CalDAV server, with one account."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kindred.conftest import free_port


@dataclass
class Feed:
    body: bytes
    status: int = 200
    etag: str = '"v1"'
    last_modified: str = "Mon, 01 Mar 2027 09:00:00 GMT"
    redirect_to: str = ""


@dataclass
class FeedServer:
    base: str
    feeds: dict[str, Feed] = field(default_factory=dict)
    requests: list[dict[str, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


@contextlib.contextmanager
def feed_server() -> Iterator[FeedServer]:
    state = FeedServer(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append({"path": self.path, **dict(self.headers.items())})
            feed = state.feeds.get(self.path)
            if feed is None:
                self.send_response(404)
                self.end_headers()
                return
            if feed.redirect_to:
                self.send_response(302)
                self.send_header("Location", feed.redirect_to)
                self.end_headers()
                return
            if feed.status == 200 and self.headers.get("If-None-Match") == feed.etag:
                self.send_response(304)
                self.send_header("ETag", feed.etag)
                self.end_headers()
                return
            self.send_response(feed.status)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.send_header("ETag", feed.etag)
            self.send_header("Last-Modified", feed.last_modified)
            self.send_header("Content-Length", str(len(feed.body)))
            self.end_headers()
            self.wfile.write(feed.body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class CaldavServer:
    url: str
    username: str
    password: str


@contextlib.contextmanager
def radicale(folder: Path) -> Iterator[CaldavServer]:
    """Radicale from PyPI on a free loopback port, with one user whose
    password is checked (htpasswd, plain)."""
    port = free_port()
    users = folder / "users"
    users.write_text("kenji:app-password-1\n")
    config = folder / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\n"
        # No pause after a refused sign-in: clients first ask without
        # credentials, and the default second of delay slows every test.
        "delay = 0\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[logging]\nlevel = warning\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_for(port, process)
        yield CaldavServer(f"http://127.0.0.1:{port}/", "kenji", "app-password-1")
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"Radicale stopped: {output}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("Radicale did not start.")
