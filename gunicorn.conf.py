"""gunicorn's settings for Kindred (read from the working directory).

Kindred's requests spend most of their time in Python, not waiting, so the
server runs two single-threaded processes per core. Threads would share
one interpreter lock: a thread coming back from each database round trip
waited for it behind the other, and on the 2-core benchmark machine four
processes of four threads served the participant home at 72 requests a
second where single-threaded ones served 128 (`bench/load.py`). Each
process's kept-alive connections stay with it, so the kernel spreads new
connections over the processes (reuse_port) instead of the first idle one
taking most. The app is loaded once, before the processes fork: they start
warm and share its memory. Override any of this with GUNICORN_CMD_ARGS or
the command line."""

import gc
import multiprocessing
import os
from typing import Any

worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
threads = 1
reuse_port = True
preload_app = True
timeout = 60


def when_ready(server: Any) -> None:
    """The app is loaded and no process has forked yet: what exists now lives
    as long as the server, so the garbage collector stops walking it (and
    the forked processes stop copying the pages it would touch)."""
    gc.freeze()


def child_exit(server: Any, worker: Any) -> None:
    """With metrics shared between processes (PROMETHEUS_MULTIPROC_DIR), a
    process that exits stops counting as live."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
