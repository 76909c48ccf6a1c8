"""A demonstration jurisdiction: one province, one district, two communes, and an agency
and officer for every role. Used by the demo database, the tests and the benchmarks."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from .orm import AdministrativeUnit, Agency, User

PROVINCE = ("DEMO-T01", "Tỉnh Minh Họa")
DISTRICT = ("DEMO-H01", "Huyện Minh Họa")
COMMUNES = (("DEMO-X01", "Xã An Bình"), ("DEMO-X02", "Xã Tân Phú"))
USERNAMES = {
    "labour_office": "ldtbxh",
    "district_court": "toaan",
    "district_police": "cahuyen",
    "rehab_facility": "cosocainghien",
    "health_facility": "ytehuyen",
    "rehab_provider": "cainghientn",
    "commune_police_1": "ca.anbinh",
    "commune_police_2": "ca.tanphu",
    "commune_committee_1": "ubnd.anbinh",
    "commune_committee_2": "ubnd.tanphu",
}


@dataclass
class DemoDirectory:
    agencies: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    communes: tuple[str, ...] = ()


def seed_directory(session: Session, password_hash: str) -> DemoDirectory:
    """Create the units, agencies and one officer per agency (usernames in USERNAMES)."""
    directory = DemoDirectory(communes=tuple(code for code, _ in COMMUNES))
    session.add(AdministrativeUnit(code=PROVINCE[0], name=PROVINCE[1], level="province"))
    session.add(AdministrativeUnit(code=DISTRICT[0], name=DISTRICT[1], level="district", parent_code=PROVINCE[0]))
    agencies = [
        ("labour_office", "labour_office", f"Phòng Lao động - Thương binh và Xã hội {DISTRICT[1]}", DISTRICT[0]),
        ("district_court", "district_court", f"Tòa án nhân dân {DISTRICT[1]}", DISTRICT[0]),
        ("district_police", "district_police", f"Công an {DISTRICT[1]}", DISTRICT[0]),
        ("rehab_facility", "rehab_facility", f"Cơ sở cai nghiện ma túy {PROVINCE[1]}", PROVINCE[0]),
        ("health_facility", "health_facility", f"Trung tâm Y tế {DISTRICT[1]}", DISTRICT[0]),
        ("rehab_provider", "rehab_provider", f"Tổ cai nghiện ma túy tại gia đình, cộng đồng {DISTRICT[1]}", DISTRICT[0]),
    ]
    for index, (code, name) in enumerate(COMMUNES, start=1):
        session.add(AdministrativeUnit(code=code, name=name, level="commune", parent_code=DISTRICT[0]))
        agencies.append((f"commune_police_{index}", "commune_police", f"Công an {name}", code))
        agencies.append((f"commune_committee_{index}", "commune_committee", f"Ủy ban nhân dân {name}", code))
    session.flush()
    for key, kind, name, unit in agencies:
        agency = Agency(code=f"{unit}-{kind}", kind=kind, name=name, admin_unit_code=unit)
        session.add(agency)
        session.flush()
        directory.agencies[key] = agency.id
        user = User(
            username=USERNAMES[key],
            password_hash=password_hash,
            full_name=f"Cán bộ {name}",
            email=f"{USERNAMES[key]}@example.invalid",
            agency_id=agency.id,
        )
        session.add(user)
        session.flush()
        directory.users[key] = user.id
    return directory
