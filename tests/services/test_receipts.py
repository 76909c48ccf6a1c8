"""Clocks from receipt and met or late by the act's own date (issue 12, point 3), on the
Regime A model: the court's intake counts from the day the court received the dossier,
not from when the labour office clicked 'Hoàn thành'; a receipt before the dispatch or in
the future is refused and nothing is saved; an act dated in time but recorded late is on time.

Calendar facts used (2026): weekends off. The labour office sends the dossier on
Wednesday 25/02; Friday 27/02 is two days later; 02 working days from 27/02 end on 03/03."""

from datetime import date

import pytest
from sqlalchemy import select

from demo.steps import ACTOR, data
from engine import Conflict, Forbidden, ValidationFailed
from engine.clock import VN_TZ
from engine.persistence.tables import AuditEvent, Task
from support.chain_walks import to_labour_office

D = date


def at_court(world) -> int:
    """Sent to the labour office and appraised on Wednesday 25/02: the court's intake is open."""
    dossier_id = to_labour_office(world)
    world.complete(ACTOR["appraise_dossier"], dossier_id, "appraise_dossier", data("appraise_dossier"))
    return dossier_id


def row(world, task_id: int) -> Task:
    with world.backend.read_session() as session:
        return session.get(Task, task_id)


def day(moment) -> date:
    return moment.astimezone(VN_TZ).date()


def events(world, dossier_id: int, action: str) -> list[AuditEvent]:
    with world.backend.read_session() as session:
        return list(
            session.scalars(select(AuditEvent).where(AuditEvent.dossier_id == dossier_id, AuditEvent.action == action))
        )


def recorded(world, dossier_id: int, task_id: int) -> dict:
    """What the step's completion recorded (the audit event's data)."""
    [event] = [e for e in events(world, dossier_id, "task_completed") if e.task_id == task_id]
    return event.data


def met(world, dossier_id: int, task_id: int) -> bool | None:
    detail = world.queries.dossier(world.user("district_court"), dossier_id)
    [line] = [line for line in detail.tasks if line.task.id == task_id]
    return line.met


def test_the_intake_clock_counts_from_the_day_the_court_received_the_dossier(world):
    dossier_id = at_court(world)
    intake = world.task(dossier_id, "court_intake")
    # Before the court records its receipt the clock runs from the dispatch (25/02).
    assert day(intake.dispatched_at) == D(2026, 2, 25) and intake.deadline_on == D(2026, 2, 27)
    world.travel("2026-02-27 10:00")
    world.backend.receipts.record(world.user("district_court"), intake.id, "27/02/2026")
    received = row(world, intake.id)
    assert day(received.received_at) == D(2026, 2, 27)
    assert received.deadline_from_on == D(2026, 2, 27) and received.deadline_on == D(2026, 3, 3)
    [inbox_row] = [r for r in world.queries.inbox(world.user("district_court")).rows if r.task_id == intake.id]
    assert inbox_row.deadline_on == D(2026, 3, 3)  # the inbox, reminders and escalation read it
    [event] = events(world, dossier_id, "receipt_recorded")
    assert event.data["received_on"] == "2026-02-27" and event.data["deadline_on"] == "2026-03-03"

    # Completed on 03/03 with the receipt it recorded: on time (counted from 25/02 it was due 27/02).
    world.travel("2026-03-03 09:00")
    world.complete("district_court", dossier_id, "court_intake", data("court_intake", accepted_on="2026-03-03"))
    done = row(world, intake.id)
    assert done.state == "completed" and done.deadline_on == D(2026, 3, 3)
    assert recorded(world, dossier_id, done.id)["received_on"] == "2026-02-27"
    assert met(world, dossier_id, intake.id) is True


def test_a_receipt_typed_in_the_form_restarts_the_clock_too(world):
    dossier_id = at_court(world)
    world.travel("2026-03-03 09:00")
    intake = world.complete(
        "district_court",
        dossier_id,
        "court_intake",
        data("court_intake", received_on="2026-02-27", accepted_on="2026-03-03"),
    )
    done = row(world, intake.id)
    assert day(done.received_at) == D(2026, 2, 27) and done.deadline_on == D(2026, 3, 3)


def test_a_receipt_left_blank_is_the_dispatch(world):
    dossier_id = at_court(world)
    intake = world.complete(
        "district_court", dossier_id, "court_intake", data("court_intake", accepted_on="2026-02-26")
    )
    done = row(world, intake.id)
    assert day(done.received_at) == D(2026, 2, 25) and done.deadline_on == D(2026, 2, 27)
    assert recorded(world, dossier_id, done.id)["received_on"] == "2026-02-25"


@pytest.mark.parametrize(
    ("typed", "named"),
    [("24/02/2026", "Không được trước ngày gửi hồ sơ, quyết định (25/02/2026)."), ("28/02/2026", "(27/02/2026)")],
)
def test_a_receipt_before_the_dispatch_or_in_the_future_is_refused_and_nothing_saved(world, typed, named):
    dossier_id = at_court(world)
    world.travel("2026-02-27 10:00")
    intake = world.task(dossier_id, "court_intake")
    with pytest.raises(ValidationFailed) as refused:
        world.backend.receipts.record(world.user("district_court"), intake.id, typed)
    [message] = refused.value.errors["received_on"]
    assert named in message
    after = row(world, intake.id)
    assert (
        after.received_at is None
        and after.deadline_on == D(2026, 2, 27)
        and events(world, dossier_id, "receipt_recorded") == []
    )


def test_a_receipt_before_the_sending_the_dossier_records_is_refused_on_completion(world):
    dossier_id = to_labour_office(world)
    appraisal = world.task(dossier_id, "appraise_dossier")
    with pytest.raises(ValidationFailed) as refused:
        world.complete(
            "labour_office", dossier_id, "appraise_dossier", data("appraise_dossier", dossier_received_on="2026-02-24")
        )
    [message] = refused.value.errors["dossier_received_on"]
    assert "(25/02/2026)" in message and "Ngày gửi" in message
    assert row(world, appraisal.id).state == "open" and row(world, appraisal.id).received_at is None


def test_only_the_receiving_agency_records_a_receipt_on_a_receiving_step(world):
    dossier_id = at_court(world)
    intake = world.task(dossier_id, "court_intake")
    with pytest.raises(Forbidden, match="cơ quan khác"):
        world.backend.receipts.record(world.user("labour_office"), intake.id, "25/02/2026")
    world.complete("district_court", dossier_id, "court_intake", data("court_intake"))
    with pytest.raises(Conflict, match="không ghi nhận ngày nhận"):
        world.backend.receipts.record(
            world.user("district_court"), world.task(dossier_id, "notify_acceptance").id, "26/02/2026"
        )


@pytest.mark.parametrize(("accepted_on", "expected"), [("2026-02-26", True), ("2026-03-02", False)])
def test_met_or_late_is_judged_by_the_act_s_own_date(world, accepted_on, expected):
    dossier_id = at_court(world)
    world.travel("2026-03-04 15:30")  # recorded after the deadline (27/02)
    intake = world.complete("district_court", dossier_id, "court_intake", data("court_intake", accepted_on=accepted_on))
    done = row(world, intake.id)
    assert day(done.act_at) == D.fromisoformat(accepted_on) and done.completed_at > done.deadline_at
    assert met(world, dossier_id, intake.id) is expected
