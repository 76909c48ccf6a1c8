"""Debian packages the tests need (chromium, PostgreSQL, poppler-utils), installed with
apt-get when missing and we are root. pytest-xdist workers ask at the same moment, and
dpkg takes one installer at a time, so every install waits for a lock shared by the
workers instead of failing on dpkg's own lock."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

LOCK = Path(tempfile.gettempdir()) / "drug-rehab-tests-apt.lock"
WAIT = ["-o", "DPkg::Lock::Timeout=600"]
"""Also wait for an apt-get started outside the tests (unattended upgrades, a probe)."""


def install(*packages: str, present) -> str | None:
    """Install `packages` unless `present()` already holds; the reason it could not be
    done, or None once `present()` holds."""
    if present():
        return None
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("apt-get") is None:
        return f"{', '.join(packages)} missing, and only root with apt-get can install it"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if present():
            return None
        for command in (["apt-get", *WAIT, "update", "-qq"], ["apt-get", *WAIT, "install", "-y", "-qq", *packages]):
            try:
                done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
            except (OSError, subprocess.TimeoutExpired) as exc:
                return f"`{' '.join(command)}` failed: {exc}"
            if done.returncode != 0:
                return f"`{' '.join(command)}` exited {done.returncode}: {done.stderr.strip()[-300:]}"
    return None if present() else f"apt-get installed {', '.join(packages)} but it is still missing"
