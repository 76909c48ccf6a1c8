"""Inbox page over HTTP: median and 95th percentile of GET /inbox, signed in, through a
real waitress server on 127.0.0.1, with N dossiers in the database (default 100,000).
Usage: .venv/bin/python bench/inbox_http_bench.py [--size 100000] [--requests 200]"""

from __future__ import annotations

import argparse
import http.cookiejar
import random
import re
import socket
import statistics
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import time_machine
from sqlalchemy import update
from waitress.server import create_server
from werkzeug.security import generate_password_hash

from demo.steps import at
from engine.persistence.tables import User
from engine_bench import Bench, percentile
from web import create_app

PASSWORD = "bench-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sign_in(base: str, username: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": token}).encode()
    landing = opener.open(f"{base}/login", data=form)
    if "/inbox" not in landing.geturl():
        raise SystemExit("sign-in failed")
    return opener


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        with time_machine.travel(at("2026-02-10 09:00"), tick=False) as traveller:
            bench = Bench(Path(folder), traveller)
            bench.clone(bench.templates(traveller), args.size - 60, random.Random(7))
        with bench.backend.write_session() as session:
            session.execute(update(User).values(password_hash=generate_password_hash(PASSWORD)))
            session.commit()
        bench.backend.database.dispose()
        app = create_app({"DATABASE_URL": str(bench.backend.database.url), "SECRET_KEY": "bench"})
        port = free_port()
        server = create_server(app, host="127.0.0.1", port=port, threads=4)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{port}"
        try:
            for username in ("ldtbxh", "ca.anbinh"):
                opener = sign_in(base, username)
                for _ in range(10):
                    opener.open(f"{base}/inbox").read()
                times = []
                for _ in range(args.requests):
                    started = time.perf_counter()
                    body = opener.open(f"{base}/inbox").read()
                    times.append((time.perf_counter() - started) * 1000)
                rows = body.count(b"data-task-id=")
                print(
                    f"N={args.size} inbox_http_ms user={username} median={statistics.median(times):.1f} "
                    f"p95={percentile(times, 0.95):.1f} rows_on_page={rows}",
                    flush=True,
                )
        finally:
            server.close()


if __name__ == "__main__":
    main()
