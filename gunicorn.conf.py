"""gunicorn's settings for Kindred (read from the working directory).

Kindred's requests spend most of their time in Python, not waiting, so the
server runs one process per core plus one, each with two threads: enough
threads to overlap a database round trip, few enough that they do not
fight over the interpreter lock. On the 2-core benchmark machine four
processes of four threads served the participant home at 72 requests a
second; three of two served 138 (`bench/load.py`). Override any of these
with GUNICORN_CMD_ARGS or the command line."""

import multiprocessing
import os

worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = 2
timeout = 60
