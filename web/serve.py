"""Production-style start: waitress on http://127.0.0.1:5000 (`.venv/bin/python -m web.serve`).
PORT changes the port; the server only ever listens on this machine."""

from __future__ import annotations

import logging
import os

from waitress import serve

from . import create_app

HOST = "127.0.0.1"


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    serve(create_app(), host=HOST, port=int(os.environ.get("PORT", "5000")), threads=8)


if __name__ == "__main__":
    main()
