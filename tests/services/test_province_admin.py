"""Province administrators and agencies as data, through the services: a province
administrator manages its province's officers and agencies only; agencies and their service
areas are created and edited by administrators, audited, and route the next dossier."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine import Forbidden, NotFound, ValidationFailed
from engine.persistence.tables import Agency, AgencyServiceArea, AuditEvent, DossierParty, User
from support.worlds import ADMIN

T1_POLICE = "Công an Xã An Bình"
T2_POLICE = "Công an Phường Hòa Bình"
OUTSIDE = "không thuộc Tỉnh Minh Họa, tỉnh anh/chị quản trị."


def officer(**overrides) -> dict:
    return {"username": "ca.anbinh.lan", "full_name": "Lê Thị Lan", "agency": T1_POLICE} | overrides


def user_row(world, username: str) -> User:
    with world.backend.read_session() as session:
        return session.scalar(select(User).where(User.username == username))


def agency_row(world, code: str) -> Agency:
    with world.backend.read_session() as session:
        return session.scalar(select(Agency).where(Agency.code == code))


def served(world, agency_id: int) -> list[str]:
    with world.backend.read_session() as session:
        statement = select(AgencyServiceArea.admin_unit_code).where(AgencyServiceArea.agency_id == agency_id)
        return sorted(session.scalars(statement))


def last_event(world, action: str) -> AuditEvent:
    with world.backend.read_session() as session:
        return session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
        ).first()


def test_a_province_administrator_manages_its_provinces_officers_only(world):
    t1 = world.user("province_admin")
    issued = world.backend.account_admin.create(t1, officer())
    assert issued.agency_name == T1_POLICE and user_row(world, "ca.anbinh.lan").must_change_password
    listed = {row.username for row in world.backend.queries.officers(t1).items}
    assert {"ca.anbinh", "ca.tanphu", "ldtbxh", "theodoi.t1", "ca.anbinh.lan"} <= listed
    assert not listed & {"ca.hoabinh", "theodoi.t2", "c04", "admin", "quantri.t1", "quantri.t2"}
    assert {a.name for a in world.backend.queries.agencies(t1)} >= {T1_POLICE, "Tòa án nhân dân Huyện Minh Họa"}
    assert T2_POLICE not in {a.name for a in world.backend.queries.agencies(t1)}

    with pytest.raises(ValidationFailed) as refused:
        world.backend.account_admin.create(t1, officer(username="ca.hoabinh.an", agency=T2_POLICE))
    assert refused.value.errors["agency"] == [
        f"Cơ quan «{T2_POLICE}» không thuộc Tỉnh Minh Họa, tỉnh anh/chị quản trị."
    ]
    assert user_row(world, "ca.hoabinh.an") is None
    with pytest.raises(ValidationFailed) as moved:
        world.backend.account_admin.update(t1, issued.user_id, {"full_name": "Lê Thị Lan", "agency": T2_POLICE})
    assert moved.value.errors["agency"][0].endswith(OUTSIDE)
    assert user_row(world, "ca.anbinh.lan").agency_id == world.directory.agencies["commune_police_1"]

    for act in (
        lambda user_id: world.backend.account_admin.deactivate(t1, user_id),
        lambda user_id: world.backend.account_admin.reset_password(t1, user_id),
        lambda user_id: world.backend.account_admin.update(t1, user_id, {"full_name": "X", "agency": T2_POLICE}),
    ):
        for outside in (world.user("commune_police_3"), world.user(ADMIN), world.user("province_admin_new")):
            with pytest.raises(Forbidden):
                act(outside)
    assert (
        user_row(world, "ca.hoabinh").is_active
        and world.backend.queries.officer(t1, world.user("commune_police_3")) is None
    )
    world.backend.account_admin.deactivate(t1, world.user("commune_police_2"))
    assert not user_row(world, "ca.tanphu").is_active


def test_only_the_system_administrator_makes_a_province_administrator(world):
    payload = {"username": "quantri.t1b", "full_name": "Phạm Văn Quản", "admin_province": "DEMO-T01"}
    with pytest.raises(Forbidden):
        world.backend.account_admin.create(world.user("province_admin"), payload)
    with pytest.raises(ValidationFailed) as both:
        world.backend.account_admin.create(world.user(ADMIN), payload | {"agency": T1_POLICE})
    assert "admin_province" in both.value.errors
    with pytest.raises(ValidationFailed) as district:
        world.backend.account_admin.create(world.user(ADMIN), payload | {"admin_province": "DEMO-H01"})
    assert district.value.errors["admin_province"] == ["Không có tỉnh, thành phố nào có mã «DEMO-H01»."]
    issued = world.backend.account_admin.create(world.user(ADMIN), payload)
    made = user_row(world, "quantri.t1b")
    assert (made.admin_province_code, made.agency_id, made.is_admin) == ("DEMO-T01", None, False)
    assert issued.agency_name == "Quản trị viên Tỉnh Minh Họa"
    world.backend.account_admin.update(
        world.user(ADMIN), made.id, {"full_name": "Phạm Văn Quản", "admin_province": "DEMO-T02"}
    )
    assert user_row(world, "quantri.t1b").admin_province_code == "DEMO-T02"
    assert last_event(world, "account_updated").data["changes"] == {"admin_province": ["DEMO-T01", "DEMO-T02"]}


def test_an_import_row_of_another_province_is_refused_by_name(world):
    rows = [
        (2, {"username": "ca.tanphu.mai", "full_name": "Trần Thị Mai", "agency": "Công an Xã Tân Phú"}),
        (3, {"username": "ca.dongson.ha", "full_name": "Đỗ Văn Hà", "agency": "Công an Xã Đông Sơn"}),
    ]
    report = world.backend.account_admin.import_officers(world.user("province_admin"), rows)
    assert report.created == [] and report.bad_rows == [3]
    assert (
        report.problems[0].message == "Cơ quan «Công an Xã Đông Sơn» không thuộc Tỉnh Minh Họa, tỉnh anh/chị quản trị."
    )
    partial = world.backend.account_admin.import_officers(world.user("province_admin"), rows, valid_only=True)
    assert [issued.username for issued in partial.created] == ["ca.tanphu.mai"]


def test_a_province_administrator_reads_no_dossier(world):
    dossier_id = world.open()
    with pytest.raises(Forbidden):
        world.backend.queries.dossier(world.user("province_admin"), dossier_id)
    assert world.backend.queries.dossiers(world.user("province_admin")).items == []


def test_an_officer_or_monitor_administers_nothing(world):
    for key in ("commune_police_1", "monitor"):
        with pytest.raises(Forbidden):
            world.backend.queries.officers(world.user(key))
        with pytest.raises(Forbidden):
            world.backend.agency_admin.create(
                world.user(key), {"code": "X", "kind": "commune_police", "name": "X", "admin_unit_code": "DEMO-X01"}
            )


COURT = {
    "code": "DEMO-H01-district_court-2",
    "kind": "district_court",
    "name": "Tòa án nhân dân Huyện Minh Họa (cơ sở 2)",
    "admin_unit_code": "DEMO-H01",
    "email": "toaan2@example.invalid",
    "service_area": ["DEMO-X02"],
}


def test_a_new_agency_serving_a_commune_is_the_next_dossiers_party_and_areas_are_audited(world):
    admin = world.user("province_admin")
    court_id = world.backend.agency_admin.create(admin, COURT)
    assert served(world, court_id) == ["DEMO-X02"]
    created = last_event(world, "agency_created")
    assert created.actor_id == admin and created.data["values"]["service_area"] == ["DEMO-X02"]
    old_court = world.directory.agencies["regional_court"]
    keep = {"name": "Tòa án nhân dân khu vực 1 - Tỉnh Minh Họa", "service_area": ["DEMO-X01"]}
    world.backend.agency_admin.update(admin, old_court, keep)
    assert last_event(world, "agency_updated").data["changes"] == {
        "service_area": [["DEMO-X01", "DEMO-X02"], ["DEMO-X01"]]
    }

    payload = {
        "person_name": "Hoàng Văn Tư",
        "person_birth_date": "1991-03-02",
        "id_number": "001091000777",
        "residence": "Thôn Bắc, xã Tân Phú",
        "commune_code": "DEMO-X02",
        "discovered_on": "2026-02-09",
        "ground": "quit_voluntary",
        "stable_residence": True,
    }
    dossier_id = world.open_recognising(world.user("commune_police_2"), world.as_form_of(payload))
    with world.backend.read_session() as session:
        parties = dict(
            session.execute(
                select(DossierParty.role, DossierParty.agency_id).where(DossierParty.dossier_id == dossier_id)
            ).all()
        )
    assert parties.get("district_court") == court_id, parties


def test_agency_input_is_checked_and_each_refusal_named(world):
    admin = world.user("province_admin")
    with pytest.raises(ValidationFailed) as refused:
        world.backend.agency_admin.create(
            admin,
            COURT
            | {
                "code": "DEMO-X01-commune_police",
                "kind": "tòa",
                "admin_unit_code": "DEMO-T02",
                "service_area": ["DEMO-X11", "KHONG-CO", "DEMO-H01"],
            },
        )
    errors = refused.value.errors
    assert errors["code"] == ["Mã cơ quan «DEMO-X01-commune_police» đã được dùng cho Công an Xã An Bình."]
    assert errors["kind"] == ["Loại cơ quan không có trong bảng vai trò (workflows/roles.toml)."]
    assert errors["admin_unit_code"] == ["Đơn vị «Tỉnh Minh Họa Mới» không thuộc Tỉnh Minh Họa, tỉnh anh/chị quản trị."]
    assert errors["service_area"] == [
        "«Phường Hòa Bình» không thuộc Tỉnh Minh Họa, tỉnh anh/chị quản trị.",
        "Không có xã, phường nào có mã «KHONG-CO».",
        "Không có xã, phường nào có mã «DEMO-H01».",
    ]
    with pytest.raises(ValidationFailed) as level:
        world.backend.agency_admin.create(admin, COURT | {"kind": "commune_police", "admin_unit_code": "DEMO-T01"})
    assert level.value.errors["admin_unit_code"] == [
        "Công an cấp xã đặt tại đơn vị cấp xã; «Tỉnh Minh Họa» là đơn vị cấp tỉnh."
    ]
    assert agency_row(world, COURT["code"]) is None
    with pytest.raises(Forbidden):
        world.backend.agency_admin.update(admin, world.directory.agencies["commune_police_3"], {"name": "X"})
    with pytest.raises(NotFound):
        world.backend.agency_admin.update(admin, 999999, {"name": "X"})
    with pytest.raises(ValidationFailed) as blank:
        world.backend.agency_admin.update(
            admin, world.directory.agencies["commune_police_1"], {"name": " ", "service_area": "x"}
        )
    assert set(blank.value.errors) == {"name", "service_area"}
