"""Helpers for the Flask test-client tests: reading pages, counting audit events, and
putting dossiers at a given stage through the service API (dates as in test_process)."""

from __future__ import annotations

import re

import lxml.html
from sqlalchemy import func, select

from demo.steps import PREPARATION
from engine.persistence.tables import AuditEvent, Dossier, Task

# Marshmallow and Werkzeug phrases that must never reach an officer.
ENGLISH = re.compile(
    r"Missing data|Not a valid|Unknown field|Field may not|Internal Server Error|Not Found|Forbidden|"
    r"Bad Request|Traceback|The CSRF|Method Not Allowed",
)
VIETNAMESE = re.compile(r"[À-ỹĐđ]")


def page(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.get_data(as_text=True))


def by_class(tree, name: str) -> list:
    return tree.xpath(f'//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')


def texts(elements) -> list[str]:
    return [" ".join(element.text_content().split()) for element in elements]


def text_of(response) -> str:
    """The visible text of a page, whitespace collapsed."""
    tree = page(response)
    for script in tree.xpath("//script|//style"):
        script.drop_tree()
    return " ".join(tree.text_content().split())


def field_errors(response) -> list[str]:
    return texts(by_class(page(response), "field-error"))


def inbox_ids(response) -> list[int]:
    return [int(row.get("data-task-id")) for row in page(response).xpath('//table[@id="inbox"]//tr[@data-task-id]')]


def dossier_ids(response) -> set[int]:
    rows = page(response).xpath('//table[@id="dossiers"]//tr[@data-dossier-id]')
    return {int(row.get("data-dossier-id")) for row in rows}


def audit_count(world, **where) -> int:
    conditions = [getattr(AuditEvent, key) == value for key, value in where.items()]
    with world.backend.read_session() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).where(*conditions))


def task_row(world, task_id: int) -> Task:
    with world.backend.read_session() as session:
        return session.get(Task, task_id)


def dossier_row(world, dossier_id: int) -> Dossier:
    with world.backend.read_session() as session:
        return session.get(Dossier, dossier_id)


def to_labour_office(world) -> int:
    """Opened 10/02, prepared, reading period over on 25/02, sent: 'appraise_dossier' open."""
    dossier_id = world.open()
    world.advance(dossier_id, *PREPARATION)
    world.travel("2026-02-25 08:00")
    world.advance(dossier_id, "timer", "send_to_labour_office")
    return dossier_id


def to_court(world) -> int:
    """Appraised: 'court_intake' open at the district court."""
    dossier_id = to_labour_office(world)
    world.advance(dossier_id, "appraise_dossier")
    return dossier_id


def to_session(world) -> int:
    """Accepted and ordered on 26/02: 'hold_session' open."""
    dossier_id = to_court(world)
    world.travel("2026-02-26 09:00")
    world.advance(dossier_id, "court_intake", "notify_acceptance", "order_session")
    return dossier_id


def to_escort(world) -> int:
    """Decision in force on 13/03: 'escort_to_facility' open at the district police."""
    dossier_id = to_session(world)
    world.advance(dossier_id, "hold_session", "send_decision")
    world.travel("2026-03-13 08:00")
    world.advance(dossier_id, "timer", "confirm_legal_effect")
    return dossier_id
