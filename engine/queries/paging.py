"""One way to cut a list into pages, and to copy a row into a read model."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Select, func
from sqlalchemy.orm import Session

T = TypeVar("T")
COUNT_CAP = 1000
"""A broad selection is counted up to here ("hơn 1.000 hồ sơ"): counting every match of
a one-word search at 100,000 dossiers would cost more than the page itself."""


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    pages: int
    total: int
    more: bool = False
    """The selection has more rows than `total`: the count stopped there (COUNT_CAP)."""


def paginate(session: Session, statement: Select, page: int, per_page: int, convert: Callable[..., T]) -> Page[T]:
    """One COUNT over the statement's rows, then one page of them; a page number out of
    range is brought back to the first or last page."""
    total = session.scalar(statement.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)) or 0
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = session.execute(statement.limit(per_page).offset((page - 1) * per_page)).all()
    return Page([convert(row) for row in rows], page, pages, total)


def shaped(cls: type[T], source, **extra) -> T:
    """A read model filled from the same-named attributes of `source` (an ORM row read in
    the open session), plus `extra`: what a template may read, and nothing it could lazy-load."""
    values = {field.name: getattr(source, field.name) for field in fields(cast(Any, cls)) if field.name not in extra}
    return cls(**values, **extra)
