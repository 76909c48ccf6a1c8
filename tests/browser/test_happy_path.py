"""One dossier from opening to admission at the rehab facility, through the web pages only,
each agency signing in in turn. When the process waits for a legal period (the reading
period, the complaint window), the clock is moved past the timer the engine indexed and
the timers are fired in-process, as the scheduler does in production."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from engine.persistence.tables import AuditEvent
from support.browser_walk import DONE_STEPS, Walk, marked


def test_happy_path(page, js_errors, live_app, clock, tmp_path):
    walk = Walk(page, live_app, clock)

    with walk.signed_in("ca.anbinh"):
        walk.open_dossier()
        for bpmn_id in ("record_violation", "prepare_dossier", "decide_interim_management", "notify_person"):
            walk.complete(bpmn_id)
    walk.let_period_pass()  # the person's reading period

    with walk.signed_in("ca.anbinh"):
        walk.complete("send_to_labour_office")
        walk.show_diagram()
        expect(marked(page, "send_to_labour_office", "completed-step")).to_have_count(1)
        expect(marked(page, "appraise_dossier", "current-step")).to_have_count(1)
        page.screenshot(path=str(tmp_path / "dossier-midway.png"), full_page=True)
    with walk.signed_in("ldtbxh"):
        walk.complete("appraise_dossier")
    with walk.signed_in("toaan"):
        for bpmn_id in ("court_intake", "notify_acceptance", "order_session", "hold_session", "send_decision"):
            walk.complete(bpmn_id)
    walk.let_period_pass()  # the complaint window

    with walk.signed_in("toaan"):
        walk.complete("confirm_legal_effect")
    with walk.signed_in("cahuyen"):
        walk.complete("escort_to_facility")
    with walk.signed_in("cosocainghien"):
        walk.complete("receive_at_facility")
        walk.show_diagram()
        for bpmn_id in DONE_STEPS:
            expect(marked(page, bpmn_id, "completed-step")).to_have_count(1)
        expect(page.locator("#diagram .current-step")).to_have_count(0)
        expect(page.locator(".dossier-status")).to_contain_text("Đã kết thúc: Đã đưa vào cơ sở cai nghiện bắt buộc")
        page.screenshot(path=str(tmp_path / "dossier.png"), full_page=True)
        page.locator("#diagram").screenshot(path=str(tmp_path / "diagram.png"))
        print(f"screenshots of the dossier page and its diagram: {tmp_path}")

    with walk.signed_in("ca.tanphu"):
        response = page.goto(f"/dossiers/{walk.dossier_id}")
        assert response.status == 403
        expect(page.locator("body")).to_contain_text("không thuộc phạm vi")
        expect(page.locator("body")).not_to_contain_text(walk.number)
    with live_app.backend.read_session() as session:
        denied = session.scalars(
            select(AuditEvent).where(AuditEvent.dossier_id == walk.dossier_id, AuditEvent.action == "access_denied")
        ).all()
    assert len(denied) == 1

    assert js_errors == []
