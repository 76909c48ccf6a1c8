"""A dossier as shared work, in a real browser (issue 12): the commune police correct a
step before the next one starts, see a date 60 days ahead refused with what they typed
kept, open a second dossier for the same person through the person look-up and withdraw
it as a mistake, read what the court decided on their own dossier page, see what a
waiting dossier waits for, and leave a note the court reads."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from demo.steps import FORM_DATA
from forms import OPEN_DOSSIER
from forms.vn import vn_today
from support.browser_walk import OPEN_DATA, Walk, fill_form


def test_police_correct_withdraw_and_read_the_court_decision(page, js_errors, live_app, clock, tmp_path):
    walk = Walk(page, live_app, clock)

    with walk.signed_in("ca.anbinh"):
        walk.open_dossier()
        walk.complete("record_violation")
        # A correction before the next step: from the dossier page, with a reason.
        page.goto(f"/dossiers/{walk.dossier_id}")
        page.locator("#dossier-tasks a.correct-link").click()
        expect(page.locator("h1")).to_contain_text("Sửa dữ liệu: Lập biên bản vi phạm")
        page.fill('[name="record_number"]', "02/BB-VPHC")
        page.get_by_role("button", name="Lưu dữ liệu đã sửa").click()
        expect(page.locator(".alert-error")).to_contain_text("Dữ liệu chưa hợp lệ")
        expect(page.locator('[name="record_number"]')).to_have_value("02/BB-VPHC")  # nothing lost
        page.fill('[name="correction_reason"]', "Ghi nhầm số biên bản.")
        page.get_by_role("button", name="Lưu dữ liệu đã sửa").click()
        expect(page).to_have_url(re.compile(rf"/dossiers/{walk.dossier_id}#shared-record$"))
        recorded = page.locator('#shared-record article[data-step="record_violation"]')
        expect(recorded).to_contain_text("02/BB-VPHC")
        expect(recorded).to_contain_text("đã sửa lúc")
        expect(page.locator("#timeline")).to_contain_text("Lý do: Ghi nhầm số biên bản.")

        # A date 60 days ahead is refused, with the field named and the typed value kept.
        page.goto("/inbox")
        page.locator("#inbox tr[data-task-id]").filter(has_text=walk.number).locator('a[href^="/tasks/"]').first.click()
        ahead = (vn_today() + timedelta(days=60)).strftime("%d/%m/%Y")
        page.fill('[name="proposal_on"]', ahead)
        page.locator("#task-form").get_by_role("button", name="Hoàn thành").click()
        expect(page.locator("#field-proposal_on .field-error")).to_contain_text("Không được sau ngày hôm nay")
        expect(page.locator('[name="proposal_on"]')).to_have_value(ahead)

        for bpmn_id in ("prepare_dossier", "decide_interim_management", "notify_person"):
            walk.complete(bpmn_id)
        # The reading period runs: the page says until when and who acts next.
        page.goto(f"/dossiers/{walk.dossier_id}")
        expect(page.locator("#waits .wait")).to_contain_text("Đang chờ hết thời hạn đọc hồ sơ")
        expect(page.locator("#waits .wait")).to_contain_text("sau đó Công an Xã An Bình gửi")
        page.goto("/waiting")
        expect(page.locator(f'#waiting-dossiers tr[data-dossier-id="{walk.dossier_id}"]')).to_contain_text(
            "Đang chờ hết thời hạn đọc hồ sơ"
        )
        first_id, first_number = walk.dossier_id, walk.number
        # A second dossier for the same person: the look-up shows the recorded person and
        # its running dossier, the officer links the new one to it; then withdraws it as a mistake.
        page.goto("/dossiers/new")
        page.click('text="Đưa vào cơ sở cai nghiện bắt buộc (người từ đủ 18 tuổi)"')
        fill_form(page, OPEN_DOSSIER, OPEN_DATA)
        page.get_by_role("button", name="Lập hồ sơ").click()
        expect(page.locator("h1")).to_contain_text("Đối tượng này có thể đã có trong hệ thống")
        expect(page.locator("body")).to_contain_text(first_number)
        page.get_by_role("button", name="Lập hồ sơ cho người này").click()
        expect(page).to_have_url(re.compile(r"/dossiers/\d+$"))
        assert int(page.url.rsplit("/", 1)[1]) != first_id
        page.fill('[name="withdrawal_reason"]', "Lập nhầm: trùng với hồ sơ đã lập.")
        page.get_by_role("button", name="Rút hồ sơ").click()
        expect(page.locator(".flash")).to_contain_text("Đã rút hồ sơ")
        expect(page.locator(".current-step, .outcome").first).to_contain_text("Đã rút hồ sơ")
        walk.dossier_id, walk.number = first_id, first_number
    walk.let_period_pass()

    with walk.signed_in("ca.anbinh"):
        walk.complete("send_to_labour_office")
    with walk.signed_in("ldtbxh"):
        walk.complete("appraise_dossier")
    with walk.signed_in("toaan"):
        for bpmn_id in ("court_intake", "notify_acceptance", "order_session", "hold_session", "send_decision"):
            walk.complete(bpmn_id)

    with walk.signed_in("ca.anbinh"):
        page.goto(f"/dossiers/{walk.dossier_id}")
        decision = page.locator('#shared-record article[data-step="hold_session"]')
        expect(decision).to_contain_text("Tòa án nhân dân Huyện Minh Họa")
        expect(decision).to_contain_text(FORM_DATA["hold_session"]["decision_number"])
        page.fill("#note", "Gia đình đề nghị được thăm gặp sau khi có quyết định.")
        page.get_by_role("button", name="Ghi chú").click()
        expect(page.locator("#timeline blockquote.note")).to_contain_text("Gia đình đề nghị được thăm gặp")
        page.screenshot(path=str(tmp_path / "shared-record.png"), full_page=True)
        print(f"screenshot of the shared record: {tmp_path / 'shared-record.png'}")
    with walk.signed_in("toaan"):
        page.goto(f"/dossiers/{walk.dossier_id}")
        expect(page.locator("#timeline blockquote.note")).to_contain_text("Gia đình đề nghị được thăm gặp")

    assert js_errors == []
