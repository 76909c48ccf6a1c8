"""Agency kinds (the BPMN lanes' roles) and how a dossier finds its agencies.

Jurisdiction is data: a commune belongs to a district and a district to a province, or,
after 1/7/2025, the commune belongs to the province directly. Each agency sits at one
administrative unit and may serve a list of communes (agency_service_area). The dossier's
agencies are resolved from the commune where it is prepared."""
from __future__ import annotations

ROLES = {
    "commune_police": "Công an cấp xã",
    "commune_committee": "Ủy ban nhân dân cấp xã",
    "labour_office": "Phòng Lao động - Thương binh và Xã hội cấp huyện",
    "district_court": "Tòa án nhân dân cấp huyện",
    "regional_court": "Tòa án nhân dân khu vực",
    "district_police": "Công an cấp huyện",
    "rehab_facility": "Cơ sở cai nghiện bắt buộc",
    "health_facility": "Cơ sở y tế đủ điều kiện xác định tình trạng nghiện",
    "rehab_provider": "Tổ chức cung cấp dịch vụ cai nghiện tự nguyện",
}

ROLE_LEVELS = {
    "commune_police": "commune",
    "commune_committee": "commune",
    "labour_office": "district",
    "district_court": "district",
    "regional_court": "province",
    "district_police": "district",
    "rehab_facility": "province",
    "health_facility": "district",
    "rehab_provider": "district",
}
