"""The engine's notion of now. Vietnam has one time zone and no daylight saving."""
from __future__ import annotations

from datetime import datetime, timezone

from forms.vn import VN_TZ

__all__ = ["VN_TZ", "now"]


def now() -> datetime:
    return datetime.now(timezone.utc)

