"""Walking dossiers along the procedures through the service API, shared by the service
and PostgreSQL tests."""

from __future__ import annotations

from sqlalchemy import select

from demo import steps
from engine.persistence.tables import Dossier


def step(world, dossier_id, bpmn_id, **overrides):
    return world.complete(steps.ACTOR[bpmn_id], dossier_id, bpmn_id, steps.data(bpmn_id, **overrides))


def child_of(world, parent_id) -> Dossier:
    with world.backend.read_session() as session:
        return session.scalars(select(Dossier).where(Dossier.parent_id == parent_id)).one()


def to_labour_office(world) -> int:
    """Prepared, the reading period over, sent to the labour office on Wednesday 25/02."""
    dossier_id = world.open()
    for bpmn_id in steps.PREPARATION:
        step(world, dossier_id, bpmn_id)
    world.travel("2026-02-25 08:00")
    assert world.backend.timers.fire_due() == 1
    step(world, dossier_id, "send_to_labour_office")
    return dossier_id


def walk_compulsory_to_admission(world, dossier_id, term_months=12, **interim):
    """The adult dossier from preparation to the facility; the decision is announced on
    05/03/2026 and takes effect after the complaint window (timer at 13/03/2026)."""
    for bpmn_id in steps.PREPARATION:
        step(world, dossier_id, bpmn_id, **(interim if bpmn_id == "decide_interim_management" else {}))
    world.travel_forward("2026-02-25 08:00")  # the reading period is over
    world.backend.timers.fire_due()
    for bpmn_id in ("send_to_labour_office", "appraise_dossier", "court_intake", "notify_acceptance", "order_session"):
        step(world, dossier_id, bpmn_id)
    step(world, dossier_id, "hold_session", term_months=term_months)
    step(world, dossier_id, "send_decision")
    world.travel("2026-03-13 08:00")
    assert world.backend.timers.fire_due() == 1
    for bpmn_id in ("confirm_legal_effect", "escort_to_facility", "receive_at_facility"):
        step(world, dossier_id, bpmn_id)
