import os
import socket
import time
from typing import Any

from kindred.lib.commands import KindredCommand
from kindred.notifications.services import dispatch


class Command(KindredCommand):
    help = "Send the notifications that are due (a sweep beside the task worker)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Keep sweeping every --interval seconds."
        )
        parser.add_argument("--interval", type=float, default=30.0)
        parser.add_argument(
            "--limit", type=int, default=500, help="Most notifications claimed per sweep."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = f"{socket.gethostname()}-{os.getpid()}"
        while True:
            counts = dispatch(worker=worker, limit=options["limit"])
            self.stdout.write(
                f"sent {counts['sent']}, retrying {counts['retry']}, failed {counts['failed']}"
            )
            if not options["loop"]:
                return
            time.sleep(options["interval"])
