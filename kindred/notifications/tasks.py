"""Background work for notifications."""

from __future__ import annotations

import socket

from kindred.lib.jobs import task


@task()
def dispatch_notifications() -> dict[str, int]:
    from kindred.notifications.services import dispatch

    return dispatch(worker=f"{socket.gethostname()}-task")
