"""Forms for carrying out the decision: escort by the police, admission by the
facility, and the end of the term at the facility (Điều 54, 55, 62 NĐ 116/2021/NĐ-CP)."""

from __future__ import annotations

from .base import Bool, Choice, LongText, Str, TaskForm, VnDate


class EscortSchema(TaskForm):
    """Đưa người phải chấp hành vào cơ sở cai nghiện bắt buộc within 05 days of receiving the
    decision (khoản 1 Điều 54 NĐ 116/2021). No Mẫu.

    If the facility cannot receive the person the limit may be extended (not over 03 months),
    with notice to the court (khoản 3 Điều 54): the dossier then goes to the extended escort.
    """

    escort_started_on = VnDate(
        "Ngày cơ quan Công an nhận được quyết định",
        required=True,
        help="Thời hạn 05 ngày đưa vào cơ sở tính từ ngày này.",
    )
    escort_outcome = Choice(
        "Kết quả",
        [("delivered", "Đã đưa vào cơ sở cai nghiện bắt buộc"), ("postponed", "Cơ sở chưa tiếp nhận được")],
        required=True,
    )
    handed_over_on = VnDate(
        "Ngày bàn giao cho cơ sở",
        required_if=("escort_outcome", "delivered"),
        not_before="escort_started_on",
    )
    facility_name = Str("Cơ sở cai nghiện bắt buộc tiếp nhận", required_if=("escort_outcome", "delivered"))
    postponement_reason = LongText("Lý do cơ sở chưa tiếp nhận được", required_if=("escort_outcome", "postponed"))
    court_notified_on = VnDate("Ngày thông báo cho Tòa án", required_if=("escort_outcome", "postponed"))


class EscortExtendedSchema(TaskForm):
    """Đưa vào cơ sở sau khi gia hạn (khoản 3 Điều 54 NĐ 116/2021). No Mẫu."""

    handed_over_on = VnDate("Ngày bàn giao cho cơ sở", required=True)
    facility_name = Str("Cơ sở cai nghiện bắt buộc tiếp nhận", required=True)


class FacilityAdmissionSchema(TaskForm):
    """Tiếp nhận người phải chấp hành, biên bản bàn giao Mẫu số 40 (Điều 55 NĐ 116/2021)."""

    handover_record_number = Str("Số biên bản bàn giao (Mẫu số 40)", required=True)
    admitted_on = VnDate("Ngày tiếp nhận", required=True)
    received_documents = Bool(
        "Đã nhận quyết định của Tòa án và bản sao lý lịch tóm tắt",
        must_be_true="Hồ sơ tiếp nhận phải có quyết định của Tòa án và bản sao lý lịch tóm tắt "
        "của người phải chấp hành (khoản 3 Điều 55 NĐ 116/2021).",
    )


class TermEndNoticeSchema(TaskForm):
    """Thông báo chậm nhất 15 ngày trước khi hết thời hạn chấp hành quyết định đưa vào cơ sở cai
    nghiện bắt buộc (khoản 1 Điều 62 NĐ 116/2021). No Mẫu."""

    notice_on = VnDate("Ngày thông báo", required=True)
    recipients = LongText(
        "Nơi nhận thông báo",
        required=True,
        help="Tòa án nhân dân cấp huyện nơi đã ra quyết định, Ủy ban nhân dân cấp xã nơi lập hồ sơ, đại diện gia đình.",
    )


class CompletionCertificateSchema(TaskForm):
    """Cấp giấy chứng nhận hoàn thành cai nghiện bắt buộc, Mẫu số 46 (khoản 2, 3 Điều 62 NĐ 116/2021).

    ``released_on`` is the day the person leaves for home: the 05 working days for reporting to
    the commune run from it (khoản 5 Điều 62).
    """

    certificate_number = Str("Số giấy chứng nhận (Mẫu số 46)", required=True)
    certificate_on = VnDate("Ngày cấp giấy chứng nhận", required=True)
    released_on = VnDate(
        "Ngày người chấp hành xong rời cơ sở về nơi cư trú", required=True, not_before="certificate_on"
    )
