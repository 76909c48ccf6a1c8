"""The legal regimes of workflows/regimes.toml: a dossier's key date picks the model version
and the agencies; a running dossier keeps its version; bad tables and dates are refused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from demo.steps import PREPARATION, REGIME_A_ONLY, data
from engine import WORKFLOWS_DIR, ValidationFailed, build_backend
from engine.errors import ModelError
from engine.model.regimes import parse_regimes
from engine.persistence.tables import Agency, Dossier, DossierParty


@pytest.fixture
def world(regime_world):
    return regime_world


def to_dispatch(world, dossier_id: int, commune: int = 1) -> str:
    """Prepare the dossier, let the reading period pass and send it on; the step that
    sends it is returned (it differs by regime)."""
    for step in PREPARATION:
        world.complete(f"commune_police_{commune}", dossier_id, step, data(step))
    world.travel("2026-02-25 08:00")
    assert world.backend.timers.fire_due() == 1
    [send] = world.open_tasks(dossier_id)
    world.complete(f"commune_police_{commune}", dossier_id, send.bpmn_id, data("send_to_labour_office"))
    return send.bpmn_id


def parties(world, dossier_id: int) -> dict[str, int]:
    with world.backend.read_session() as session:
        return dict(
            session.execute(
                select(DossierParty.role, DossierParty.agency_id).where(DossierParty.dossier_id == dossier_id)
            ).all()
        )


@pytest.mark.parametrize(
    ("discovered_on", "regime", "process_id", "send_step", "next_step", "next_agency"),
    [
        ("2025-02-28", "A", "compulsory_rehab", "send_to_labour_office", "appraise_dossier", "labour_office"),
        ("2025-03-01", "B", "compulsory_rehab_2025_03", "send_to_court", "court_intake", "district_court"),
        ("2025-06-30", "B", "compulsory_rehab_2025_03", "send_to_court", "court_intake", "district_court"),
        ("2025-07-01", "C", "compulsory_rehab_2025_07", "send_to_court", "court_intake", "regional_court"),
    ],
)
def test_the_key_date_picks_the_path_and_the_actors(
    world, discovered_on, regime, process_id, send_step, next_step, next_agency
):
    dossier_id = world.open(discovered_on=discovered_on)
    with world.backend.read_session() as session:
        dossier = session.get(Dossier, dossier_id)
        assert (dossier.kind, dossier.regime, dossier.process_id) == ("compulsory_rehab", regime, process_id)
    assert to_dispatch(world, dossier_id) == send_step
    task = world.task(dossier_id, next_step)
    assert task.agency_id == world.directory.agencies[next_agency]
    roles = set(parties(world, dossier_id))
    if regime == "A":
        assert {"labour_office", "district_police", "district_court"} <= roles
    else:
        # From 1/3/2025 there is no Phòng LĐTBXH and no district police in the procedure.
        assert not roles & {"labour_office", "district_police"}
        escort = world.backend.models.current.task(process_id, "escort_to_facility")
        assert escort.role == "commune_police" and "CHƯA XÁC MINH" in escort.legal_basis


def test_the_send_limit_after_march_2025_is_shown_unverified(world):
    dossier_id = world.open(discovered_on="2025-03-03")
    for step in PREPARATION:
        world.complete("commune_police_1", dossier_id, step, data(step))
    world.travel("2026-02-25 08:00")
    world.backend.timers.fire_due()
    send = world.task(dossier_id, "send_to_court")
    assert send.deadline_on is None and send.deadline_parameter == "send_to_court_2025"
    assert world.backend.settings.current.parameters["send_to_court_2025"].status == "UNVERIFIED"


def test_a_regional_court_serves_the_communes_of_a_two_tier_province(world):
    dossier_id = world.open_recognising(
        world.user("commune_police_3"),
        {
            "person_name": "Kim Văn Thành",
            "person_birth_date": "1992-05-14",
            "residence": "Khu phố 2, phường Hòa Bình",
            "commune_code": "DEMO-X11",
            "discovered_on": "2025-07-01",
            "ground": "no_registration",
            "stable_residence": True,
        },
    )
    assert to_dispatch(world, dossier_id, commune=3) == "send_to_court"
    assert world.task(dossier_id, "court_intake").agency_id == world.directory.agencies["regional_court_new"]
    facility = parties(world, dossier_id)["rehab_facility"]
    with world.backend.read_session() as session:
        agency = session.get(Agency, facility)
    assert agency.id == world.directory.agencies["rehab_facility_new"]
    assert agency.parent_body == "Công an Tỉnh Minh Họa Mới"


D_PROCEDURES = (
    "compulsory_rehab",
    "minor_compulsory_rehab",
    "facility_term",
    "post_rehab_management",
    "drug_user_management",
    "addiction_determination",
    "voluntary_rehab",
)
"""Every procedure the new texts changed has a Regime D model of its own (``*_2026_07``);
execution and electronic supervision exist only from 01/07/2026 (their own ids)."""
D_ONLY = ("compulsory_execution", "electronic_supervision")


def test_the_regime_in_force_today_names_its_own_models_and_cites_nd_163(world):
    """Regime D (from 01/07/2026) runs models of its own for every procedure and cites
    Nghị định 163/2026/NĐ-CP; the minors' procedure is enabled; at least 15 limits cite
    NĐ 163, 8 of them in hours."""
    bundle = world.backend.models.current
    regime = bundle.regimes.at(date(2026, 12, 2))
    assert regime.code == "D" and regime.status == "V1"
    assert "163/2026/NĐ-CP" in regime.legal_basis and "120/2025/QH15" in regime.legal_basis
    for procedure in D_PROCEDURES:
        process_id = regime.processes.get(procedure, procedure)
        assert process_id.endswith("_2026_07"), procedure
        assert process_id in bundle.specs
    for procedure in D_ONLY:
        assert table_process(bundle, procedure, date(2026, 12, 2)) == procedure
        for code in ("A", "B", "C"):
            assert procedure in bundle.regimes.named(code).unavailable
    assert "minor_compulsory_rehab" not in regime.unavailable
    minors = bundle.regimes.procedure_on(bundle.procedures["minor_compulsory_rehab"], date(2026, 12, 2))
    assert minors.opened_by == ("commune_police",) and "Điều 36" in minors.age_rule
    nd163 = [p for p in world.backend.settings.current.parameters.values() if "163/2026/NĐ-CP" in p.legal_basis]
    assert len(nd163) >= 15
    assert len([p for p in nd163 if p.unit in ("hours", "hours_before") and p.value]) >= 8
    for code in ("A", "B", "C"):
        assert (
            bundle.regimes.named(code)
            .processes.get("compulsory_rehab", "compulsory_rehab")
            .endswith(("rehab", "2025_03", "2025_07"))
        )


def table_process(bundle, procedure: str, day: date) -> str:
    return bundle.regimes.process_for(procedure, day)[1]


def test_the_regime_is_chosen_by_the_key_date_for_every_procedure(world):
    """On 30/06/2026 every procedure runs its Regime C model (or is refused with C's
    reason); on 01/07/2026 its Regime D model."""
    table = world.backend.models.current.regimes
    for procedure in D_PROCEDURES:
        before = table.at(date(2026, 6, 30))
        assert before.code == "C"
        old = before.processes.get(procedure, procedure)
        assert not old.endswith("_2026_07"), procedure
        regime, new = table.process_for(procedure, date(2026, 7, 1))
        assert regime.code == "D" and new.endswith("_2026_07"), procedure


def test_a_running_dossier_keeps_its_version_when_the_table_changes(world):
    dossier_id = world.open(discovered_on="2025-03-03")
    for step in PREPARATION:
        world.complete("commune_police_1", dossier_id, step, data(step))
    # Another deployment's table that knows only Regime A: the running B dossier goes on.
    world.backend = build_backend(str(world.backend.database.url), regimes_text=REGIME_A_ONLY)
    world.travel("2026-02-25 08:00")
    assert world.backend.timers.fire_due() == 1
    world.complete("commune_police_1", dossier_id, "send_to_court", data("send_to_labour_office"))
    assert world.task(dossier_id, "court_intake").agency_id == world.directory.agencies["district_court"]
    with world.backend.read_session() as session:
        assert session.get(Dossier, dossier_id).process_id == "compulsory_rehab_2025_03"
    assert world.backend.models.current.regimes.at(date(2025, 3, 3)).code == "A"  # a new dossier would run A


def test_a_date_in_no_regime_is_refused(world):
    with pytest.raises(ValidationFailed) as refused:
        world.open(discovered_on="2021-12-31")
    # The first regime's first day is also the earliest plausible date of an act.
    assert "phải từ 01/01/2022" in refused.value.errors["discovered_on"][0]


def test_the_minors_procedure_is_refused_after_march_2025_with_the_reason(world):
    payload = {
        "person_name": "Lò Văn Tú",
        "person_birth_date": "2010-07-19",
        "residence": "Ấp 1, xã Tân Phú",
        "commune_code": "DEMO-X02",
        "discovered_on": "2025-03-01",
        "ground": "quit_voluntary",
        "stable_residence": True,
    }
    with pytest.raises(ValidationFailed) as refused:
        world.open_recognising(world.user("commune_committee_2"), payload, "minor_compulsory_rehab")
    assert "Phòng Lao động - Thương binh và Xã hội" in refused.value.errors["discovered_on"][0]
    payload["discovered_on"] = "2025-02-28"
    assert world.open_recognising(world.user("commune_committee_2"), payload, "minor_compulsory_rehab")


TABLE_HEAD = 'label = "x"\nlegal_basis = "y"\nstatus = "V"\n'


@pytest.mark.parametrize(
    ("table", "reason"),
    [
        (
            "[A]\nstart = 2022-01-01\nend = 2025-03-01\n" + TABLE_HEAD + "[B]\nstart = 2025-03-01\n" + TABLE_HEAD,
            "chồng lên nhau",
        ),
        (
            "[A]\nstart = 2022-01-01\nend = 2025-02-27\n" + TABLE_HEAD + "[B]\nstart = 2025-03-01\n" + TABLE_HEAD,
            "thiếu giai đoạn cho các ngày từ 28/02/2025 đến 28/02/2025",
        ),
        (
            "[A]\nstart = 2022-01-01\n" + TABLE_HEAD + "[B]\nstart = 2025-03-01\n" + TABLE_HEAD,
            "chỉ giai đoạn cuối được để trống ngày kết thúc",
        ),
        (
            "[A]\nstart = 2022-01-01\n" + TABLE_HEAD + '[A.processes]\ncompulsory_rehab = "no_such_process"\n',
            "không có trong workflows/",
        ),
        ('[A]\nstart = 2022-01-01\nlabel = "x"\nlegal_basis = "y"\nstatus = "maybe"\n', "status phải là"),
    ],
)
def test_a_bad_regime_table_is_refused_with_the_reason(table, reason):
    with pytest.raises(ModelError, match=reason):
        parse_regimes(table, {"compulsory_rehab"}, {"compulsory_rehab"})


def test_the_engine_does_not_start_on_a_bad_table(tmp_path):
    overlapping = "[A]\nstart = 2022-01-01\nend = 2025-03-01\n" + TABLE_HEAD + "[B]\nstart = 2025-03-01\n" + TABLE_HEAD
    with pytest.raises(ModelError, match="chồng lên nhau"):
        build_backend(f"sqlite:///{tmp_path / 'x.sqlite'}", workflows_dir=WORKFLOWS_DIR, regimes_text=overlapping)


def test_every_step_of_the_2025_models_has_an_actor_of_its_regime():
    backend = build_backend("sqlite://")
    for process_id, forbidden in (
        ("compulsory_rehab_2025_03", {"labour_office", "district_police", "regional_court"}),
        ("compulsory_rehab_2025_07", {"labour_office", "district_police", "district_court"}),
    ):
        roles = {d.role for d in backend.models.current.tasks.values() if d.process_id == process_id}
        assert roles and not roles & forbidden
