"""Where the running system keeps its files, for every process (web server, scheduler,
Alembic, CLI): one default database, instance/app.sqlite, unless DATABASE_URL is set."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = ROOT / "instance"


def database_url(env: Mapping[str, str] = os.environ) -> str:
    """DATABASE_URL from the environment, else the SQLite file in instance/."""
    return env.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'app.sqlite'}"


def alembic_config(url: str):
    """Alembic's configuration (alembic.ini, migrations/) for this database; imported
    late because alembic logs on import."""
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    return config
