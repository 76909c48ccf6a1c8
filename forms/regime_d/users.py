"""Regime D task forms (Luật 120/2025/QH15, Nghị định 163/2026/NĐ-CP): users.

Two processes:

* ``drug_user_management_2026_07``: managing a person who uses drugs illegally (Điều 23–27
  Luật; Chương V, Điều 55–65 Nghị định 163). The Trưởng Công an cấp xã decides, no longer
  the Chairman of the commune People's Committee (điểm a khoản 4 Điều 24 Luật).
* ``addiction_determination_2026_07``: determining addiction (Điều 31 Luật) and the 24 hours
  the person has to register voluntary rehab or substitution treatment at the commune police
  (khoản 1 Điều 89, khoản 7 Điều 4 Nghị định 163). The determination procedure itself is not
  in Nghị định 163 (Điều 1 does not detail khoản 7 Điều 31 Luật): its steps and limits follow
  Nghị định 109/2021/NĐ-CP and Thông tư 18/2021/TT-BYT, whose application after 01/07/2026
  is UNVERIFIED.

Every event that starts a clock counted in hours is a moment (VnDateTime, Vietnam time): the
24 or 48 hours run across nights, weekends, Tết and make-up Saturdays. The order of moments
recorded on earlier steps is checked by the engine from each task's ``not_before`` property;
this module checks the order of the moments within one form. Field names are also the data
keys of the NĐ 163 documents (``nd163_p3_04``: decision_on, team_leader, team_members, ...).
"""

from __future__ import annotations

from collections.abc import Iterable

from marshmallow import Schema, post_load

from ..base import REQUIRED, Bool, Choice, Int, LongText, Str, TaskForm, VnDate, VnDateTime
from ..vn import VN_TZ

LAW = "Luật Phòng, chống ma túy số 120/2025/QH15"
DECREE = "Nghị định 163/2026/NĐ-CP"
UNVERIFIED_109 = "Nghị định 109/2021/NĐ-CP, Thông tư 18/2021/TT-BYT (chưa xác minh còn áp dụng từ 01/07/2026)"


# --- Quản lý người sử dụng trái phép chất ma túy -----------------------------------------------


class UserTestResultSchema(TaskForm):
    """Phiếu kết quả xét nghiệm chất ma túy, Mẫu số 01 Phụ lục III (khoản 2 Điều 56 Nghị định 163):
    a positive result is sent at once to the Trưởng Công an cấp xã of the person's residence,
    unless the person is in rehab at a public facility or a reformatory (khoản 2 Điều 23 Luật).
    ``result_at`` starts the 24 (48) hours of the residence check (khoản 1 Điều 58)."""

    test_result_number = Str("Số Phiếu kết quả xét nghiệm chất ma túy (Mẫu số 01 Phụ lục III)", required=True)
    result_at = VnDateTime(
        "Thời điểm có kết quả xét nghiệm dương tính (giờ, phút)",
        required=True,
        help="Thời hạn 24 giờ (48 giờ ở vùng miền núi, hải đảo, vùng xa xôi, hẻo lánh) xác minh nơi cư trú "
        f"tính từ thời điểm này (khoản 1 Điều 58 {DECREE}).",
    )
    tested_by = Str("Người, cơ quan thực hiện xét nghiệm", required=True)
    substances = Str("Chất ma túy có kết quả dương tính", required=True)
    in_public_facility = Bool(
        "Người có kết quả dương tính đang cai nghiện ma túy tại cơ sở cai nghiện ma túy công lập, trường giáo dưỡng",
        required=True,
        help=f"Khi đó không gửi kết quả đến Trưởng Công an cấp xã nơi cư trú (khoản 2 Điều 23 {LAW}).",
    )
    result_sent_at = VnDateTime(
        "Thời điểm gửi kết quả đến Trưởng Công an cấp xã nơi cư trú (giờ, phút)",
        required_if=("in_public_facility", False),
        not_before="result_at",
        error_messages={
            "required": f"Kết quả xét nghiệm dương tính phải được gửi ngay đến Trưởng Công an cấp xã nơi người đó "
            f"cư trú (khoản 2 Điều 23 {LAW})."
        },
    )


class UserResidenceVerificationSchema(TaskForm):
    """Xác minh nơi cư trú within 24 hours of the positive result, 48 in mountainous, island or
    remote areas (khoản 1 Điều 58 Nghị định 163); whether the residence is stable follows
    khoản 2, 3 Điều 58. ``verified_at`` starts the 24 hours of the notice (khoản 5, 6)."""

    verified_at = VnDateTime(
        "Thời điểm có kết quả xác minh nơi cư trú (giờ, phút)",
        required=True,
        help=f"Thời hạn 24 giờ gửi thông báo (Mẫu số 02) tính từ thời điểm này (khoản 5, khoản 6 Điều 58 {DECREE}).",
    )
    stable_residence = Bool("Có nơi cư trú ổn định", required=True)
    residence_note = LongText(
        f"Kết quả xác minh và căn cứ xác định (khoản 2, khoản 3 Điều 58 {DECREE})",
        required=True,
    )
    permanent_residence = Str(
        "Nơi thường trú (nếu có), khi không có nơi cư trú ổn định",
        help="Thông báo được gửi cả Trưởng Công an cấp xã nơi thường trú (khoản 6 Điều 58).",
    )


class UserNoticeSchema(TaskForm):
    """Thông báo về hành vi sử dụng trái phép chất ma túy, Mẫu số 02 Phụ lục III, with the test
    result (Mẫu số 01), the records and the person's statement (Mẫu số 03), sent within 24 hours
    of the residence check (Điều 57; khoản 5, 6 Điều 58 Nghị định 163)."""

    notice_number = Str("Số thông báo (Mẫu số 02 Phụ lục III)", required=True)
    notice_sent_at = VnDateTime("Thời điểm gửi thông báo (giờ, phút)", required=True)
    test_result_attached = Bool(
        "Đã gửi kèm Phiếu kết quả xét nghiệm (Mẫu số 01)",
        must_be_true=f"Thông báo phải gửi kèm Phiếu kết quả xét nghiệm theo Mẫu số 01 Phụ lục III (Điều 57 {DECREE}).",
    )
    statement_attached = Bool("Đã gửi kèm Bản tường trình của người sử dụng (Mẫu số 03)", required=True)
    statement_missing_reason = LongText(
        "Lý do không có Bản tường trình (Mẫu số 03)",
        required_if=("statement_attached", False),
    )
    recipients = LongText(
        "Nơi nhận thông báo",
        required=True,
        help="Có nơi cư trú ổn định: Trưởng Công an cấp xã nơi cư trú. Không có nơi cư trú ổn định: Trưởng Công an "
        "cấp xã nơi phát hiện và Trưởng Công an cấp xã nơi thường trú, nếu có (khoản 5, khoản 6 Điều 58).",
    )


class UserNoticeReceiptSchema(TaskForm):
    """Trưởng Công an cấp xã records when the notice (Mẫu số 02, with Mẫu số 01 and 03), or the
    result of a determination that found the person not addicted (khoản 3 Điều 31 Luật),
    reached him: the 24 hours of the management decision run from it (khoản 1 Điều 59)."""

    notice_received_at = VnDateTime(
        "Thời điểm nhận được thông báo về hành vi sử dụng trái phép chất ma túy (giờ, phút)",
        required=True,
        help=f"Thời hạn 24 giờ ra quyết định quản lý tính từ thời điểm này (khoản 1 Điều 59 {DECREE}; "
        f"điểm a khoản 4 Điều 24 {LAW}).",
    )
    documents_received = LongText(
        "Tài liệu nhận được",
        required=True,
        help="Thông báo Mẫu số 02, Phiếu kết quả xét nghiệm Mẫu số 01, Bản tường trình Mẫu số 03, biên bản; "
        "hoặc kết quả xác định tình trạng nghiện ma túy.",
    )


class UserManagementDecisionSchema(TaskForm):
    """Quyết định quản lý người sử dụng trái phép chất ma túy, Mẫu số 04 Phụ lục III, and the
    management team (khoản 1–4 Điều 59 Nghị định 163; điểm a khoản 4 Điều 24 Luật). The 01-year
    term runs from the day of the decision (khoản 2 Điều 24 Luật): ``decision_on`` is derived
    from ``decided_at`` and is the date the document Mẫu số 04 prints."""

    decision_number = Str("Số quyết định quản lý (Mẫu số 04 Phụ lục III)", required=True)
    decided_at = VnDateTime(
        "Thời điểm Trưởng Công an cấp xã ký quyết định (giờ, phút)",
        required=True,
        help=f"Thời hạn quản lý 01 năm tính từ ngày ra quyết định (khoản 2 Điều 24 {LAW}).",
    )
    team_leader = Str("Tổ trưởng Tổ quản lý (cán bộ Công an cấp xã)", required=True)
    team_deputy = Str("Tổ phó Tổ quản lý (đại diện thôn, tổ dân phố)", required=True)
    team_members = LongText("Thành viên Tổ quản lý", required=True)
    biography_done = Bool(
        "Đã lập Bản tóm tắt lý lịch (Mẫu số 05 Phụ lục III)",
        must_be_true=f"Hồ sơ quản lý gồm Bản tóm tắt lý lịch theo Mẫu số 05 Phụ lục III (khoản 4 Điều 59 {DECREE}).",
    )
    recipients = LongText(
        "Nơi nhận quyết định",
        required=True,
        help="Người bị quản lý, Tổ quản lý, Ủy ban nhân dân cấp xã (khoản 3 Điều 59).",
    )

    @post_load
    def _decision_day(self, data: dict, **kwargs) -> dict:
        data["decision_on"] = data["decided_at"].astimezone(VN_TZ).date()
        return data


CHECK_OUTCOMES = [
    ("normal", "Bình thường, tiếp tục quản lý"),
    (
        "used_again",
        "Phát hiện tiếp tục sử dụng trái phép chất ma túy: đề nghị xác định tình trạng nghiện "
        f"(điểm c khoản 1 Điều 31 {LAW})",
    ),
    ("moved", f"Chuyển đến nơi cư trú mới (Điều 62 {DECREE})"),
    ("suspend_case", f"Bị tạm giữ, tạm giam: tạm đình chỉ quản lý (khoản 7 Điều 24 {LAW})"),
    ("stop_case", f"Thuộc trường hợp dừng quản lý (khoản 5 Điều 24 {LAW})"),
]
_MOVED = ("check_outcome", "moved")


class UserResidenceCheckSchema(TaskForm):
    """Kiểm tra tình hình cư trú của người bị quản lý, at least once a month (điểm a khoản 1
    Điều 61 Nghị định 163), and what the check found. A move starts the 24 hours of the transfer
    (khoản 1 Điều 62) at ``moved_at``; further use goes to addiction determination
    (điểm c khoản 1 Điều 31 Luật)."""

    last_check_on = VnDate(
        "Ngày kiểm tra",
        required=True,
        help="Lần kiểm tra tiếp theo chậm nhất 01 tháng sau ngày này (điểm a khoản 1 Điều 61).",
    )
    check_outcome = Choice("Kết quả kiểm tra", CHECK_OUTCOMES, required=True)
    use_detected_at = VnDateTime(
        "Thời điểm phát hiện tiếp tục sử dụng trái phép chất ma túy (giờ, phút)",
        required_if=("check_outcome", "used_again"),
    )
    moved_at = VnDateTime(
        "Thời điểm người bị quản lý chuyển đến nơi cư trú mới (giờ, phút)",
        required_if=_MOVED,
        help=f"Thời hạn 24 giờ thông báo và chuyển hồ sơ (Mẫu số 06) tính từ thời điểm này (khoản 1 Điều 62 {DECREE}).",
    )
    new_residence = Str("Nơi cư trú mới", required_if=_MOVED)
    note = LongText("Ghi chú")


class UserTransferSchema(TaskForm):
    """Thông báo và chuyển hồ sơ quản lý cho Công an cấp xã nơi chuyển đến, Mẫu số 06 Phụ lục III,
    within 24 hours of the move (khoản 1 Điều 62 Nghị định 163; khoản 2 Điều 27 Luật)."""

    transfer_number = Str("Số văn bản thông báo, chuyển hồ sơ (Mẫu số 06 Phụ lục III)", required=True)
    transferred_at = VnDateTime("Thời điểm chuyển hồ sơ (giờ, phút)", required=True)
    receiving_commune = Str("Công an cấp xã nơi người bị quản lý chuyển đến", required=True)
    reported_at = VnDateTime(
        "Thời điểm người bị quản lý trình diện Công an cấp xã nơi cư trú mới (nếu đã biết)",
        help=f"Người bị quản lý phải trình diện trong thời hạn 24 giờ (khoản 4 Điều 25 {LAW}).",
    )


class _EndDecision(TaskForm):
    """A decision ending or pausing management; the 24 hours to send it run from
    ``end_decided_at`` (khoản 4 Điều 63 Nghị định 163)."""

    end_decided_at = VnDateTime(
        "Thời điểm ra quyết định (giờ, phút)",
        required=True,
        help=f"Thời hạn 24 giờ gửi quyết định tính từ thời điểm này (khoản 4 Điều 63 {DECREE}).",
    )


class UserSuspensionSchema(_EndDecision):
    """Quyết định tạm đình chỉ quản lý, Mẫu số 07 Phụ lục III, while the person is in temporary
    custody or detention (khoản 7 Điều 24 Luật; khoản 1 Điều 63 Nghị định 163)."""

    end_decision_number = Str("Số quyết định tạm đình chỉ quản lý (Mẫu số 07 Phụ lục III)", required=True)
    suspension_reason = Choice(
        "Lý do tạm đình chỉ",
        [("custody", "Bị tạm giữ"), ("detention", "Bị tạm giam")],
        required=True,
    )
    reason_note = LongText("Cơ quan, quyết định tạm giữ, tạm giam")


STOP_REASONS = [
    ("addicted", "Được xác định là nghiện ma túy"),
    ("education_or_reformatory", "Bị đưa vào cơ sở giáo dục bắt buộc, trường giáo dưỡng"),
    ("prison", "Chấp hành án phạt tù"),
    ("died", "Chết"),
    ("missing", "Bị Tòa án tuyên bố mất tích"),
]


class UserStopSchema(_EndDecision):
    """Quyết định dừng quản lý, Mẫu số 08 Phụ lục III, in the cases of khoản 5 Điều 24 Luật
    (khoản 2 Điều 63 Nghị định 163)."""

    end_decision_number = Str("Số quyết định dừng quản lý (Mẫu số 08 Phụ lục III)", required=True)
    stop_reason = Choice(f"Trường hợp dừng quản lý (khoản 5 Điều 24 {LAW})", STOP_REASONS, required=True)
    reason_note = LongText("Căn cứ (văn bản, quyết định liên quan)", required=True)


class UserTerminationSchema(_EndDecision):
    """Quyết định chấm dứt quản lý khi hết thời hạn 01 năm, Mẫu số 09 Phụ lục III (khoản 2 Điều 24
    Luật; khoản 3 Điều 63 Nghị định 163)."""

    end_decision_number = Str("Số quyết định chấm dứt quản lý (Mẫu số 09 Phụ lục III)", required=True)
    reason_note = LongText("Nhận xét quá trình quản lý")


class UserEndDispatchSchema(TaskForm):
    """Gửi quyết định tạm đình chỉ, dừng hoặc chấm dứt quản lý within 24 hours of the decision
    (khoản 4 Điều 63 Nghị định 163)."""

    end_decision_sent_at = VnDateTime("Thời điểm gửi quyết định (giờ, phút)", required=True)
    end_decision_recipients = LongText(
        "Nơi nhận quyết định",
        required=True,
        help="Người bị quản lý, Tổ quản lý, Ủy ban nhân dân cấp xã và cơ quan, người có liên quan.",
    )


class UserSuspensionEndSchema(TaskForm):
    """Hết tạm giữ, tạm giam: management goes on, or a case of khoản 5 Điều 24 Luật (e.g. a prison
    sentence) stops it. No limit in the texts (a waiting step)."""

    suspension_ended_at = VnDateTime("Thời điểm hết tạm giữ, tạm giam (giờ, phút)", required=True)
    suspension_outcome = Choice(
        "Kết quả",
        [
            ("resume", "Tiếp tục quản lý tại nơi cư trú"),
            ("stop_case", f"Thuộc trường hợp dừng quản lý (khoản 5 Điều 24 {LAW})"),
        ],
        required=True,
    )
    note = LongText("Ghi chú")


# --- Xác định tình trạng nghiện ma túy -------------------------------------------------------------

# Khoản 1 Điều 31 Luật 120/2025/QH15, points a–đ (the letters differ from Điều 27 Luật 73/2021).
ART31_CASES = [
    ("a", f"Người tự nguyện xác định tình trạng nghiện ma túy (điểm a khoản 1 Điều 31 {LAW})"),
    (
        "b",
        "Người đăng ký cai nghiện ma túy tự nguyện mà chưa có, hoặc có giấy xác nhận tình trạng nghiện quá 06 tháng "
        f"(điểm b khoản 1 Điều 31 {LAW})",
    ),
    (
        "c",
        "Người sử dụng trái phép chất ma túy đang bị quản lý mà bị phát hiện tiếp tục sử dụng, trừ trường hợp bị xử lý "
        f"hình sự (điểm c khoản 1 Điều 31 {LAW})",
    ),
    (
        "d",
        f"Người đang bị quản lý sau cai nghiện ma túy mà bị phát hiện sử dụng (điểm d khoản 1 Điều 31 {LAW})",
    ),
    ("đ", f"Người sử dụng trái phép chất ma túy không có nơi cư trú ổn định (điểm đ khoản 1 Điều 31 {LAW})"),
]
CONCLUSIONS = [
    ("addicted", "Nghiện ma túy"),
    ("not_addicted", "Không nghiện ma túy"),
    ("monitoring", "Chưa đủ căn cứ kết luận, tiếp tục theo dõi"),
]
_FINAL = ("conclusion", "monitoring")  # required_unless: required for a final conclusion


class DeterminationRequestSchema(TaskForm):
    """Hồ sơ đề nghị cơ sở y tế xác định tình trạng nghiện (khoản 2, 3 Điều 31 Luật). No limit and
    no form in Luật 120 or Nghị định 163 (NOT FOUND); a person held where there is no qualified
    health facility is examined there (điểm b khoản 2 Điều 6 Nghị định 109/2021, UNVERIFIED)."""

    request_number = Str("Số văn bản đề nghị xác định tình trạng nghiện", required=True)
    requested_at = VnDateTime("Thời điểm gửi văn bản đề nghị (giờ, phút)", required=True)
    art31_case = Choice(f"Trường hợp xác định tình trạng nghiện (khoản 1 Điều 31 {LAW})", ART31_CASES, required=True)
    health_facility_name = Str("Cơ sở y tế đủ điều kiện xác định tình trạng nghiện", required=True)
    held_in_custody = Bool(
        "Người cần xác định đang bị tạm giữ ở nơi không có cơ sở y tế đủ điều kiện",
        required=True,
        help=f"Khi đó cơ sở y tế cử cán bộ đến nơi tạm giữ ({UNVERIFIED_109}).",
    )


class DeterminationDispatchSchema(TaskForm):
    """Cử cán bộ y tế đến nơi tạm giữ within 24 hours of receiving the police file (điểm b khoản 2
    Điều 6 Nghị định 109/2021, UNVERIFIED for Regime D)."""

    request_received_at = VnDateTime(
        "Thời điểm cơ sở y tế nhận được hồ sơ của cơ quan công an (giờ, phút)",
        required=True,
        help="Thời hạn 24 giờ cử cán bộ y tế theo văn bản tính từ thời điểm này; hệ thống hiển thị thời hạn từ thời "
        "điểm Công an cấp xã gửi văn bản đề nghị.",
    )
    staff_names = Str("Họ và tên cán bộ y tế được cử", required=True)
    received_at = VnDateTime(
        "Thời điểm cán bộ y tế tiếp nhận, khám người cần xác định tại nơi tạm giữ (giờ, phút)",
        required=True,
        not_before="request_received_at",
        help="Thời hạn trả kết quả 05 ngày tính từ ngày này (khoản 2 Điều 5 Thông tư 18/2021/TT-BYT, chưa xác minh).",
    )


class DeterminationIntakeSchema(TaskForm):
    """Tiếp nhận người cần xác định tình trạng nghiện tại cơ sở y tế (Điều 5 Nghị định 109/2021,
    UNVERIFIED for Regime D)."""

    received_at = VnDateTime(
        "Thời điểm tiếp nhận người cần xác định tình trạng nghiện (giờ, phút)",
        required=True,
        help="Thời hạn trả kết quả 05 ngày tính từ ngày này (khoản 2 Điều 5 Thông tư 18/2021/TT-BYT, chưa xác minh).",
    )


class DeterminationResultSchema(TaskForm):
    """Khám, theo dõi và kết luận; the result is sent at once to the requesting police, the person
    and the parents or guardian (khoản 4 Điều 31 Luật). Whether the conclusion fits the criteria
    counted is the DMN table ``addiction_conclusion`` (Điều 3, 4 Thông tư 18/2021/TT-BYT,
    UNVERIFIED for Regime D). ``result_notified_at`` starts the person's 24 hours to register
    (khoản 1 Điều 89, khoản 7 Điều 4 Nghị định 163)."""

    conclusion = Choice(
        "Kết luận",
        CONCLUSIONS,
        required=True,
        error_messages={"required": "Phải ghi kết luận tình trạng nghiện (Điều 4 Thông tư 18/2021/TT-BYT)."},
    )
    criteria_met = Int(
        "Số tiêu chuẩn chẩn đoán đáp ứng (trong 06 tiêu chuẩn, Điều 3 Thông tư 18/2021/TT-BYT)",
        required=True,
        min=0,
        max=6,
    )
    withdrawal_sign = Bool("Có hội chứng cai (tiêu chuẩn thứ 6, Điều 3 Thông tư 18/2021/TT-BYT)", required=True)
    opioid = Bool("Nghiện các chất dạng thuốc phiện", required=True)
    result_number = Str("Số phiếu kết quả xác định tình trạng nghiện", required_unless=_FINAL)
    concluded_at = VnDateTime("Thời điểm kết luận (giờ, phút)", required_unless=_FINAL)
    result_notified_at = VnDateTime(
        "Thời điểm gửi kết quả cho cơ quan đề nghị, thông báo cho người được xác định (cha, mẹ, người giám hộ)",
        required_unless=_FINAL,
        not_before="concluded_at",
        help=f"Kết quả phải được gửi ngay (khoản 4 Điều 31 {LAW}). Thời hạn 24 giờ đăng ký cai nghiện tự nguyện "
        f"hoặc điều trị thay thế tính từ thời điểm này (khoản 1 Điều 89 {DECREE}).",
    )
    observation_note = LongText(
        "Nội dung theo dõi tiếp (dấu hiệu chưa rõ ràng)", required_if=("conclusion", "monitoring")
    )


REGISTRATION_OUTCOMES = [
    ("voluntary", "Đã đăng ký cai nghiện ma túy tự nguyện tại Công an cấp xã"),
    ("methadone", "Đã đăng ký điều trị nghiện các chất dạng thuốc phiện bằng thuốc thay thế"),
    (
        "not_registered",
        f"Không đăng ký trong thời hạn 24 giờ (khoản 7 Điều 4 {DECREE}): đề nghị áp dụng biện pháp đưa đi cai "
        f"nghiện bắt buộc (điểm a khoản 1 Điều 35, điểm a khoản 1 Điều 36 {LAW})",
    ),
    (
        "force_majeure",
        "Có sự kiện bất khả kháng đã chấm dứt: thời hạn được tính lại từ khi sự kiện chấm dứt "
        f"(khoản 7 Điều 4 {DECREE})",
    ),
]
REHAB_FORMS = [
    ("home_community", "Cai nghiện ma túy tự nguyện tại gia đình, cộng đồng"),
    ("private_facility", "Cai nghiện ma túy tự nguyện tại cơ sở cai nghiện ma túy tư nhân"),
    ("public_facility", "Cai nghiện ma túy tự nguyện tại cơ sở cai nghiện ma túy công lập, trường giáo dưỡng"),
]
REGISTERED = ("voluntary", "methadone")


class DeterminationRegistrationSchema(TaskForm):
    """Theo dõi việc đăng ký cai nghiện ma túy tự nguyện hoặc điều trị nghiện bằng thuốc thay thế
    at the commune police within 24 hours of being told of the addiction (điểm a, b khoản 1
    Điều 89, khoản 7 Điều 4 Nghị định 163). "Không đăng ký" can only be recorded once the 24 hours
    are over (DMN ``treatment_registration_d``); a person without a stable residence registers
    for a public facility or a reformatory (điểm b khoản 1 Điều 89)."""

    registration_outcome = Choice("Kết quả", REGISTRATION_OUTCOMES, required=True)
    rehab_form = Choice(
        "Hình thức cai nghiện ma túy tự nguyện", REHAB_FORMS, required_if=("registration_outcome", "voluntary")
    )
    registered_at = VnDateTime(
        "Thời điểm Công an cấp xã tiếp nhận đăng ký (giờ, phút)",
        help="Thời hạn 24 giờ ra quyết định cai nghiện ma túy tự nguyện tính từ thời điểm này "
        f"(khoản 1 Điều 91 {DECREE}).",
    )
    checked_at = VnDateTime(
        "Thời điểm kiểm tra, xác nhận không đăng ký (giờ, phút)",
        required_if=("registration_outcome", "not_registered"),
    )
    force_majeure_event = LongText("Sự kiện bất khả kháng", required_if=("registration_outcome", "force_majeure"))
    force_majeure_ended_at = VnDateTime(
        "Thời điểm sự kiện bất khả kháng chấm dứt (giờ, phút)",
        required_if=("registration_outcome", "force_majeure"),
    )
    note = LongText("Ghi chú")

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        if data.get("registration_outcome") in REGISTERED and "registered_at" not in data:
            yield "registered_at", REQUIRED


TASK_FORMS: dict[str, type[Schema]] = {
    # drug_user_management_2026_07
    "d_user_test_result": UserTestResultSchema,
    "d_user_residence_verification": UserResidenceVerificationSchema,
    "d_user_notice": UserNoticeSchema,
    "d_user_notice_receipt": UserNoticeReceiptSchema,
    "d_user_management_decision": UserManagementDecisionSchema,
    "d_user_residence_check": UserResidenceCheckSchema,
    "d_user_transfer": UserTransferSchema,
    "d_user_suspension": UserSuspensionSchema,
    "d_user_stop": UserStopSchema,
    "d_user_termination": UserTerminationSchema,
    "d_user_end_dispatch": UserEndDispatchSchema,
    "d_user_suspension_end": UserSuspensionEndSchema,
    # addiction_determination_2026_07
    "d_determination_request": DeterminationRequestSchema,
    "d_determination_dispatch": DeterminationDispatchSchema,
    "d_determination_intake": DeterminationIntakeSchema,
    "d_determination_result": DeterminationResultSchema,
    "d_determination_registration": DeterminationRegistrationSchema,
}
