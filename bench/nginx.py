"""Debian's nginx in a folder of its own, for the benchmarks and the
deployment test: the few lines of nginx.conf the package would provide
around what each of them serves, and the command that runs it in the
foreground."""

from __future__ import annotations

import os
from pathlib import Path

TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def conf(folder: Path, http: str) -> Path:
    """nginx.conf in `folder` (its pid, error log and temporary files there
    too) serving the `http` block's contents."""
    temp = folder / "nginx-temp"
    temp.mkdir(exist_ok=True)
    # A test's folders belong to whoever runs it: nginx's workers run as them.
    user = "user root;\n" if os.geteuid() == 0 else ""
    written = folder / "nginx.conf"
    written.write_text(
        f"{user}pid {folder / 'nginx.pid'};\nerror_log {folder / 'nginx.error.log'};\n"
        "worker_processes 1;\nevents { worker_connections 1024; }\n"
        "http {\ninclude /etc/nginx/mime.types;\n"
        + "".join(f"{kind}_temp_path {temp / kind};\n" for kind in TEMP_PATHS)
        + http
        + "\n}\n"
    )
    return written


def command(conf: Path, folder: Path) -> list[str]:
    return ["nginx", "-p", str(folder), "-c", str(conf), "-g", "daemon off;"]
