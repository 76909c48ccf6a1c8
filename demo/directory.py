"""A demonstration jurisdiction with an agency and officer for every role. Tỉnh Minh Họa
keeps its pre-2025 shape (province, district, communes) with the district agencies that
handled Regime A dossiers, plus the regional court that decides since 1/7/2025. Tỉnh Minh
Họa Mới is a two-tier province (communes directly under the province): a regional court
and the health and voluntary-rehab providers serve its communes by service area, and its
rehab facility belongs to the provincial police. Each province has a monitoring agency
that reads every dossier of its communes and acts on none. Used by the demo database, the tests and
the benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from engine.persistence.tables import AdministrativeUnit, Agency, AgencyServiceArea, User

PROVINCE = ("DEMO-T01", "Tỉnh Minh Họa")
DISTRICT = ("DEMO-H01", "Huyện Minh Họa")
COMMUNES = (("DEMO-X01", "Xã An Bình"), ("DEMO-X02", "Xã Tân Phú"))
NEW_PROVINCE = ("DEMO-T02", "Tỉnh Minh Họa Mới")
NEW_COMMUNES = (("DEMO-X11", "Phường Hòa Bình"), ("DEMO-X12", "Xã Đông Sơn"))
NATION = ("DEMO-VN", "Bộ Công an")
"""The unit of the national agencies (departments of the Ministry of Public Security)."""
ALL_COMMUNES = COMMUNES + NEW_COMMUNES
"""Commune n (1-based) of the demo cases; 3 and 4 are in the two-tier province."""
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
    "regional_court": "toaankv1",
    "commune_police_3": "ca.hoabinh",
    "commune_police_4": "ca.dongson",
    "commune_committee_3": "ubnd.hoabinh",
    "commune_committee_4": "ubnd.dongson",
    "regional_court_new": "toaankv2",
    "rehab_facility_new": "cosocainghien.t2",
    "health_facility_new": "yte.t2",
    "rehab_provider_new": "cainghientn.t2",
    "police_director": "gdca.t1",
    "police_director_new": "gdca.t2",
    "c04_department": "c04",
    "c10_department": "c10",
    "reformatory": "truonggiaoduong",
    "monitor": "theodoi.t1",
    "monitor_new": "theodoi.t2",
    "province_admin": "quantri.t1",
    "province_admin_new": "quantri.t2",
}
PROVINCE_ADMINS = {"province_admin": PROVINCE, "province_admin_new": NEW_PROVINCE}
"""Administrators of one province (no agency): its officers' accounts and its agencies."""


@dataclass
class DemoDirectory:
    agencies: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    communes: tuple[str, ...] = ()


def seed_directory(session: Session, password_hash: str) -> DemoDirectory:
    """Create the units, agencies, one officer per agency and one administrator per province
    (usernames in USERNAMES)."""
    directory = DemoDirectory(communes=tuple(code for code, _ in ALL_COMMUNES))
    session.add(AdministrativeUnit(code=PROVINCE[0], name=PROVINCE[1], level="province"))
    session.add(AdministrativeUnit(code=DISTRICT[0], name=DISTRICT[1], level="district", parent_code=PROVINCE[0]))
    agencies = [
        ("labour_office", "labour_office", f"Phòng Lao động - Thương binh và Xã hội {DISTRICT[1]}", DISTRICT[0]),
        ("district_court", "district_court", f"Tòa án nhân dân {DISTRICT[1]}", DISTRICT[0]),
        ("district_police", "district_police", f"Công an {DISTRICT[1]}", DISTRICT[0]),
        ("rehab_facility", "rehab_facility", f"Cơ sở cai nghiện ma túy {PROVINCE[1]}", PROVINCE[0]),
        ("health_facility", "health_facility", f"Trung tâm Y tế {DISTRICT[1]}", DISTRICT[0]),
        (
            "rehab_provider",
            "rehab_provider",
            f"Tổ cai nghiện ma túy tại gia đình, cộng đồng {DISTRICT[1]}",
            DISTRICT[0],
        ),
    ]
    for index, (code, name) in enumerate(COMMUNES, start=1):
        session.add(AdministrativeUnit(code=code, name=name, level="commune", parent_code=DISTRICT[0]))
        agencies.append((f"commune_police_{index}", "commune_police", f"Công an {name}", code))
        agencies.append((f"commune_committee_{index}", "commune_committee", f"Ủy ban nhân dân {name}", code))
    session.add(AdministrativeUnit(code=NEW_PROVINCE[0], name=NEW_PROVINCE[1], level="province"))
    session.add(AdministrativeUnit(code=NATION[0], name=NATION[1], level="national"))
    for index, (code, name) in enumerate(NEW_COMMUNES, start=len(COMMUNES) + 1):
        session.add(AdministrativeUnit(code=code, name=name, level="commune", parent_code=NEW_PROVINCE[0]))
        agencies.append((f"commune_police_{index}", "commune_police", f"Công an {name}", code))
        agencies.append((f"commune_committee_{index}", "commune_committee", f"Ủy ban nhân dân {name}", code))
    agencies += [
        ("regional_court", "regional_court", f"Tòa án nhân dân khu vực 1 - {PROVINCE[1]}", PROVINCE[0]),
        ("regional_court_new", "regional_court", f"Tòa án nhân dân khu vực 2 - {NEW_PROVINCE[1]}", NEW_PROVINCE[0]),
        ("rehab_facility_new", "rehab_facility", "Cơ sở cai nghiện ma túy số 1", NEW_PROVINCE[0]),
        (
            "health_facility_new",
            "health_facility",
            f"Trung tâm Y tế khu vực Đông Sơn - {NEW_PROVINCE[1]}",
            NEW_PROVINCE[0],
        ),
        (
            "rehab_provider_new",
            "rehab_provider",
            "Tổ cai nghiện ma túy tại gia đình, cộng đồng khu vực Đông Sơn",
            NEW_PROVINCE[0],
        ),
        ("police_director", "provincial_police_director", f"Giám đốc Công an {PROVINCE[1]}", PROVINCE[0]),
        ("police_director_new", "provincial_police_director", f"Giám đốc Công an {NEW_PROVINCE[1]}", NEW_PROVINCE[0]),
        ("c04_department", "c04_department", "Cục Cảnh sát điều tra tội phạm về ma túy", NATION[0]),
        (
            "c10_department",
            "c10_department",
            "Cục Cảnh sát quản lý trại giam, cơ sở giáo dục bắt buộc, trường giáo dưỡng",
            NATION[0],
        ),
        ("reformatory", "reformatory", "Trường Giáo dưỡng số 1", NATION[0]),
        ("monitor", "provincial_monitor", f"Cơ quan theo dõi cai nghiện ma túy {PROVINCE[1]}", PROVINCE[0]),
        ("monitor_new", "provincial_monitor", f"Cơ quan theo dõi cai nghiện ma túy {NEW_PROVINCE[1]}", NEW_PROVINCE[0]),
    ]
    served = {
        "regional_court": COMMUNES,
        "regional_court_new": NEW_COMMUNES,
        "health_facility_new": NEW_COMMUNES,
        "rehab_provider_new": NEW_COMMUNES,
    }
    parent_bodies = {
        "rehab_facility_new": f"Công an {NEW_PROVINCE[1]}",
        "c04_department": "Bộ Công an",
        "c10_department": "Bộ Công an",
        "reformatory": "Bộ Công an",
    }
    session.flush()
    for key, kind, name, unit in agencies:
        agency = Agency(
            code=f"{unit}-{kind}", kind=kind, name=name, admin_unit_code=unit, parent_body=parent_bodies.get(key)
        )
        session.add(agency)
        session.flush()
        for commune_code, _ in served.get(key, ()):
            session.add(AgencyServiceArea(agency_id=agency.id, admin_unit_code=commune_code))
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
    for key, (code, name) in PROVINCE_ADMINS.items():
        user = User(
            username=USERNAMES[key],
            password_hash=password_hash,
            full_name=f"Quản trị viên {name}",
            email=f"{USERNAMES[key]}@example.invalid",
            admin_province_code=code,
        )
        session.add(user)
        session.flush()
        directory.users[key] = user.id
    return directory
