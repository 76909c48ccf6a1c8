"""An agency as an administrator enters it: what routes a dossier to it (its kind, its unit
and the communes it serves) and what its documents and e-mails carry."""

from __future__ import annotations

from marshmallow import fields
from marshmallow.validate import Email, Length, Regexp

from .base import Str, TaskForm

CODE_RULE = "Mã cơ quan gồm 2 đến 64 ký tự: chữ không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang."
AREA_INVALID = "Danh sách xã, phường phục vụ không hợp lệ."


class AgencyUpdateSchema(TaskForm):
    """What may change on an existing agency. Its code, kind and unit stay: the tasks and
    dossiers already routed to it keep their meaning; another agency is a new record."""

    name = Str("Tên cơ quan", required=True, max_len=300)
    email = Str("Thư điện tử của cơ quan", max_len=200, validate=[Email(error="Địa chỉ thư điện tử không hợp lệ.")])
    parent_body = Str(
        "Cơ quan cấp trên", max_len=300, help="In ở đầu văn bản khi loại cơ quan không tự suy ra cơ quan cấp trên."
    )
    service_area = fields.List(
        fields.String(validate=[Length(max=16, error=AREA_INVALID)], error_messages={"invalid": AREA_INVALID}),
        load_default=list,
        error_messages={"invalid": AREA_INVALID},
        metadata={
            "label": "Xã, phường phục vụ",
            "help": "Hồ sơ của các xã, phường này đến cơ quan trước cơ quan cùng loại theo địa giới hành chính.",
        },
    )


class AgencySchema(AgencyUpdateSchema):
    code = Str(
        "Mã cơ quan",
        required=True,
        max_len=None,
        validate=[Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}\Z", error=CODE_RULE)],
    )
    kind = Str("Loại cơ quan", required=True, max_len=64)
    admin_unit_code = Str("Đơn vị hành chính", required=True, max_len=16)
