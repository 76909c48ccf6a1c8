"""A local SMTP catcher for `make run`: accepts mail on 127.0.0.1 (port MAILCATCHER_PORT,
8025 by default) and keeps each message as an .eml file in instance/mail, so a newcomer
sees what officers would receive without a real mail server. Never for production."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from engine import INSTANCE_DIR


class Mailbox:
    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}.eml"
        (self.folder / name).write_bytes(envelope.original_content or envelope.content)
        return "250 OK"


def main() -> None:
    port = int(os.environ.get("MAILCATCHER_PORT", "8025"))
    folder = INSTANCE_DIR / "mail"
    controller = Controller(Mailbox(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"Hộp thư thử nghiệm: smtp://127.0.0.1:{port} → {folder}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
