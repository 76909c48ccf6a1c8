"""The pages through Flask's test client on a real SQLite file: signing in, the inbox,
task pages and their forms, dossier pages, opening a dossier, and the error pages.
The clock starts on Tuesday 10/02/2026 09:00 (Vietnam); Tết is 16–20/02/2026."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select, update

from demo.steps import PREPARATION, data
from engine import ReadSide
from engine.persistence.tables import AuditEvent, Dossier, Task, User
from forms.dossier import MINOR_REFUSAL
from support.web_support import (
    ENGLISH,
    VIETNAMESE,
    audit_count,
    by_class,
    dossier_ids,
    dossier_row,
    field_errors,
    inbox_ids,
    page,
    task_row,
    text_of,
    texts,
    to_escort,
    to_session,
)

ROLES = (
    "commune_police_1",
    "commune_police_2",
    "commune_committee_1",
    "commune_committee_2",
    "labour_office",
    "district_court",
    "district_police",
    "rehab_facility",
    "admin",
)
OPEN_FORM = {
    "person_name": "Trần Văn An",
    "person_birth_date": "1992-03-04",
    "id_number": "001092003456",
    "residence": "Thôn Tây, xã An Bình",
    "discovered_on": "2026-02-09",
    "ground": "no_registration",
    "stable_residence": "true",
}


def form(step: str, **overrides) -> dict[str, str]:
    """A step's valid data as a browser posts it."""
    values = data(step, **overrides)
    return {
        key: ("true" if value else "false") if isinstance(value, bool) else str(value) for key, value in values.items()
    }


def open_task(web, dossier_id: int, bpmn_id: str) -> int:
    return web.task(dossier_id, bpmn_id).id


# ----- signing in and out -------------------------------------------------------------


def test_login_page_and_a_wrong_password(web):
    client = web.client()
    login = client.get("/login")
    assert login.status_code == 200
    tree = page(login)
    assert tree.xpath('//input[@name="username"]') and tree.xpath('//input[@name="password"][@type="password"]')
    assert tree.xpath('//button[normalize-space()="Đăng nhập"]')
    assert tree.xpath('//input[@name="csrf_token"]')

    wrong = client.post("/login", data={"username": "ca.anbinh", "password": "sai-mat-khau"})
    assert wrong.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in text_of(wrong)
    unknown = client.post("/login", data={"username": "khong.co", "password": "matkhau123"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in text_of(unknown)
    assert client.get("/inbox").status_code == 302


def test_an_inactive_account_is_refused(web):
    with web.backend.write_session() as session:
        session.execute(update(User).where(User.username == "ldtbxh").values(is_active=False))
        session.commit()
    client = web.client()
    refused = client.post("/login", data={"username": "ldtbxh", "password": "matkhau123"})
    assert refused.status_code == 403
    assert "Tài khoản đã bị khóa" in text_of(refused)
    assert client.get("/inbox").status_code == 302


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("/dossiers", "/dossiers"),
        ("/tasks/1?x=1", "/tasks/1?x=1"),
        ("https://example.com/inbox", "/inbox"),
        ("//example.com/inbox", "/inbox"),
        ("/\\example.com", "/inbox"),
        ("javascript:alert(1)", "/inbox"),
    ],
)
def test_after_login_only_a_local_next_is_followed(web, target, landing):
    client = web.client()
    response = client.post(f"/login?next={target}", data={"username": "ca.anbinh", "password": "matkhau123"})
    assert response.status_code == 302
    assert response.location == landing


def test_signing_out_takes_a_post(web):
    client = web.client("commune_police_1")
    inbox = client.get("/inbox")
    assert page(inbox).xpath('//form[@action="/logout"][@method="post"]//button[normalize-space()="Đăng xuất"]')
    assert client.get("/logout").status_code == 405
    out = client.post("/logout", follow_redirects=True)
    assert out.request.path == "/login" and "Đã đăng xuất." in text_of(out)
    assert client.get("/inbox").status_code == 302


@pytest.mark.parametrize(
    "url", ["/inbox", "/tasks/1", "/dossiers", "/dossiers/1", "/dossiers/1/diagram.bpmn", "/dossiers/new"]
)
def test_visitors_are_sent_to_the_login_page(web, url):
    response = web.client().get(url)
    assert response.status_code == 302
    parts = urlsplit(response.location)
    assert parts.path == "/login" and parse_qs(parts.query)["next"] == [url]


def test_root_goes_to_the_inbox(web):
    assert web.client("commune_police_1").get("/").location == "/inbox"


def test_the_header_shows_the_officer_and_the_menu_for_the_role(web):
    police = text_of(web.client("commune_police_1").get("/inbox"))
    assert "Hồ sơ cai nghiện" in police and "Cán bộ Công an Xã An Bình" in police and "Công an Xã An Bình" in police
    assert "Lập hồ sơ mới" in police and "Việc cần xử lý" in police
    court = text_of(web.client("district_court").get("/inbox"))
    assert "Tòa án nhân dân Huyện Minh Họa" in court and "Lập hồ sơ mới" not in court


# ----- inbox ------------------------------------------------------------------------


def test_inbox_lists_the_agency_tasks_by_deadline_with_countdowns(web):
    later = web.open()  # discovered Mon 09/02: 05 working days → 23/02 (Tết in between)
    sooner = web.open(person_name="Lê Văn Cường", discovered_on="2026-02-05")  # → Thu 12/02
    client = web.client("commune_police_1")
    inbox = client.get("/inbox")
    assert inbox.status_code == 200
    first, second = open_task(web, sooner, "record_violation"), open_task(web, later, "record_violation")
    assert inbox_ids(inbox) == [first, second]
    row = page(inbox).xpath(f'//tr[@data-task-id="{first}"]')[0]
    cells = texts(row.xpath("./td"))
    assert cells[0] == dossier_row(web, sooner).number and cells[1] == "Lê Văn Cường"
    assert cells[2] == "Lập biên bản vi phạm (Mẫu số 27)"
    assert cells[3] == "12/02/2026" and cells[4] == "còn 2 ngày làm việc"
    assert row.xpath(f'.//a[@href="/dossiers/{sooner}"]') and row.xpath(f'.//a[@href="/tasks/{first}"]')
    assert row.xpath(f'.//form[@action="/tasks/{first}/claim"]//button[normalize-space()="Nhận xử lý"]')
    assert row.get("class") == ""

    web.travel("2026-02-12 10:00")
    row = page(client.get("/inbox")).xpath(f'//tr[@data-task-id="{first}"]')[0]
    assert row.get("class") == "due-today" and "đến hạn hôm nay" in row.text_content()
    web.travel("2026-02-13 10:00")
    row = page(client.get("/inbox")).xpath(f'//tr[@data-task-id="{first}"]')[0]
    assert row.get("class") == "overdue" and "quá hạn 1 ngày" in row.text_content()


def test_a_task_without_a_verified_limit_says_so_in_the_inbox(web):
    dossier_id = web.open()
    web.advance(dossier_id, "record_violation", "prepare_dossier", "decide_interim_management")
    inbox = web.client("commune_police_1").get("/inbox")
    row = page(inbox).xpath(f'//tr[@data-task-id="{open_task(web, dossier_id, "notify_person")}"]')[0]
    assert "chưa xác định thời hạn (chưa xác minh)" in row.text_content()
    assert "—" in texts(row.xpath("./td"))[3]


def test_inbox_filters_and_claiming(web):
    first, second = web.open(), web.open(person_name="Phạm Văn Đức")
    web.advance(second, "record_violation")
    violation, preparation = open_task(web, first, "record_violation"), open_task(web, second, "prepare_dossier")
    client = web.client("commune_police_1")

    tree = page(client.get("/inbox"))
    assert texts(tree.xpath('//select[@name="status"]/option')) == [
        "Tất cả",
        "Chưa có người nhận",
        "Tôi đang xử lý",
        "Quá hạn",
    ]
    assert tree.xpath('//select[@name="kind"]/option/@value') == ["", "record_violation", "prepare_dossier"]
    assert inbox_ids(client.get("/inbox?kind=record_violation")) == [violation]

    claimed = client.post(f"/tasks/{violation}/claim", data={"next": "/inbox?status=mine"})
    assert claimed.status_code == 302 and claimed.location == "/inbox?status=mine"
    mine = client.get(claimed.location)
    assert inbox_ids(mine) == [violation] and "Đã nhận xử lý: Lập biên bản vi phạm (Mẫu số 27)" in text_of(mine)
    row = page(mine).xpath(f'//tr[@data-task-id="{violation}"]')[0]
    assert "Cán bộ Công an Xã An Bình" in row.text_content()
    assert row.xpath(f'.//form[@action="/tasks/{violation}/release"]//button[normalize-space()="Trả lại"]')
    assert inbox_ids(client.get("/inbox?status=unclaimed")) == [preparation]
    assert inbox_ids(client.get("/inbox?status=overdue")) == []
    assert audit_count(web, action="task_claimed", task_id=violation) == 1

    released = client.post(f"/tasks/{violation}/release", data={"next": "https://example.com/"})
    assert released.location == "/inbox"
    assert task_row(web, violation).claimed_by_id is None
    assert inbox_ids(client.get("/inbox?status=mine")) == []
    assert "Không có việc nào khớp với bộ lọc" in text_of(client.get("/inbox?status=mine"))
    refused = client.get("/inbox?status=nonsense")
    assert refused.status_code == 400 and "Tình trạng: Lựa chọn không hợp lệ." in text_of(refused)

    web.travel("2026-02-24 09:00")
    assert set(inbox_ids(client.get("/inbox?status=overdue"))) == {violation, preparation}


def test_a_task_claimed_by_a_colleague_cannot_be_taken_or_completed(web):
    with web.backend.write_session() as session:
        police = session.get(User, web.user("commune_police_1"))
        session.add(
            User(
                username="ca.anbinh2",
                password_hash=police.password_hash,
                full_name="Đồng nghiệp Hai",
                agency_id=police.agency_id,
            )
        )
        session.commit()
    dossier_id = web.open()
    task_id = open_task(web, dossier_id, "record_violation")
    web.client("commune_police_1").post(f"/tasks/{task_id}/claim")
    colleague = web.app.test_client()
    colleague.post("/login", data={"username": "ca.anbinh2", "password": "matkhau123"})
    row = page(colleague.get("/inbox")).xpath(f'//tr[@data-task-id="{task_id}"]')[0]
    assert "Cán bộ Công an Xã An Bình" in row.text_content() and not row.xpath(".//form")
    refused = colleague.post(f"/tasks/{task_id}/claim", follow_redirects=True)
    assert "đã được Cán bộ Công an Xã An Bình nhận xử lý" in text_of(refused)
    task_page = colleague.get(f"/tasks/{task_id}")
    assert "Đang có người xử lý" in text_of(task_page) and not page(task_page).xpath('//form[@id="task-form"]')
    completed = colleague.post(f"/tasks/{task_id}", data=form("record_violation"))
    assert completed.status_code == 409 and "đang do Cán bộ Công an Xã An Bình nhận xử lý" in text_of(completed)
    assert task_row(web, task_id).state == "open"


def test_inbox_pages_keep_the_filters(web):
    for index in range(27):
        web.open(person_name=f"Người Thứ {index + 1:02d}")
    client = web.client("commune_police_1")
    first = client.get("/inbox?kind=record_violation")
    assert len(inbox_ids(first)) == 25 and "Trang 1/2" in text_of(first)
    next_link = page(first).xpath('//nav[@class="pager"]//a[@rel="next"]/@href')[0]
    assert parse_qs(urlsplit(next_link).query) == {"kind": ["record_violation"], "page": ["2"]}
    second = client.get(next_link)
    assert len(inbox_ids(second)) == 2 and page(second).xpath('//nav[@class="pager"]//a[@rel="prev"]')


def test_empty_inboxes(web):
    court = web.client("district_court").get("/inbox")
    assert court.status_code == 200 and not inbox_ids(court)
    assert "Không có việc nào đang chờ cơ quan anh/chị xử lý." in text_of(court)
    web.open()
    admin = web.client("admin").get("/inbox")
    assert admin.status_code == 200 and not inbox_ids(admin)
    assert "Tài khoản quản trị không thuộc cơ quan nào nên không có việc cần xử lý." in text_of(admin)
    assert "Lập hồ sơ mới" not in text_of(admin)


# ----- task pages ---------------------------------------------------------------------


def test_task_page_shows_the_law_the_deadline_and_the_form(web):
    dossier_id = web.open()
    task_id = open_task(web, dossier_id, "record_violation")
    response = web.client("commune_police_1").get(f"/tasks/{task_id}")
    assert response.status_code == 200
    tree, text = page(response), text_of(response)
    assert texts(tree.xpath("//h1")) == ["Lập biên bản vi phạm (Mẫu số 27)"]
    assert "Lập biên bản hành vi vi phạm theo Mẫu số 27 Phụ lục II" in text  # the step's instructions
    assert "Khoản 1 Điều 33, khoản 1 Điều 40 Nghị định 116/2021/NĐ-CP" in text  # legal basis
    [documents] = tree.xpath('//section[@id="step-documents"]/ul/li[@data-document="mau_27"]')
    assert "Mẫu số 27 – Biên bản vi phạm" in documents.text_content()
    assert texts(documents.xpath(".//button")) == ["In bản nháp"]  # the official print once recorded
    assert "Chưa in được: còn thiếu" in documents.text_content()
    assert "Hạn chót: 23/02/2026 (còn 4 ngày làm việc)" in text
    assert "Lập hồ sơ đề nghị đưa vào cơ sở cai nghiện bắt buộc: 05 ngày làm việc" in text
    assert "Ngày phát hiện người nghiện ma túy thuộc đối tượng quy định tại Điều 32" in text
    assert "ngày 09/02/2026" in text and "Đã đối chiếu văn bản gốc" in text
    assert "Nguyễn Văn Bình (sinh ngày 17/05/1990)" in text

    task_form = tree.xpath('//form[@id="task-form"][@method="post"]')[0]
    assert task_form.xpath('.//input[@name="csrf_token"]')
    assert task_form.xpath('.//input[@name="record_number"][@type="text"]')
    assert task_form.xpath('.//input[@name="recorded_on"][@placeholder="dd/mm/yyyy"]')
    assert task_form.xpath('.//textarea[@name="violation_description"]')
    assert task_form.xpath('.//button[@type="submit"][normalize-space()="Hoàn thành"]')
    label = " ".join(task_form.xpath('.//label[@for="f-record_number"]')[0].text_content().split())
    assert label.startswith("Số biên bản vi phạm (Mẫu số 27)*")


def test_task_form_field_kinds_conditions_and_help(web):
    dossier_id = web.open()
    web.advance(dossier_id, "record_violation")
    client = web.client("commune_police_1")
    tree = page(client.get(f"/tasks/{open_task(web, dossier_id, 'prepare_dossier')}"))
    radios = tree.xpath('//input[@type="radio"][@name="stable_residence"]')
    assert [r.get("value") for r in radios] == ["true", "false"]
    assert [" ".join(r.getparent().text_content().split()) for r in radios] == ["Có", "Không"]
    condition = texts(tree.xpath('//*[@id="field-residence_confirmation_number"]//p[@class="condition"]'))
    assert condition == ["(bắt buộc khi «Có nơi cư trú ổn định» là «Không»)"]
    assert texts(tree.xpath('//p[@id="f-residence_confirmation_number-help"]')) == [
        "Bắt buộc khi người nghiện không có nơi cư trú ổn định."
    ]

    web.advance(dossier_id, "prepare_dossier", "decide_interim_management")
    notice = client.get(f"/tasks/{open_task(web, dossier_id, 'notify_person')}")
    tree, text = page(notice), text_of(notice)
    assert texts(tree.xpath('//select[@name="recipient"]/option')) == [
        "— Chọn —",
        "Người bị đề nghị",
        "Người đại diện hợp pháp",
    ]
    # The notice has no verified time limit: shown as such, with the reason.
    assert "Chưa xác định thời hạn" in text
    assert texts(by_class(tree, "unverified")) == ["Chưa xác minh"]
    assert "Điều 42.1 không nêu thời hạn riêng cho việc gửi thông báo" in text


def test_completing_a_task(web):
    dossier_id = web.open()
    web.advance(dossier_id, *PREPARATION)
    web.travel("2026-02-25 08:00")
    web.advance(dossier_id, "timer")
    task_id = open_task(web, dossier_id, "send_to_labour_office")
    client = web.client("commune_police_1")
    submission = {**form("send_to_labour_office"), "person_comments": "", "csrf_token": "ignored"}
    # The dossier is sent complete (NĐ 116 Art. 41, 42.4): without its documents it is refused.
    refused = client.post(f"/tasks/{task_id}", data=submission)
    assert refused.status_code == 400
    assert "Mẫu số 31" in text_of(refused) and "Phiếu kết quả xác định tình trạng nghiện" in text_of(refused)
    web.provide_documents("commune_police_1", dossier_id, web.task(dossier_id, "send_to_labour_office"))
    done = client.post(f"/tasks/{task_id}", data=submission)
    # The next step is the labour office's: the officer goes back to the inbox.
    assert done.status_code == 302 and done.location == "/inbox"
    inbox = client.get("/inbox")
    flashes = texts(by_class(page(inbox), "flash"))
    assert flashes == ["Đã hoàn thành: Gửi văn bản đề nghị kèm hồ sơ đến Phòng LĐTBXH cấp huyện"]
    task = task_row(web, task_id)
    assert (task.state, task.completed_by_id) == ("completed", web.user("commune_police_1"))
    with web.backend.read_session() as session:
        event = session.scalar(
            select(AuditEvent).where(AuditEvent.task_id == task_id, AuditEvent.action == "task_completed")
        )
    assert event.data == {"dispatch_number": "17/CV-CAX", "sent_on": "2026-02-25", "page_count": 24}
    assert web.task(dossier_id, "appraise_dossier")

    completed = client.get(f"/tasks/{task_id}")
    text = text_of(completed)
    assert completed.status_code == 200 and not page(completed).xpath('//form[@id="task-form"]')
    assert "Nhiệm vụ đã được Cán bộ Công an Xã An Bình hoàn thành lúc 25/02/2026 08:00." in text
    assert "Ngày gửi hồ sơ 25/02/2026" in text and "Số bút lục (số trang của hồ sơ) 24" in text


def test_an_invalid_form_is_refused_with_every_error_in_vietnamese_and_nothing_saved(web):
    dossier_id = web.open()
    web.advance(dossier_id, "record_violation")
    task_id = open_task(web, dossier_id, "prepare_dossier")
    events = audit_count(web)
    client = web.client("commune_police_1")
    refused = client.post(
        f"/tasks/{task_id}",
        data={
            "proposal_number": "15/ĐN-CAX",
            "proposal_on": "31/02/2026",
            "biography_done": "false",
            "stable_residence": "false",
            "determination_result_number": "",
        },
    )
    assert refused.status_code == 400
    tree = page(refused)
    errors = field_errors(refused)
    assert errors and all(VIETNAMESE.search(error) and not ENGLISH.search(error) for error in errors)
    failing = {node.get("id").removeprefix("field-") for node in by_class(tree, "has-error")}
    assert failing == {
        "proposal_on",
        "biography_done",
        "statement_done",
        "determination_result_number",
        "determination_result_on",
        "determination_facility",
        "residence_confirmation_number",
    }
    assert "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy." in errors
    assert any("Mẫu số 30" in error and "NĐ 116/2021" in error for error in errors)
    assert "Dữ liệu chưa hợp lệ" in text_of(refused)
    # What the officer typed is kept.
    assert tree.xpath('//input[@name="proposal_number"]/@value') == ["15/ĐN-CAX"]
    assert tree.xpath('//input[@name="stable_residence"][@value="false"]/@checked')
    assert not ENGLISH.search(text_of(refused))
    assert task_row(web, task_id).state == "open" and audit_count(web) == events


def test_a_rule_of_the_decision_table_is_shown_above_the_form(web):
    dossier_id = to_session(web)
    task_id = open_task(web, dossier_id, "hold_session")
    web.travel("2026-03-05 09:00")  # the session is recorded once held
    events = audit_count(web)
    refused = web.client("district_court").post(f"/tasks/{task_id}", data=form("hold_session", term_months=30))
    assert refused.status_code == 400
    summary = page(refused).xpath('//div[contains(@class, "alert-error")]//ul[@class="schema-errors"]/li')
    assert summary and "từ 12 tháng đến 24 tháng" in texts(summary)[0]
    assert page(refused).xpath('//input[@name="term_months"]/@value') == ["30"]
    assert task_row(web, task_id).state == "open" and audit_count(web) == events


def test_a_second_submission_gets_409(web):
    dossier_id = web.open()
    task_id = open_task(web, dossier_id, "record_violation")
    client = web.client("commune_police_1")
    assert client.post(f"/tasks/{task_id}", data=form("record_violation")).status_code == 302
    events = audit_count(web)
    again = client.post(f"/tasks/{task_id}", data=form("record_violation"))
    assert again.status_code == 409
    assert "Nhiệm vụ này đã được Cán bộ Công an Xã An Bình hoàn thành lúc 09:00 10/02/2026." in text_of(again)
    assert audit_count(web) == events
    assert [t.bpmn_id for t in web.open_tasks(dossier_id)] == ["prepare_dossier"]
    claim = client.post(f"/tasks/{task_id}/claim", follow_redirects=True)
    assert "đã được" in text_of(claim)


# ----- dossiers -----------------------------------------------------------------------


def test_dossier_list_and_page(web):
    dossier_id = web.open()
    web.advance(dossier_id, "record_violation")
    client = web.client("commune_police_1")
    listing = client.get("/dossiers")
    assert listing.status_code == 200 and dossier_ids(listing) == {dossier_id}
    number = dossier_row(web, dossier_id).number
    assert number in text_of(listing) and "Nguyễn Văn Bình" in text_of(listing) and "17/05/1990" in text_of(listing)

    response = client.get(f"/dossiers/{dossier_id}")
    assert response.status_code == 200
    tree, text = page(response), text_of(response)
    for expected in (
        f"Hồ sơ {number}",
        "Nguyễn Văn Bình",
        "17/05/1990",
        "Thôn Đông, xã An Bình",
        "Đưa vào cơ sở cai nghiện bắt buộc (người từ đủ 18 tuổi)",
        "Nghị định 116/2021/NĐ-CP",
        "Đang xử lý",
        "Bước hiện tại: Lập hồ sơ đề nghị",
        "Công an cấp xã Công an Xã An Bình",
        "Tòa án nhân dân cấp huyện Tòa án nhân dân Huyện Minh Họa",
    ):
        assert expected in text, expected
    rows = tree.xpath('//table[@id="dossier-tasks"]/tbody/tr')
    first = texts(rows[0].xpath("./td"))
    assert first == [
        "Lập biên bản vi phạm (Mẫu số 27) Sửa dữ liệu",  # its officer may correct it: nothing followed yet
        "Công an Xã An Bình",
        "23/02/2026",
        "10/02/2026 09:00",
        "Cán bộ Công an Xã An Bình",
        "Đúng hạn",
    ]
    timeline = texts(tree.xpath('//ol[@id="timeline"]/li'))
    assert timeline[0] == f"10/02/2026 09:00 Cán bộ Công an Xã An Bình Lập hồ sơ {number} cho Nguyễn Văn Bình"
    assert timeline[1].endswith("Hoàn thành: Lập biên bản vi phạm (Mẫu số 27)")

    diagram = tree.xpath('//div[@id="diagram"]')[0]
    assert diagram.get("data-bpmn-url") == f"/dossiers/{dossier_id}/diagram.bpmn"
    assert json.loads(diagram.get("data-completed")) == ["record_violation"]
    assert json.loads(diagram.get("data-current")) == ["prepare_dossier"]
    scripts = tree.xpath("//script/@src")
    assert scripts == [
        "/static/js/keep-draft.js",  # every signed-in page: typed text survives a session expiry
        "/static/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js",
        "/static/js/diagram.js",
    ]
    assert "/static/css/diagram.css" in tree.xpath('//link[@rel="stylesheet"]/@href')

    xml = client.get(f"/dossiers/{dossier_id}/diagram.bpmn")
    assert xml.status_code == 200 and xml.mimetype == "application/xml"
    assert 'id="compulsory_rehab"' in xml.get_data(as_text=True)


def test_a_closed_dossier_with_a_late_step(web):
    dossier_id = web.open()
    web.advance(dossier_id, "record_violation")
    web.travel("2026-02-24 09:00")  # preparation was due on 23/02
    web.advance(dossier_id, "prepare_dossier", "decide_interim_management", "notify_person")
    web.travel("2026-02-25 08:00")
    web.advance(dossier_id, "timer", "send_to_labour_office", "appraise_dossier")
    web.travel("2026-02-26 09:00")
    web.advance(dossier_id, "court_intake", "notify_acceptance", "order_session", "hold_session", "send_decision")
    web.travel("2026-03-13 08:00")
    web.advance(dossier_id, "timer", "confirm_legal_effect", "escort_to_facility", "receive_at_facility")
    response = web.client("rehab_facility").get(f"/dossiers/{dossier_id}")
    text = text_of(response)
    assert "Đã kết thúc: Đã đưa vào cơ sở cai nghiện bắt buộc" in text
    rows = {
        texts(row.xpath("./td"))[0]: texts(row.xpath("./td"))
        for row in page(response).xpath('//table[@id="dossier-tasks"]/tbody/tr')
    }
    assert rows["Lập biên bản vi phạm (Mẫu số 27)"][-1] == "Đúng hạn"
    # Issue 12: the proposal is dated 10/02, within its deadline (23/02), though recorded on 24/02:
    # on time by the act's own date, with the recording time beside it (it read "Trễ hạn" before).
    assert rows["Lập hồ sơ đề nghị (Mẫu 29, 30, 31, phiếu kết quả xác định tình trạng nghiện)"][-1] == (
        "Đúng hạn theo ngày thực hiện 10/02/2026, ghi nhận lúc 09:00 24/02/2026"
    )
    notice = rows["Thông báo và gửi bản sao hồ sơ cho người bị đề nghị hoặc người đại diện (Mẫu số 32)"]
    assert notice[2] == "Chưa xác định" and notice[-1] == "—"
    window = rows["Tiếp nhận khiếu nại, kiến nghị, kháng nghị (nếu có)"]
    assert window[3] == "Không còn hiệu lực" and window[-1] == "—"
    assert "Hết thời hạn" in text  # the timers in the timeline, by "Hệ thống"
    assert json.loads(page(response).xpath('//div[@id="diagram"]/@data-current')[0]) == []

    with web.backend.read_session() as session:
        cancelled = session.scalar(select(Task.id).where(Task.dossier_id == dossier_id, Task.state == "cancelled"))
    window_page = web.client("district_court").get(f"/tasks/{cancelled}")
    assert "Không còn hiệu lực" in text_of(window_page) and not page(window_page).xpath('//form[@id="task-form"]')


def test_outcome_not_applied_is_labelled(web):
    dossier_id = to_session(web)
    web.complete(
        "district_court",
        dossier_id,
        "hold_session",
        data("hold_session", decision="not_apply", term_months=None, facility_name=None),
    )
    web.advance(dossier_id, "send_decision")
    web.travel("2026-03-13 08:00")
    web.advance(dossier_id, "timer", "confirm_legal_effect")
    text = text_of(web.client("commune_police_1").get(f"/dossiers/{dossier_id}"))
    assert "Đã kết thúc: Tòa án không áp dụng biện pháp" in text


def test_every_role_reaches_its_pages(web):
    """Each officer's inbox, list, a dossier of theirs and its diagram, and a task of theirs;
    the roles go in the order of the procedure, each completing its step."""
    escort = to_escort(web)
    fresh = web.open()
    tasks = {
        "commune_police_1": (fresh, "record_violation"),
        "district_police": (escort, "escort_to_facility"),
        "rehab_facility": (escort, "receive_at_facility"),
    }
    for key in ROLES:
        client = web.client(key)
        assert client.get("/inbox").status_code == 200, key
        listing = client.get("/dossiers")
        assert listing.status_code == 200, key
        if key in ("commune_police_2", "commune_committee_2"):
            assert dossier_ids(listing) == set() and "Chưa có hồ sơ nào" in text_of(listing), key
            continue
        assert escort in dossier_ids(listing), key
        assert client.get(f"/dossiers/{escort}").status_code == 200, key
        assert client.get(f"/dossiers/{escort}/diagram.bpmn").status_code == 200, key
        if key in tasks:
            dossier_id, bpmn_id = tasks[key]
            task_id = open_task(web, dossier_id, bpmn_id)
            assert inbox_ids(client.get("/inbox")) == [task_id], key
            assert client.get(f"/tasks/{task_id}").status_code == 200, key
            web.catch_up_with(web.task(dossier_id, bpmn_id), form(bpmn_id))
            assert client.post(f"/tasks/{task_id}", data=form(bpmn_id)).status_code == 302, key
    assert dossier_row(web, escort).outcome == "admitted"


# ----- opening a dossier ----------------------------------------------------------------


NEW_ADULT = "/dossiers/new?procedure=compulsory_rehab"


def test_new_dossier_starts_with_the_procedures_the_agency_opens(web):
    police = page(web.client("commune_police_1").get("/dossiers/new"))
    assert police.xpath('//ul[@id="procedure-choices"]//a/@href') == [
        NEW_ADULT,
        "/dossiers/new?procedure=addiction_determination",
        "/dossiers/new?procedure=drug_user_management",
        "/dossiers/new?procedure=electronic_supervision",
    ]
    committee = page(web.client("commune_committee_1").get("/dossiers/new"))
    assert committee.xpath('//ul[@id="procedure-choices"]//a/@href') == [
        "/dossiers/new?procedure=voluntary_rehab",
        "/dossiers/new?procedure=minor_compulsory_rehab",
    ]


def test_new_dossier_form(web):
    client = web.client("commune_police_1")
    response = client.get(NEW_ADULT)
    assert response.status_code == 200
    tree = page(response)
    dossier_form = tree.xpath('//form[@id="dossier-form"][@method="post"]')[0]
    assert dossier_form.xpath('.//input[@type="hidden"][@name="commune_code"]/@value') == ["DEMO-X01"]
    assert dossier_form.xpath('.//input[@name="person_name"][@type="text"]')
    assert dossier_form.xpath('.//input[@name="person_birth_date"][@placeholder="dd/mm/yyyy"]')
    assert dossier_form.xpath('.//input[@name="discovered_on"][@placeholder="dd/mm/yyyy"]')
    assert len(dossier_form.xpath('.//select[@name="ground"]/option')) == 6
    assert dossier_form.xpath('.//input[@type="radio"][@name="stable_residence"]/@value') == ["true", "false"]
    assert dossier_form.xpath('.//button[normalize-space()="Lập hồ sơ"]')
    assert "Xã An Bình" in text_of(response)


def test_opening_a_dossier(web):
    client = web.client("commune_police_1")
    # A tampered commune code is ignored: the dossier is always the officer's commune.
    created = client.post(NEW_ADULT, data={**OPEN_FORM, "commune_code": "DEMO-X02", "id_number": ""})
    assert created.status_code == 302
    dossier_id = int(created.location.rsplit("/", 1)[1])
    assert created.location == f"/dossiers/{dossier_id}"
    dossier = dossier_row(web, dossier_id)
    assert dossier.commune_code == "DEMO-X01"
    shown = client.get(created.location)
    assert "Đã lập hồ sơ mới" in texts(by_class(page(shown), "flash"))[0]
    assert "Trần Văn An" in text_of(shown) and "04/03/1992" in text_of(shown)
    assert [t.bpmn_id for t in web.open_tasks(dossier_id)] == ["record_violation"]


def test_an_invalid_new_dossier_is_refused_and_nothing_is_created(web):
    client = web.client("commune_police_1")
    events = audit_count(web)
    empty = client.post(NEW_ADULT, data={"person_name": "", "ground": ""})
    assert empty.status_code == 400
    errors = field_errors(empty)
    assert errors.count("Trường này là bắt buộc.") == 6
    assert all(VIETNAMESE.search(error) and not ENGLISH.search(error) for error in errors)
    minor = client.post(NEW_ADULT, data={**OPEN_FORM, "person_birth_date": "2010-01-01", "id_number": "12ab"})
    assert minor.status_code == 400
    assert MINOR_REFUSAL in field_errors(minor) and "Số định danh phải gồm từ 9 đến 12 chữ số." in field_errors(minor)
    assert page(minor).xpath('//input[@name="person_name"]/@value') == ["Trần Văn An"]
    with web.backend.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 0
    assert audit_count(web) == events


@pytest.mark.parametrize("key", [role for role in ROLES if not role.startswith("commune_")])
def test_agencies_that_open_nothing_are_refused(web, key):
    client = web.client(key)
    for response in (client.get("/dossiers/new"), client.post(NEW_ADULT, data=OPEN_FORM)):
        assert response.status_code == 403
        assert "không lập hồ sơ thủ tục này" in text_of(response)
    assert audit_count(web, action="access_denied", actor_id=web.user(key)) == 2
    with web.backend.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_the_committee_opens_voluntary_rehab_but_not_the_adult_dossier(web):
    client = web.client("commune_committee_1")
    assert client.post(NEW_ADULT, data=OPEN_FORM).status_code == 403
    created = client.post(
        "/dossiers/new?procedure=voluntary_rehab",
        data={key: value for key, value in OPEN_FORM.items() if key != "ground"},
    )
    assert created.status_code == 302
    dossier_id = int(created.location.rsplit("/", 1)[1])
    assert [t.bpmn_id for t in web.open_tasks(dossier_id)] == ["decide_voluntary"]
    assert "Cai nghiện ma túy tự nguyện" in text_of(client.get(created.location))


# ----- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/khong-co-trang-nay",
        "/tasks/abc",
        "/tasks/999999",
        "/tasks/-1",
        "/dossiers/abc",
        "/dossiers/999999",
        "/dossiers/999999/diagram.bpmn",
        "/dossiers/1.5",
    ],
)
def test_unknown_addresses_get_the_vietnamese_404(web, url):
    response = web.client("commune_police_1").get(url)
    assert response.status_code == 404
    text = text_of(response)
    assert "Không tìm thấy" in text and not ENGLISH.search(text)


def test_posting_to_unknown_tasks_gets_404(web):
    client = web.client("commune_police_1")
    for url in ("/tasks/999999", "/tasks/999999/claim", "/tasks/999999/release", "/tasks/x/claim"):
        assert client.post(url, data={"record_number": "1"}).status_code == 404, url


def test_a_server_error_shows_no_stack_trace(web, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(ReadSide, "inbox", broken)
    web.app.config["PROPAGATE_EXCEPTIONS"] = False
    response = web.client("commune_police_1").get("/inbox")
    assert response.status_code == 500
    text = text_of(response)
    assert "Hệ thống gặp sự cố" in text and "secret internals" not in text and not ENGLISH.search(text)


def test_a_post_without_csrf_token_is_refused_and_saves_nothing(web):
    dossier_id = web.open()
    task_id = open_task(web, dossier_id, "record_violation")
    client = web.client("commune_police_1")
    web.app.config["WTF_CSRF_ENABLED"] = True
    events = audit_count(web)
    for url in (f"/tasks/{task_id}", f"/tasks/{task_id}/claim", "/dossiers/new", "/logout"):
        refused = client.post(
            url,
            data={**form("record_violation"), **OPEN_FORM},
            headers={"Referer": f"http://localhost/tasks/{task_id}"},
        )
        # web/__init__.py answers a CSRF failure by sending the officer back with a message.
        assert refused.status_code == 302 and refused.location.endswith(f"/tasks/{task_id}"), url
    back = client.get(f"/tasks/{task_id}")
    assert "Phiên làm việc đã hết hạn hoặc biểu mẫu không còn hợp lệ" in text_of(back)
    assert task_row(web, task_id).state == "open" and task_row(web, task_id).claimed_by_id is None
    assert audit_count(web) == events
    with web.backend.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 1
    # With the page's token the same post goes through.
    token = page(back).xpath('//form[@id="task-form"]//input[@name="csrf_token"]/@value')[0]
    done = client.post(f"/tasks/{task_id}", data={**form("record_violation"), "csrf_token": token})
    # The officer lands on the dossier's next step, which is theirs too.
    assert done.status_code == 302 and done.location == f"/tasks/{open_task(web, dossier_id, 'prepare_dossier')}"


def test_an_expired_session_goes_back_to_login_and_saves_nothing(web):
    web.app.permanent_session_lifetime = timedelta(minutes=30)
    dossier_id = web.open()
    task_id = open_task(web, dossier_id, "record_violation")
    client = web.client("commune_police_1")
    web.travel("2026-02-10 09:20")
    assert client.get("/inbox").status_code == 200  # activity keeps the session alive
    web.travel("2026-02-10 09:51")
    expired = client.post(f"/tasks/{task_id}", data=form("record_violation"))
    assert expired.status_code == 302 and urlsplit(expired.location).path == "/login"
    assert task_row(web, task_id).state == "open"
    landing = client.get("/inbox", follow_redirects=True)
    assert landing.request.path == "/login"
    assert "Vui lòng đăng nhập để tiếp tục." in text_of(landing)


def test_an_expired_session_with_csrf_on_also_ends_at_login(web):
    web.app.permanent_session_lifetime = timedelta(minutes=30)
    web.app.config["WTF_CSRF_ENABLED"] = True
    dossier_id = web.open()
    task_id = open_task(web, dossier_id, "record_violation")
    client = web.app.test_client()
    login = client.get("/login")
    token = page(login).xpath('//input[@name="csrf_token"]/@value')[0]
    client.post("/login", data={"username": "ca.anbinh", "password": "matkhau123", "csrf_token": token})
    token = page(client.get(f"/tasks/{task_id}")).xpath('//form[@id="task-form"]//input[@name="csrf_token"]/@value')[0]
    web.travel("2026-02-10 09:31")
    expired = client.post(
        f"/tasks/{task_id}",
        data={**form("record_violation"), "csrf_token": token},
        headers={"Referer": f"http://localhost/tasks/{task_id}"},
        follow_redirects=True,
    )
    assert expired.request.path == "/login"
    assert "Vui lòng đăng nhập để tiếp tục." in text_of(expired)
    assert task_row(web, task_id).state == "open"
